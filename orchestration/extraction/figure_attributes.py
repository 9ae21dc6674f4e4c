"""What a classified figure says beyond its measure: victim group, region, scope, qualifier and
who reported it (figures.classify_figures calls describe_figures on its candidates).

Regions come from place words: the cue phrases of figures.yaml and every place of the gazetteer
that lies in a region, nearest to the figure first, then the place named last in the paragraph
(sentence_places). Scope weighs windows ("in the past 24 hours", "since the ceasefire
collapsed") against running-total words ("death toll", "since the war began").
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from orchestration.extraction.cue_context import (
    NEAR, WINDOW, dist_left, dist_right, nearest, pick, qualifier_alternation, since_previous, until_next,
)
from orchestration.extraction.lexicon import load_lexicon, load_table
from orchestration.extraction.patterns import alternation, bare_alternation, cue, literal

REGIONS = ["israel", "west_bank", "lebanon", "other", "gaza"]
QUALIFIERS = ["at_least", "up_to", "more_than", "about"]  # "no more than" is up_to
REPORTERS = ["gaza_health_ministry", "gaza_media_office", "idf", "israeli_officials", "un"]
NATIONALS = r"(?i)americ|thai|foreign|national|citizen|filipino|nepal|bedouin|druze|امریکا|آمریکا|اتباع|تبعه|تایلند|أمريك|أجانب|أجنبي|تايلند"
ISRAELI = r"(?i)israeli|اسرا[ئی]یلی|صهیونیست|إسرائيلي"
# "said on Sunday": the statement's day. "on" is blanked, so the day cue "on Sunday" no longer matches.
REPORTING_DAY = r"((?:said|says|reported|announced|added|stated|confirmed|told [a-zA-Z]+)[ ])on([ ]+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
# An opening "PLACE, date (Agency) - " whose place is the filing desk; it holds a year or an agency.
DATELINE = r"^([^.!?\n]{0,80}?(?:\b\d{4}\b|\([^)\n]{1,30}\))[^-–—\n]{0,15}?[ ]+[-–—][ ]+)"
# A section heading line: one to four words, no digits, no end punctuation ("LEBANON", "Aid workers").
SECTION_HEADING = r"^[ ]*[\p{L}'’&/-]+(?:[ ]+[\p{L}'’&/-]+){0,3}[ ]*$"
# A line of its own that opens a list: "Lebanon in figures (health ministry and UN):".
LIST_INTRO = r"^[^\d]{3,120}:[ ]*$"
# "and 14 others", "و760 آخرين", "۴ هزار تن دیگر": more of the same event's victims.
OTHERS_AFTER = r"(?i)^[ ]+(?:others|more|آخرون|آخرين|دیگر)(?:[^\p{L}]|$)|^[ ]+(?:نفر|تن)[ ]+دیگر|^[ ]+\p{Arabic}+[ ]+(?:آخرون|آخرين)(?:[^\p{L}]|$)"
# "the ministry had reported this morning that ...", "وقالت وزارة الصحة اليوم إن": the statement's
# day too. Its last word loses its first letter ("this ~orning"), so no day cue matches there.
REPORTING_NEAR_DAY = r"((?:said|says|reported|announced|added|stated|confirmed)[ ]+(?:this[ ]+|earlier[ ]+)?)([tTyYmMeE])((?:oday|esterday|orning|vening)(?:[ ]+that[ ]|,[ ]))"
REPORTING_NEAR_DAY_AR = r"((?:قال|قالت|أعلن|أعلنت|ذكر|ذكرت|أفاد|أفادت|أكد|أكدت)(?:[ ]+\S+){0,3}?[ ]+)([اأ])((?:ليوم|مس)[ ]+(?:إن|أن)[ ])"
# Persian puts the day before the reporting verb: "وزارت صحت روز پنجشنبه ... اعلام کرد" ("روز" is blanked).
REPORTING_DAY_FA = r"روز([ ]+(?:یک ?شنبه|دو ?شنبه|سه ?شنبه|چهار ?شنبه|پنج ?شنبه|شنبه|جمعه)(?:[ ]+\S+){0,12}?[ ]+(?:اعلام|گفت|نشر|گزارش|افزود|تایید|تأیید))"


@lru_cache(maxsize=1)
def region_cues() -> dict[str, dict[str, list[str]]]:
    """Region cue words (figures.yaml) plus every gazetteer place that lies in a region: a
    newly listed town ("Bureij", "جنين") places its victims without a rule of its own."""
    cues = {r: {lang: list(words or []) for lang, words in by_lang.items()} for r, by_lang in load_lexicon()["region_cues"].items()}
    for row in load_table("gazetteer.csv"):
        # Places of region "other" are mostly where talks are held (Doha, Cairo): no victims' place.
        if row["entity_type"] == "place" and row["region"] in cues and row["region"] != "other":
            cues[row["region"]].setdefault(row["language"], []).append(literal(row["surface"]))
    return cues


def blank_war_names(text: pl.Expr) -> pl.Expr:
    """The text with names of the war or the talks, and where fire came from, blanked: "the Gaza
    war" and "fire from Lebanon" place no victims."""
    return text.str.replace_all(cue("war_names"), " ~ ").str.replace_all(cue("fire_sources"), " ~ ")


