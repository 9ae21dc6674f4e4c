"""Long, realistic news articles (2-5 KB) for measuring speed on text like real pages (issue 13).

    python -m benchmarks.realistic --n 20000 --out DIR [--seed S] [--mix en=0.5,fa=0.3,ar=0.2] [--start K]

writes DIR/000/r0000000.txt ... (1,000 files per subfolder) and DIR/manifest.jsonl (file, lang,
style, paragraphs, figure_paragraphs, bytes). Article i depends only on (seed, i), so `--start K`
extends a corpus. There is no gold: the generated corpus of generate_corpus.py measures accuracy,
this one measures speed on pages of the length and furniture of corpora/realstyle.

An article takes the shape of one outlet style of its language (wire copy, newspaper, live blog,
explainer; Iranian agencies, Afghan Dari outlets; Arabic sites, live coverage, news agency):
masthead and stamp lines, a headline, a lede with a casualty figure, then body paragraphs of
weighted kinds (tolls, breakdowns, strikes, hostages, negotiations, quotes, background numbers,
plain context, lists, link furniture) until the article reaches a size drawn uniformly from the
range in templates/realistic_common.yaml. Templates and vocabularies are data:
templates/realistic_{common,en,fa,ar}.yaml. Numbers are written with generate_corpus.Writer
(digits, separators, Persian and Arabic-Indic digits, number words, Arabic noun agreement).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import jdatetime
import yaml

from benchmarks.generate_corpus import (
    AR_MONTHS,
    AR_MONTHS_LEVANT,
    EN_MONTHS,
    FA_MONTHS_AFGHAN,
    FA_MONTHS_IRAN,
    FA_SOLAR_AFGHAN,
    FA_SOLAR_IRAN,
    LANGUAGES,
    WEEKDAYS,
    Writer,
    arabic_form,
    load_series,
    parse_mix,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
FILES_PER_FOLDER = 1000
ATTACK_DAY = date(2023, 10, 7)
MAX_ATTEMPTS = 20
# Month names by variety (a language's default variety is the language itself).
GREGORIAN_MONTHS = {"en": EN_MONTHS, "iran": FA_MONTHS_IRAN, "dari": FA_MONTHS_AFGHAN, "ar": AR_MONTHS}
SOLAR_MONTHS = {"iran": FA_SOLAR_IRAN, "dari": FA_SOLAR_AFGHAN}
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)(?::([^{}]*))?\}")
_RANGE = re.compile(r"(\d+)-(\d+)$")
_SHARE = re.compile(r"(N\d)\*([0-9.]+)-([0-9.]+)$")
_DIGITS = re.compile(r"[0-9]+")
# A vocabulary entry longer than this (a sentence, a list item, a title) is not repeated in an article.
_LONG_ENTRY = 30


@lru_cache(maxsize=1)
def load_realistic() -> tuple[dict, dict[str, dict]]:
    """(shared settings, templates by language)."""
    common = yaml.safe_load((TEMPLATES_DIR / "realistic_common.yaml").read_text(encoding="utf-8"))
    langs = {lang: yaml.safe_load((TEMPLATES_DIR / f"realistic_{lang}.yaml").read_text(encoding="utf-8"))
             for lang in LANGUAGES}
    return common, langs


def template_counts() -> dict[str, dict[str, int]]:
    """Paragraph templates per language and kind (the variety a corpus can have)."""
    _, langs = load_realistic()
    return {lang: {kind: len(items) for kind, items in t["paragraphs"].items()} for lang, t in langs.items()}


def relative_path(index: int) -> str:
    return f"{index // FILES_PER_FOLDER:03d}/r{index:07d}.txt"


@lru_cache(maxsize=1)
def _series_days() -> list[date]:
    return sorted(load_series()[0])


def series_value(day: date, column: str) -> int | None:
    """The Ministry of Health series' latest value of `column` reported on or before `day`."""
    by_date, days = load_series()[0], _series_days()
    position = bisect_right(days, day)
    for back in range(1, min(position, 30) + 1):  # a column may be missing on a few days
        value = by_date[days[position - back]].get(column)
        if value is not None:
            return value
    return None