def sentence_places(sentences: pl.DataFrame) -> pl.DataFrame:
    """Adds paragraph_place: the region of the place named last in the paragraph's earlier
    sentences (its dateline aside), else of the section heading above it ("LEBANON" over a
    list of tolls), where a figure with no place word of its own belongs."""
    text = blank_war_names(pl.col("sentence").str.replace(DATELINE, ""))
    # One pass for every place word, then which region the last one names (a short string).
    patterns = {r: alternation(v) for r, v in region_cues().items()}
    last_word = text.str.extract_all("|".join(patterns.values())).list.last()
    last = pl.lit(None, dtype=pl.String)
    for region in reversed(list(patterns)):
        last = pl.when(last_word.str.contains(patterns[region])).then(pl.lit(region)).otherwise(last)

    # A heading: a short line of its own, no digits or end punctuation, not the headline.
    # ... or a line that opens a list.
    heading = (
        (pl.col("sentence_id") > 0)
        & (pl.col("sentence").str.contains(SECTION_HEADING) | pl.col("sentence").str.contains(LIST_INTRO))
        & (pl.col("paragraph_id") != pl.col("paragraph_id").shift(1).over("article_id"))
        & (pl.col("paragraph_id") != pl.col("paragraph_id").shift(-1).over("article_id")).fill_null(True)
    )
    # A heading may be the bare name of a country ("ISRAEL").
    heading_place = pl.col("_last_place")
    for region, names in load_lexicon()["heading_regions"].items():
        heading_place = pl.when(heading_place.is_null() & pl.col("sentence").str.contains(alternation(names))).then(pl.lit(region)).otherwise(heading_place)
    # (Two steps: nesting `last` inside heading_place would run its place search again per region.)
    return (
        sentences.sort("article_id", "sentence_id")
        .with_columns(last.alias("_last_place"), heading.alias("_heading"))
        .with_columns(pl.when(pl.col("_heading")).then(heading_place).alias("_heading_place"))
        .with_columns(
            pl.when(pl.col("_heading")).then(pl.col("_heading_place").fill_null("")).forward_fill().over("article_id").alias("_section_place")
        )
        .with_columns(
            pl.coalesce(
                pl.col("_last_place").forward_fill().shift(1).over("article_id", "paragraph_id"),
                pl.when(pl.col("_section_place") != "").then(pl.col("_section_place")),
            ).alias("paragraph_place")
        )
        .drop("_last_place", "_heading", "_heading_place", "_section_place")
    )


def without_reporting_days(sentence: pl.Expr) -> pl.Expr:
    """'the ministry said on Sunday' dates a statement, not the deaths: blank it (same length).
    (One plain regex per form: case-insensitive or Unicode-class patterns here cost seconds.)"""
    sentence = sentence.str.replace_all(REPORTING_DAY, "${1}~~${2}")
    for pattern in (REPORTING_NEAR_DAY, REPORTING_NEAR_DAY_AR):
        sentence = sentence.str.replace_all(pattern, "${1}~${3}")
    sentence = sentence.str.replace_all(REPORTING_DAY_FA, "~~~${1}")
    return sentence