# --- one article's words -------------------------------------------------------------------


def date_context(lang: str, variety: str, day: date, rng: random.Random) -> dict[str, str]:
    """The date and clock parts the header, stamp and dateline templates use."""
    months = GREGORIAN_MONTHS[variety]
    hour, minute = rng.randint(6, 23), rng.randint(0, 59)
    context = {
        "d": str(day.day), "dd": f"{day.day:02d}", "m": str(day.month), "mm": f"{day.month:02d}",
        "y": str(day.year), "month": months[day.month - 1], "weekday": WEEKDAYS[lang][day.weekday()],
        "war_day": str((day - ATTACK_DAY).days), "clock": f"{hour:02d}:{minute:02d}",
        "clock12": f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}",
    }
    if lang == "en":
        context.update(mon=months[day.month - 1][:3], wd=context["weekday"][:3])
    if lang == "ar":
        context["month_levant"] = AR_MONTHS_LEVANT[day.month - 1]
    if lang == "fa":
        solar = jdatetime.date.fromgregorian(date=day)
        context.update(sd=str(solar.day), sdd=f"{solar.day:02d}", smm=f"{solar.month:02d}", sy=str(solar.year),
                       solar_month=SOLAR_MONTHS[variety][solar.month - 1])
    return context


class Renderer:
    """Fills one article's templates: its vocabulary, number habits, date and live-blog clock."""

    def __init__(self, lang: str, variety: str, rng: random.Random, published: date, vocab: dict[str, list],
                 sticky: list[str]):
        self.lang, self.rng, self.published, self.vocab = lang, rng, published, vocab
        self.sticky = {name: None for name in sticky}  # one outlet, agency, city per article
        self.ranges = load_realistic()[0]["ranges"]
        self.writer = Writer(lang, rng)
        self.context = date_context(lang, variety, published, rng)
        self.numbers: dict[str, tuple[int, bool]] = {}
        self.recent: set[str] = set()
        self.clock: int | None = None
        self.direction = 1

    def fill(self, template: str) -> str:
        """A template with its slots filled; N1..N9 are local to the template."""
        self.numbers = {}
        return _SLOT.sub(self._slot, template)

    def _slot(self, match: re.Match) -> str:
        name, arg = match.groups()
        if name in self.context:
            return self.context[name]
        if name in self.vocab:
            return self._pick(name)
        if name[0] == "N" and name[1:].isdigit():
            return self._number(name, arg)
        if name[0] == "n" and name[1:].isdigit():  # the Arabic counted noun of N<k>
            value, ends_with_scale = self.numbers["N" + name[1:]]
            return arabic_form(arg.split("|"), value, ends_with_scale)
        if name in ("X", "W"):  # a number that is not a figure, in digits or (W) maybe in words
            return self.writer.number(self._range(arg), words_ok=name == "W")[0]
        if name == "D":  # plain digits: codes, days, sizes
            return str(self._range(arg))
        if name in ("AGE", "PCT", "YEAR"):
            default = {"AGE": "18-80", "PCT": "5-95", "YEAR": f"2023-{self.published.year}"}[name]
            return str(self._range(arg or default))
        if name in ("TIME", "TIME12"):
            return self._live_time(twelve=name == "TIME12")
        raise KeyError(f"unknown slot {{{name}}} in a {self.lang} template")

    def _range(self, arg: str) -> int:
        lo, hi = _RANGE.match(arg).groups()
        return self.rng.randint(int(lo), int(hi))

    def _number(self, name: str, arg: str) -> str:
        share = _SHARE.match(arg)
        if share:
            parent = self.numbers[share.group(1)][0]
            value = int(parent * self.rng.uniform(float(share.group(2)), float(share.group(3))))
        elif _RANGE.match(arg):
            value = self._range(arg)
        else:
            value = self._named(arg)
        value = max(value, 3 if self.lang == "ar" else 2)  # Arabic nouns take the dual for two
        text, _, ends_with_scale = self.writer.number(value, words_ok=self.lang != "ar")
        self.numbers[name] = (value, ends_with_scale)
        return text

    def _named(self, name: str) -> int:
        spec = self.ranges[name]
        if "choices" in spec:
            return self.rng.choice(spec["choices"])
        if "series" in spec:
            value = series_value(self.published, spec["series"])
            if value is not None:
                return value
        step = spec.get("step", 1)
        return self.rng.randint(spec["lo"] // step, spec["hi"] // step) * step

    def _pick(self, name: str) -> str:
        if self.sticky.get(name):
            return self.sticky[name]
        items = self.vocab[name]
        choice = self.rng.choice(items)
        if len(choice) > _LONG_ENTRY and choice in self.recent:
            fresh = [item for item in items if item not in self.recent]
            choice = self.rng.choice(fresh) if fresh else choice
        self.recent.add(choice)
        text = _SLOT.sub(self._slot, choice) if "{" in choice else choice
        if name in self.sticky:
            self.sticky[name] = text
        return text

    def _live_time(self, twelve: bool) -> str:
        """The next entry's time: live blogs run forward or, newest first, backward."""
        rng = self.rng
        if self.clock is None:
            self.direction = rng.choice((1, -1))
            self.clock = rng.randint(300, 600) if self.direction > 0 else rng.randint(1080, 1420)
        else:
            self.clock = min(1439, max(0, self.clock + self.direction * rng.randint(3, 30)))
        hour, minute = divmod(self.clock, 60)
        if twelve:
            return f"{(hour - 1) % 12 + 1}:{minute:02d} {'am' if hour < 12 else 'pm'}"
        return f"{hour:02d}:{minute:02d}"


# --- one article ---------------------------------------------------------------------------


@dataclass
class Page:
    """One article being built: its templates, style, renderer and writing habits."""

    lang: str
    t: dict
    style: dict
    rng: random.Random
    renderer: Renderer
    zwnj: str  # keep | space | none: how the outlet writes the zero-width non-joiner
    live: str | None  # the time line of a live blog's entries
    used: set[tuple[str, int]]


@dataclass
class Built:
    path: str
    text: str
    lang: str
    variety: str
    style: str
    paragraphs: int
    figure_paragraphs: int

    @property
    def size(self) -> int:
        return _utf8(self.text)


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _finish(page: Page, text: str) -> str:
    """The outlet's digits and ZWNJ habits, applied once a paragraph is written."""
    digits = page.renderer.writer.digits
    if digits:  # only the digit runs: str.translate leaves its fast path on the first non-ASCII output
        text = _DIGITS.sub(lambda run: run.group().translate(digits), text)
    if page.zwnj != "keep":
        text = text.replace("\u200c", " " if page.zwnj == "space" else "")
    return text


def _capital(page: Page, text: str) -> str:
    return text[:1].upper() + text[1:] if page.lang == "en" else text


def _template(page: Page, kind: str) -> str | None:
    """A paragraph template of `kind` this article has not used yet (None when all are used):
    a page repeats no paragraph, and the normalizer would drop a repeated one."""
    pool = page.t["paragraphs"][kind]
    index = page.rng.randrange(len(pool))
    if (kind, index) in page.used:
        unused = [i for i in range(len(pool)) if (kind, i) not in page.used]
        if not unused:
            return None
        index = page.rng.choice(unused)
    page.used.add((kind, index))
    return _capital(page, page.renderer.fill(pool[index]))


def paragraph(page: Page, kind: str) -> str | None:
    """One body paragraph; some kinds join two templates; a live blog puts a time line on top."""
    text = _template(page, kind)
    if text is None:
        return None
    if page.rng.random() < page.style.get("join", {}).get(kind, 0):
        second = _template(page, kind)
        text = f"{text} {second}" if second else text
    if page.live and kind != "furniture":
        text = _live_line(page, kind) + "\n" + text
    return _finish(page, text)


def _live_line(page: Page, kind: str) -> str:
    """A live-blog entry's time line, with a title fitting its kind if the format has one."""
    titles = [t for t in page.t.get("live_titles", {}).get(kind, []) if ("live_title", t) not in page.used]
    title = page.rng.choice(titles) if titles else ""
    page.used.add(("live_title", title))
    page.renderer.context["live_title"] = page.renderer.fill(title)
    return page.renderer.fill(page.live).rstrip(" -\n")


def lede(page: Page) -> str:
    prefix = page.renderer.fill(page.rng.choice(page.style.get("lede_prefix", [""])))
    return _finish(page, prefix + _template(page, "lede"))


def blocks(page: Page, groups: list[list]) -> list[str]:
    """Masthead, stamp or footer blocks: each line of a group kept with its probability."""
    out = []
    for group in groups:
        lines = [page.renderer.fill(page.rng.choice(choices)) for share, choices in group
                 if page.rng.random() < share]
        if lines:
            out.append(_finish(page, "\n".join(lines)))
    return out


def _fitting(page: Page, kinds: tuple[list[str], list[float]], allowance: float, must: bool):
    """(kind, paragraph) within `allowance` bytes; else the shortest tried if one `must` come."""
    best = None
    for _ in range(6):
        kind = page.rng.choices(kinds[0], cum_weights=kinds[1])[0]
        text = paragraph(page, kind)
        if text is None:
            continue
        size = _utf8(text)
        if size <= allowance:
            return kind, text
        if best is None or size < best[2]:
            best = (kind, text, size)
    return best[:2] if must and best else None


def _kind_weights(weights: dict[str, float]) -> tuple[list[str], list[float]]:
    """(kinds, cumulative weights) for random.choices."""
    return list(weights), list(accumulate(weights.values()))


def body(page: Page, budget: float, separator: str) -> tuple[list[str], list[str]]:
    """The lede and body paragraphs filling `budget` bytes, between the allowed paragraph counts."""
    common = load_realistic()[0]
    low, high = common["paragraphs"]["min"], common["paragraphs"]["max"]
    early, later = _kind_weights(page.style.get("early", page.style["kinds"])), _kind_weights(page.style["kinds"])
    paragraphs, kinds_used = [lede(page)], ["lede"]
    used = _utf8(paragraphs[0])
    while len(paragraphs) < high:
        left, missing = budget - used, low - len(paragraphs)
        if left <= 0 and missing <= 0:
            break
        allowance = left / missing if missing > 0 else left + common["overshoot"]
        kinds = early if len(paragraphs) <= common["early_paragraphs"] else later
        found = _fitting(page, kinds, allowance, must=missing > 0)
        if found is None:
            break
        kinds_used.append(found[0])
        paragraphs.append(found[1])
        used += _utf8(found[1]) + len(separator)
    return paragraphs, kinds_used


def vocabulary(lang: str, variety: str) -> dict[str, list]:
    """A language's vocabulary with its variety's words (Iranian or Afghan Persian) laid over it."""
    t = load_realistic()[1][lang]
    return {**t["vocab"], **t.get("varieties", {}).get(variety, {})}


def _page(lang: str, rng: random.Random) -> tuple[Page, str, str]:
    """(page, style name, variety) of a new article in `lang`."""
    common, langs = load_realistic()
    t = langs[lang]
    names = list(t["styles"])
    name = rng.choices(names, [t["styles"][n]["weight"] for n in names])[0]
    style = t["styles"][name]
    variety = style.get("variety", lang)
    start, end = common["published_from"], common["published_to"]
    published = start + timedelta(days=rng.randint(0, (end - start).days))
    renderer = Renderer(lang, variety, rng, published, vocabulary(lang, variety), t.get("sticky", []))
    shares = common["zwnj"] if lang == "fa" else {"keep": 1}
    zwnj = rng.choices(list(shares), list(shares.values()))[0]
    live = rng.choice(style["live"]) if style.get("live") else None
    return Page(lang, t, style, rng, renderer, zwnj, live, set()), name, variety


def _attempt(index: int, lang: str, rng: random.Random) -> Built:
    common = load_realistic()[0]
    page, style, variety = _page(lang, rng)
    separator = "\n" if rng.random() < common["single_newline_share"] else "\n\n"
    top = blocks(page, page.style.get("top", []))
    bottom = blocks(page, page.style.get("bottom", []))
    fixed = _utf8(separator.join(top + bottom)) + 2 * len(separator) + 1
    target = rng.uniform(common["target_bytes"]["lo"], common["target_bytes"]["hi"])
    paragraphs, kinds = body(page, target - fixed, separator)
    text = separator.join(top + paragraphs + bottom) + "\n"
    figures = sum(kind in common["figure_kinds"] for kind in kinds)
    return Built(relative_path(index), text, lang, variety, style, len(paragraphs), figures)


def _fits(built: Built) -> bool:
    common = load_realistic()[0]
    low, high = common["bytes"]["min"], common["bytes"]["max"]
    counts = common["paragraphs"]
    return low <= built.size <= high and counts["min"] <= built.paragraphs <= counts["max"]


def make_article(index: int, seed: int, mix: dict[str, float]) -> Built:
    """Article `index` of the corpus of `seed`. A draw outside the size or paragraph limits is
    drawn again from the next attempt's generator, so the result still depends only on (seed, index)."""
    lang = random.Random(f"realistic:{seed}:{index}").choices(list(mix), list(mix.values()))[0]
    for attempt in range(MAX_ATTEMPTS):
        built = _attempt(index, lang, random.Random(f"realistic:{seed}:{index}:{attempt}"))
        if _fits(built):
            return built
    raise RuntimeError(f"article {index} (seed {seed}, {lang}) missed the size limits {MAX_ATTEMPTS} times")


# --- corpus --------------------------------------------------------------------------------


def default_mix() -> dict[str, float]:
    return dict(load_realistic()[0]["default_mix"])


def generate(n: int, seed: int = 7, mix: dict[str, float] | None = None, start: int = 0) -> list[tuple[str, str]]:
    """Articles start .. start+n-1 in memory: [(relative path, text)]."""
    mix = mix or default_mix()
    return [(b.path, b.text) for b in (make_article(i, seed, mix) for i in range(start, start + n))]


def _kept_manifest(path: Path, start: int) -> list[str]:
    """Manifest lines of articles before `start` (a corpus being extended keeps them)."""
    if start == 0 or not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if int(json.loads(line)["file"][5:12]) < start]


def write_corpus(out: Path, n: int, seed: int = 7, mix: dict[str, float] | None = None, start: int = 0) -> dict:
    """Write articles start .. start+n-1 under `out` and out/manifest.jsonl; returns a summary."""
    out, mix = Path(out), mix or default_mix()
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    manifest = out / "manifest.jsonl"
    lines, sizes, langs = _kept_manifest(manifest, start), [], {}
    for index in range(start, start + n):
        built = make_article(index, seed, mix)
        target = out / built.path
        target.parent.mkdir(exist_ok=True)
        target.write_text(built.text, encoding="utf-8")
        sizes.append(built.size)
        langs[built.lang] = langs.get(built.lang, 0) + 1
        lines.append(json.dumps({"file": built.path, "lang": built.lang, "variety": built.variety,
                                 "style": built.style, "paragraphs": built.paragraphs,
                                 "figure_paragraphs": built.figure_paragraphs, "bytes": built.size},
                                ensure_ascii=False))
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"articles": n, "seconds": round(time.perf_counter() - began, 2), "languages": langs,
            "mean_bytes": round(sum(sizes) / max(1, n)), "min_bytes": min(sizes, default=0),
            "max_bytes": max(sizes, default=0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.realistic", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mix", type=parse_mix, default=None, help="language shares, e.g. en=0.5,fa=0.3,ar=0.2")
    parser.add_argument("--start", type=int, default=0, help="index of the first article (to extend a corpus)")
    args = parser.parse_args(argv)
    summary = write_corpus(args.out, args.n, args.seed, args.mix, args.start)
    print(f"wrote {summary['articles']:,} articles to {args.out} in {summary['seconds']} s: "
          f"{summary['languages']}, mean {summary['mean_bytes']:,} bytes "
          f"(min {summary['min_bytes']:,}, max {summary['max_bytes']:,}); manifest {args.out / 'manifest.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