def describe_figures(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Victim group, region, scope, qualifier and reporter of each figure."""
    lex = load_lexicon()
    L, R = pl.col("_left"), pl.col("_right")
    sentence = pl.col("sentence")
    groups = lex["person_nouns"]
    # "13,000 of the dead were Hamas fighters", "Two of the 33 are U.S. citizens": the group is
    # named by the predicate of a part.
    predicate = pl.coalesce(
        R.str.extract(r"(?i)^[ ]+of (?:the|those)[ ]+\S+[ ]+(?:were|are|was|is)((?:[ ]+[\p{L}'’.]+){1,3})", 1),
        # "۸ نفر از شهدا از کارکنان هلال احمر": eight of the dead were of the Red Crescent's staff.
        R.str.extract(r"^[ ]+(?:نفر|تن)[ ]+از[ ]+\S+[ ]+از((?:[ ]+\S+){1,3})", 1),
        # "20,179 of the dead were children and 12,500 were women": the next part's own predicate.
        pl.when(pl.col("breakdown")).then(R.str.extract(r"(?i)^[ ]+(?:were|are|was|is)((?:[ ]+[\p{L}'’.]+){1,2})", 1)),
    )
    np = pl.coalesce(predicate, pl.col("_np_own"))
    # "طفل واحد" (one child): Arabic puts the noun before "one".
    np = pl.when(pl.col("mention").str.contains(r"^(?:واحد|واحدة)$")).then(np + " " + L.str.extract(r"(\S+)[ ]*$", 1).fill_null("")).otherwise(np)
    # "the running tally of children killed stands at 15,103", "Israeli soldiers killed ...: 405":
    # a toll with no noun after it counts the people its own phrase names.
    # Only the toll's own clause: "killed 558 people, including 94 women, and wounded 1,835".
    toll_words = since_previous(L).str.tail(60).str.replace(r"^.*(?:[,;،]|[ ]and[ ]|[ ]و[ ])", "")
    # ("شمار خبرنگاران ... به 201 تن": "تن" and "نفر" only count; they name no one.)
    names_in_toll = pl.col("_toll_metric").is_not_null() & (pl.col("_person_noun").is_null() | pl.col("_person_noun").str.contains(r"^[^\p{L}]*(?:نفر|تن)[^\p{L}]*$"))
    # (With "تن"/"نفر" after the figure, only the words from the toll's head: "شمار خبرنگاران ... به 201 تن".)
    classifier_only = pl.col("_person_noun").is_not_null()
    toll_head = toll_words.str.extract(r"((?:شمار|تعداد|آمار|عدد)[^,;،]*)$", 1).fill_null("")
    np = pl.when(names_in_toll).then(np + " " + pl.when(classifier_only).then(toll_head).otherwise(toll_words)).otherwise(np)
    # "Hezbollah fighters: more than 500 killed", "النساء: ١٢٥٠٠ شهيدة": a list item's label names who.
    # (A dot inside the label is an abbreviation: "Soldiers killed since Oct. 7, 2023: 879".)
    label = since_previous(L).str.extract(rf"(?:^|[-•*–][ ]*)([^:;]{{1,80}}):[ ]*(?:(?:{qualifier_alternation()})[ ]*)?$", 1)
    np = pl.when(label.is_not_null()).then(np + " " + label).otherwise(np)
    has = {g: np.str.contains(alternation(groups[g])) for g in ("children", "women", "other", "all")}
    # ... or in the words of its toll: "إجمالي شهداء لقمة العيش ... إلى 1,179".
    toll_words_before = since_previous(L).str.tail(80)
    aid_seekers = until_next(R.str.head(70)).str.contains(cue("aid_seekers")) | (
        toll_words_before.str.contains(cue("aid_seekers"))
        & (toll_words_before.str.contains(cue("strong_cumulative_cues")) | toll_words_before.str.contains(r"(?i)(?:number of|عدد|شمار|تعداد)"))
    )
    # "شهداء لقمة العيش: وصل إلى المستشفيات ... ثلاثة عشر شهيدا": a label opening the sentence.
    aid_seekers = aid_seekers | sentence.str.extract(r"^(?:[-•*–][ ]*)?([^:;.]{1,60}):", 1).str.contains(cue("aid_seekers")).fill_null(False)
    has["other"] = has["other"] | aid_seekers
    # Nationality only counts when it qualifies the counted noun: "Israeli soldiers", "Americans".
    np2 = np.str.extract(r"^((?:[ ]+[\p{L}'’]+){1,2})", 1).fill_null("")
    person_words = "|".join(alternation(v) for v in groups.values())
    nationals = np2.str.contains(NATIONALS) & np2.str.contains(person_words)
    israeli = np2.str.contains(ISRAELI) & (np2.str.contains(person_words) | np2.str.contains(cue("hostage_nouns")) | np2.str.contains(r"(?i)israelis"))
    # "14 Israelis and three Thais", "سه اسیر صهیونیست و پنج کارگر تایلندی": a list split by nationality.
    keys = ["article_id", "sentence_id"]
    nation = nationals | israeli
    by_nationality = (pl.col("_list_before_next") & nation.shift(-1).over(keys)) | (pl.col("_listed") & nation.shift(1).over(keys))
    # "58 Israelis and foreign nationals": one count of everyone.
    mixed = np.str.contains(r"(?i)^[ ]+(?:Israelis|اسرا[ئی]یلی\s?ها|إسرائيليين|إسرائيليا)[ ]+(?:and|و)[ ]+(?:foreign|other|\S+[ ]+nationals|أجانب|خارجی|اتباع)")
    casualty_group = (
        pl.when(mixed).then(pl.lit("all"))
        .when(has["children"] & ~has["women"]).then(pl.lit("children"))
        .when(has["women"] & ~has["children"]).then(pl.lit("women"))
        .when(has["other"] | nationals).then(pl.lit("other"))
        .otherwise(pl.lit("all"))
    )
    # "30 hostages, women, the elderly and the sick": women and children among others are everyone.
    mixed_captives = until_next(R.str.head(80)).str.extract(r"^([^.;:]*)", 1).str.contains(cue("mixed_captive_groups")).fill_null(False)
    hostage_group = (
        pl.when((has["children"] | has["women"]) & ~mixed_captives).then(pl.lit("women_children"))
        .when(mixed).then(pl.lit("all"))
        .when(nationals | has["other"] | (israeli & (pl.col("breakdown") | by_nationality.fill_null(False)))).then(pl.lit("other"))
        .otherwise(pl.lit("all"))
    )
    group = pl.when(pl.col("kind") == "hostage").then(hostage_group).otherwise(casualty_group)
    # "BEIRUT, Feb. 3, 2025 (AFP) - ...": where the story was filed is not where the victims were.
    dateline = sentence.str.extract(DATELINE, 1).str.len_chars().fill_null(0)
    left_of_figure = blank_war_names(sentence.str.slice(dateline, (pl.col("pos") - dateline).clip(lower_bound=0)))
    right_of_figure = blank_war_names(sentence.str.slice(pl.col("pos")))
    region_dist = {
        r: pl.min_horizontal(dist_left(left_of_figure, alternation(v)), dist_right(right_of_figure, alternation(v)))
        for r, v in region_cues().items()
    }
    cue_region = pick({r: region_dist[r] for r in REGIONS})
    # Israeli victims, and soldiers (the armies in this war that report their dead are Israel's),
    # are counted for Israel unless the place is the West Bank or Lebanon; with no place in the
    # sentence, a story already in the West Bank keeps them there ("17 Israelis ... in the territory").
    # "349 of its soldiers" counts soldiers too.
    np2 = pl.when(np.str.contains(r"(?i)^[ ]+of (?:its|their|the)[ ]")).then(np.str.extract(r"^[ ]+of \S+((?:[ ]+[\p{L}'’]+){1,2})", 1)).otherwise(np2).fill_null("")
    soldiers = np2.str.contains(cue("soldier_nouns")) | ((pl.col("_toll_after") | names_in_toll) & np.str.contains(cue("soldier_nouns")))
    # Their own noun ("25 Israelis") says who, not where: look for a place between the neighbouring
    # figures, past the noun.
    own_right = blank_war_names(until_next(R)).str.slice(np.str.extract(r"^([ ]+[\p{L}'’]+)", 1).str.len_chars().fill_null(0))
    own_place = pick({r: nearest(blank_war_names(since_previous(L)), own_right, alternation(v)) for r, v in region_cues().items()})
    victims_place = pl.coalesce(own_place, pl.when(pl.col("paragraph_place") == "west_bank").then(pl.col("paragraph_place")))
    region = (
        pl.when((israeli | soldiers) & ~victims_place.is_in(["west_bank", "lebanon"]).fill_null(False)).then(pl.lit("israel"))
        .when(israeli | soldiers).then(victims_place)
        .otherwise(cue_region)
    )
    # "handed over four coffins": a verb's particle is no qualifier.
    Lq = L.str.replace(r"(?i)((?:hand|turn|take|took|taken)(?:ed|s|ing)?) over[ ]*$", "$1 ~")
    qualifier = pl.coalesce(
        pick({q: dist_left(Lq, alternation(lex["qualifiers"][q]) + r"[ ]*$") for q in QUALIFIERS}),
        pl.when(pl.col("_plus")).then(pl.lit("more_than")),
        # "36 على الأقل", "4213 فلسطينيا على الأقل": after the figure or its noun.
        pick({q: dist_right(R, r"^(?:[ ]+[\p{L}'’]+)?[ ]*" + alternation(lex["trailing_qualifiers"][q])) for q in lex["trailing_qualifiers"]}),
    ).fill_null("exact")
    # A window ("in the past 24 hours", "in a strike", "were killed") beats a running-total word
    # ("toll", "have been killed", "since the war began") only when nearer; a bare day word makes
    # a period only when nothing says running total. Reporting days are blanked first.
    scoped = without_reporting_days(sentence)
    Ls = scoped.str.slice(0, pl.col("pos")).str.tail(WINDOW)
    Rs = scoped.str.slice(pl.col("pos") + pl.col("mention_len")).str.head(WINDOW)
    # An active verb right before the figure ("strikes killed 16 people") reports one event.
    qualifier_words = qualifier_alternation()
    # ... but "it has killed more than 17,000" is a running total.
    Lactive = Ls.str.replace_all(r"(?i)\b(?:has|have|had)(?: now| so far| already| since)? (?:killed|wounded|injured)\b", "~")
    # "... had killed 3,000 Palestinians since Oct. 7 and wounded around 12,500": the auxiliary
    # carries over to the next participle.
    Lactive = Lactive.str.replace_all(r"(?i)~[^;]{0,80}? and (?:wounded|injured)\b", "~")
    # "حصيلة ... إلى 63 ألفا مصابا، بينهم 354 مصابا خلال الساعات الـ24": a window after a breakdown
    # of a running total belongs to the breakdown.
    before_breakdown = pl.col("breakdown").shift(-1).over(keys).fill_null(False)
    total_before = dist_left(Ls, cue("strong_cumulative_cues")).is_not_null() & before_breakdown
    # (Bounding the right-hand search by the next figure's start costs no second regex pass.)
    period_right = dist_right(Rs, cue("period_cues"))
    gap = pl.col("_next_start") - pl.col("pos") - pl.col("mention_len")
    period_right = pl.when(total_before & (period_right >= gap).fill_null(False)).then(None).otherwise(period_right)
    period = pl.min_horizontal(
        dist_left(Ls, cue("period_cues")), period_right, dist_left(Lactive, r"(?:^|[^\w])" + bare_alternation(lex["period_left_cues"]) + rf"[ ]+(?:{qualifier_words}[ ]*)?$")
    )
    # Windows opened by an event count only between this number and its neighbours.
    # ... and a parent's window may come after its breakdowns ("At least 506 Palestinians, more
    # than 200 of them children, have been killed since Israel resumed ...").
    next_whole = pl.when(~pl.col("breakdown")).then(pl.col("pos")).shift(-1).backward_fill().over(keys)
    Rs_family = pl.when(next_whole.is_null()).then(Rs).otherwise(Rs.str.head(next_whole - pl.col("pos") - pl.col("mention_len")))
    own_clause_total = nearest(since_previous(Ls), until_next(Rs), cue("cumulative_cues")).is_not_null()
    # ... unless the breakdown's own verb opens it ("52,908 killed ..., 2,799 of them killed since
    # hostilities resumed"): no comma between the part and the window.
    next_part_window = (pl.col("breakdown") & until_next(Rs).str.contains(r"^[^,،;]{0,40}?" + cue("since_event_cues"))).shift(-1).over(keys).fill_null(False)
    since_event = nearest(
        since_previous(Ls), pl.when(before_breakdown & ~own_clause_total & ~next_part_window).then(Rs_family).otherwise(until_next(Rs)), cue("since_event_cues")
    )
    day = nearest(Ls, Rs, cue("day_cues"))
    headline = (pl.col("sentence_id") <= 2) & (pl.col("paragraph_id") <= 1) & ~sentence.str.contains(r"[.!?؟:]\s*$|^[ ]*[-•*–]")
    # "At least 44 killed in Israeli strikes across Gaza": an event, unless a running total is named.
    weak_period = nearest(Ls, Rs, cue("weak_period_cues"))
    cumulative = nearest(Ls, Rs, cue("cumulative_cues"))
    # "۱۶۹۱ تن کشته شده اند و شمار مجموعی ... به ۵۱ هزار رسیده": a running-total word after "and"
    # opens the clause of the next figure; it does not outweigh this figure's window.
    Rs_clause = pl.when(pl.col("_next_start").is_not_null()).then(until_next(Rs).str.replace(r"(?s)[ ,،]+(?:and|و)[ ].*$", "")).otherwise(Rs)
    strong_cumulative = nearest(Ls, Rs_clause, cue("strong_cumulative_cues"))
    attack_toll = (region == "israel") & (
        since_previous(Ls).str.replace(r"^.*;", "").str.contains(cue("attack_day_cues"))
        | until_next(Rs).str.replace(r";.*$", "").str.contains(cue("attack_day_cues"))
    )
    window = since_event.is_not_null() & (strong_cumulative.is_null() | (since_event <= strong_cumulative))
    # "عدد الشهداء ... منذ الثلاثاء ارتفع إلى 12 شهيدا، إضافة إلى أكثر من 40 جريحا": an item of a
    # list shares the window opened for the item before it, unless it names a running total itself.
    own_cumulative_left = dist_left(since_previous(Ls), cue("cumulative_cues"))
    own_cumulative_right = dist_right(until_next(Rs), cue("cumulative_cues"))
    own_cumulative = pl.min_horizontal(own_cumulative_left, own_cumulative_right)
    # ... and within its own clause (up to a comma): "وأصيب 4115 آخرون، لترتفع الحصيلة ...".
    clause_end = until_next(Rs).str.find(r"[,،;]")
    own_clause_cumulative = pl.min_horizontal(
        own_cumulative_left, pl.when(clause_end.is_null() | (own_cumulative_right < clause_end)).then(own_cumulative_right)
    )
    # (A running-total word before the joining "and" belongs to the item before.)
    after_joiner = since_previous(Ls).str.extract(r"(?:[,،]|\band\b|[ ]و)([^,،]*)$", 1).str.len_chars()
    listed_own_cumulative = pl.min_horizontal(
        pl.when(after_joiner.is_null() | (own_cumulative_left <= after_joiner)).then(own_cumulative_left), own_cumulative_right
    )
    # (After a part, "..., 30 of them in the previous 24 hours, and 85,197 wounded", the item is the
    # part's parent's sibling: the parent's window counts.)
    previous_whole_window = pl.when(~pl.col("breakdown")).then(window).forward_fill().shift(1).over(keys)
    listed_window = pl.col("_listed") & pl.coalesce(previous_whole_window, window.shift(1).over(keys)).fill_null(False) & listed_own_cumulative.is_null()
    # "102 killed and upwards of 490 injured ... since 27 May", "1778 استشهدوا وأصيب 13 ألفا آخرين
    # ... منذ 27 أيار": a window after the list (or after the "others") covers its head.
    next_others = R.str.contains(OTHERS_AFTER).shift(-1).over(keys).fill_null(False)
    listed_window = listed_window | (
        ((pl.col("_list_before_next") & pl.col("_listed").shift(-1).over(keys).fill_null(False) & ~pl.col("breakdown").shift(-1).over(keys).fill_null(False)) | next_others)
        & window.shift(-1).over(keys).fill_null(False) & own_cumulative.is_null()
    )
    # "two soldiers had been killed, raising to 247 the number ...": the step of a toll given next.
    step_of_next = pl.col("_next_start").is_not_null() & until_next(Rs).str.contains(
        r"(?i)[,،][ ]*(?:raising|bringing|taking|pushing|lifting|لترتفع|ليرتفع|لتصل|ليصل)(?:[^\p{L}]|$)"
    )
    # "Since October 2023, WHO has verified 697 attacks ..., in which 917 people were killed": a
    # sentence that opens with the war's start counts running totals, unless a figure opens its own window.
    opens_with_war_start = sentence.str.contains(r"^(?:Ever )?[Ss]ince (?:October 7|7 October|Oct\. 7|October 2023|the (?:start|beginning|outbreak) of the war|the war (?:began|started))(?:, 2023)?,")
    # "قحطی در غزه: سه تن دیگر ...": Persian "N more" opening a headline is an increment (in the
    # body, "۱۰۹ هزار نفر دیگر زخمی شده اند" may as well be the others of a running total).
    persian_increment = R.str.contains(r"^[ ]+(?:(?:نفر|تن)[ ]+)?دیگر(?:[^\p{L}]|$)") & pl.col("_prev_end").is_null() & (pl.col("sentence_id") == 0)
    scope = (
        pl.when(attack_toll).then(pl.lit("cumulative"))
        .when(opens_with_war_start & since_event.is_null()).then(pl.lit("cumulative"))
        .when(persian_increment).then(pl.lit("period"))
        .when(step_of_next).then(pl.lit("period"))
        # "Six more people died", "Eleven more Palestinians": an increment is a window's count.
        # ... but "14,128 killed ... some 6,800 more were missing" adds another measure.
        .when(
            # "A further 250 people", "67 new deaths": also increments.
            (R.str.contains(r"(?i)^[ ]+(?:more|additional|further|new)[ ]+\p{L}") | L.str.contains(rf"(?i)(?:^|[ ])(?:a further|another|an additional)[ ]*(?:(?:{qualifier_alternation()})[ ]*)?$"))
            & ~R.str.contains(r"(?i)^[ ]+more[ ]+than")
            # ... and "23,968 killed ... A further 60,582 have been wounded" too.
            & ~(
                (R.str.contains(r"(?i)^[ ]+more[ ]+(?:were|are|was|is|have|had)[ ]") | L.str.contains(r"(?i)(?:^|[ ])a further[ ]*$"))
                & (pl.col("metric").shift(1).over("article_id").fill_null(pl.col("metric")) != pl.col("metric"))
            )
        ).then(pl.lit("period"))
        .when(window | listed_window).then(pl.lit("period"))
        .when(period.is_not_null() & (cumulative.is_null() | (period < cumulative))).then(pl.lit("period"))
        .when(cumulative.is_null() & (day.is_not_null() | weak_period.is_not_null())).then(pl.lit("period"))
        # "Eight Israeli soldiers killed in Rafah blast": a headline's count of dozens is an event
        # (a milestone of thousands, "Over 40,000 killed in Gaza", is a running total).
        .when(cumulative.is_null() & headline & (pl.col("value") < 1000) & (pl.col("metric").is_in(["killed", "injured"]))).then(pl.lit("period"))
        .otherwise(pl.lit("cumulative"))
    )
    own_period = pl.min_horizontal(dist_right(until_next(Rs), cue("period_cues")), dist_right(until_next(Rs), cue("since_event_cues"))) <= NEAR * 2
    reporter = pick({r: sentence.str.extract(f"(?s)^(.*?){alternation(lex['reporter_cues'][r])}", 1).str.len_chars() for r in REPORTERS})
    frame = frame.with_columns(
        group.alias("victim_group"),
        region.alias("region"),
        scope.alias("scope"),
        own_period.fill_null(False).alias("_own_period"),
        own_clause_cumulative.is_not_null().alias("_own_clause_total"),
        aid_seekers.alias("_aid"),
        (strong_cumulative < (pl.col("pos") - pl.col("_prev_end")).fill_null(WINDOW)).fill_null(False).alias("_own_strong_total"),
        qualifier.alias("qualifier"),
        reporter.alias("_reporter_here"),
    )
    # Breakdowns share their parent's region and scope (unless they name their own window);
    # a figure with no place word takes the place of the figure before it in the paragraph, else
    # the place named last in the paragraph, else is Gaza's.
    inherited = pl.when(~pl.col("breakdown")).then(pl.col("region")).forward_fill().shift(1).over(keys)
    # A breakdown with no noun counts its parent's people ("726 soldiers ..., including 346 since
    # ..."); "others" after soldiers or journalists are more of them.
    parent_group = pl.when(~pl.col("breakdown")).then(pl.col("victim_group")).forward_fill().shift(1).over(keys)
    nounless = pl.col("_person_noun").is_null() & pl.col("_hostage_noun").is_null()
    others = (
        pl.col("_person_noun").str.contains(r"(?i)(?:^|[^\w])(?:others|آخرين|آخرون|دیگر)(?:[^\w]|$)") | R.str.contains(r"^[ ]+(?:نفر|تن)[ ]+دیگر")
    ) & (pl.col("victim_group").shift(1).over(keys) == "other")
    frame = frame.with_columns(
        pl.when(pl.col("breakdown") & inherited.is_not_null()).then(inherited)
        # "Five IDF soldiers were killed and 14 others wounded ... in Beit Hanoun": the soldiers' side.
        .when(others.fill_null(False) & (pl.col("region").shift(1).over(keys) == "israel")).then(pl.lit("israel"))
        .otherwise(pl.col("region")).alias("region"),
        # "34 of them while waiting for aid": the part's own clause names who.
        pl.when(pl.col("breakdown") & nounless & aid_seekers).then(pl.lit("other"))
        .when(pl.col("breakdown") & nounless & predicate.is_null() & parent_group.is_not_null()).then(parent_group)
        .when(others.fill_null(False)).then(pl.lit("other"))
        .otherwise(pl.col("victim_group")).alias("victim_group"),
    ).with_columns(
        # "bringing the total since October 2023 to more than 400": the people counted before.
        pl.when(pl.col("_refers_back") & nounless).then(pl.when(~pl.col("breakdown")).then(pl.col("victim_group")).shift(1).forward_fill().over("article_id")).otherwise(pl.col("victim_group")).fill_null(pl.col("victim_group")).alias("victim_group"),
        pl.coalesce(
            "region",
            pl.col("region").forward_fill().over("article_id", "paragraph_id"),
            "paragraph_place",
            pl.lit("gaza"),
        ).alias("region")
    )
    inherited = pl.when(~pl.col("breakdown")).then(pl.col("scope")).forward_fill().shift(1).over(keys)
    # "The dead included nine children": a part of a figure given in an earlier sentence.
    inherited = pl.coalesce(inherited, pl.when(pl.col("_partitive")).then(pl.when(~pl.col("breakdown")).then(pl.col("scope")).forward_fill().shift(1).over("article_id")))
    frame = frame.with_columns(
        pl.when(pl.col("breakdown") & inherited.is_not_null() & ~pl.col("_own_period")).then(inherited)
        .when(pl.col("breakdown") & pl.col("_own_period")).then(pl.lit("period"))
        .otherwise(pl.col("scope")).alias("scope")
    )
    # "five soldiers had been killed and 14 wounded": a list item with no noun counts the same people;
    # "استشهاد 112 مواطنا وإصابة 760 آخرين": "others" in the same event share its window.
    def previous(column: str) -> pl.Expr:
        return pl.col(column).shift(1).over(keys)

    others_word = R.str.contains(OTHERS_AFTER)
    same_people = pl.col("_listed") & nounless & previous("victim_group").is_not_null() & ~previous("breakdown").fill_null(False)
    frame = frame.with_columns(
        # "805 people had been killed and more than 5,250 injured at or near aid sites": who the
        # list's last item says they were holds for the whole list.
        pl.when(pl.col("_aid") & pl.col("victim_group").is_in(["all", "other"])).then(pl.lit("other"))
        # "549 people had been killed near food distribution points ..., and more than 4,000 injured".
        .when(nounless & ~pl.col("breakdown") & ~previous("breakdown").fill_null(True) & previous("_aid").fill_null(False) & (previous("victim_group") == "other")).then(pl.lit("other"))
        .when((pl.col("victim_group") == "all") & pl.col("_list_before_next") & pl.col("_listed").shift(-1).over(keys).fill_null(False) & pl.col("_aid").shift(-1).over(keys).fill_null(False)).then(pl.lit("other"))
        .when(same_people).then(previous("victim_group")).otherwise(pl.col("victim_group")).alias("victim_group"),
        pl.when(same_people & (previous("region") == "israel")).then(previous("region")).otherwise(pl.col("region")).alias("region"),
        pl.when(others_word & (previous("scope") == "period") & ~pl.col("_own_clause_total") & ~pl.col("breakdown"))
        .then(pl.lit("period"))
        # "بينهم ١٩٥ شهيدا و٣٥٤ مصابا خلال الساعات الـ24": breakdowns listed together share a window.
        .when(
            pl.col("breakdown") & pl.col("_list_before_next")
            & pl.col("_own_period").shift(-1).over(keys).fill_null(False) & pl.col("breakdown").shift(-1).over(keys).fill_null(False)
        )
        .then(pl.lit("period"))
        .otherwise(pl.col("scope")).alias("scope"),
    )
    # "Over the same period, ...": the window (or running total) of the figure before it.
    same_period = pl.col("sentence").str.contains(cue("same_period_cues"))
    earlier_scope = pl.when(~pl.col("breakdown")).then(pl.col("scope")).shift(1).forward_fill().over("article_id")
    frame = frame.with_columns(
        # (Not for an increment: "در همین مدت سه نفر دیگر" counts more of a window.)
        pl.when(same_period & earlier_scope.is_not_null() & ~pl.col("breakdown") & ~pl.col("_own_strong_total") & ~pl.col("_refers_back") & ~R.str.contains(OTHERS_AFTER))
        .then(earlier_scope).otherwise(pl.col("scope")).alias("scope")
    )
    return frame.with_columns(pl.col("_reporter_here").alias("reported_by"))
