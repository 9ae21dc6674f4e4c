"""Classify number mentions as casualty or hostage figures, vectorized over polars frames.

Every mention gets a left context (the sentence before it) and a right context (after it).
A mention is a figure when it counts people: a person or measure noun follows it ("1,200
lives", "۲۵۱ نفر", "four hostages"), a bare participle follows ("30 killed"), or a toll
phrase precedes it ("the death toll rose to"). What it measures comes from the nearest
cue word on either side; a breakdown ("including 2,913 children") inherits from the
figure before it. The cue words live in lexicon/figures.yaml; the distances to them in
cue_context.py; victim group, region, scope and qualifier in figure_attributes.py.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import (
    NEAR, WINDOW, dist_left, dist_right, month_names, nearest, noun_after, pick, qualifier_alternation, since_previous, until_next,
)
from orchestration.extraction.figure_attributes import describe_figures
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation, cue

METRICS = ["missing", "starvation_deaths", "displaced", "injured", "killed"]  # tie-break order
STATUSES = ["to_be_released", "released", "dead", "taken", "held"]


# Words that join the items of a list ("14 Israelis and three Thais", "50 إسرائيليا، إضافة إلى 19 أجنبيا").
LIST_JOINERS = r"(?:and|و|as well as|plus|along with|in addition to|بالإضافة إلى|إضافة إلى|فضلا عن|همچنین)"
# One item of a list after its number: up to four words ("نفر از آنان کودک").
LIST_ITEM = r"(?:[ ]+[\p{L}'’]+){1,4}"
# "87 of those abducted", "109 of the 251 people abducted": the participle describes the whole.
CAPTIVES_PARTITIVE = r"(?i)^[ ]+of (?:those|the(?: (?:roughly|about|some|around|nearly|more than|over))?(?: \d[\d,]*)? (?:people|persons|Israelis|hostages|captives)) (?:abducted|kidnapped|seized|taken)"
AUXILIARY_NEXT = r"(?i)^[ ]+(?:are|were|is|was|be|been|have|has|had|remain|remained)\b"
# Where captives' bodies still are: "13 bodies are still believed to be in Gaza", "هنوز در غزه".
STILL_IN_GAZA = r"(?i)(?:still|remain)(?:[ ]+\S+){0,3}[ ]+(?:in Gaza|held|in captivity)|هنوز(?:[ ]+\S+){0,2}[ ]+در غزه|(?:لا|ما) (?:يزال|تزال)(?:[ ]+\S+){0,2}[ ]+في (?:غزة|قطاع غزة)"
YEAR = r"^(?:19[5-9]\d|20[0-3]\d)$"
YEAR_OR_SOLAR_YEAR = r"^(?:19[5-9]\d|20[0-3]\d|13\d\d|14\d\d)$"
DAY = r"^(?:[1-9]|[12]\d|3[01])$"
PALESTINIAN = r"(?i)palestin|فلسطین|فلسطين"
# After a breakdown marker, words with no number then a clause break: "of them civilians, and ".
CLAUSE_AFTER_MARKER = r"[^\d;]*(?:;|[,،][ ]*(?:and|but|while|whereas|و)[ ])[^\d]*$"
# The figure's own clause: the right-hand words up to the first stop, semicolon or comma.
CLAUSE_HEAD = r"^([^.;؛,،]*)"
# "passed 40,000, reaching 40,005": a toll restated exactly after the figure before it.
REACHING = r"^[^.;:]{0,60},[ ]*reaching[ ]*$"
# "58 ... remain captive, including hostages who have been declared dead": the status of a subset.
SUBSET_CLAUSE = (
    r"(?i)[,،]?[ ]*(?:including (?:the |those |some |hostages |captives |people )*(?:who|believed|thought|said|that)\b"
    r"|(?:at least |about |around |more than |nearly )?(?:a third|a quarter|half|two-thirds|most|some|many) of (?:them|whom)\b)[^,;]*"
)


def _ends_with_any(text: pl.Expr, patterns: dict[str, str]) -> pl.Expr:
    """The first label whose pattern the text ends with (a cheap test, no capture)."""
    expr = pl.lit(None, dtype=pl.String)
    for label, pattern in reversed(list(patterns.items())):
        expr = pl.when(text.str.contains(pattern)).then(pl.lit(label)).otherwise(expr)
    return expr


def classify_figures(mentions: pl.DataFrame) -> pl.DataFrame:
    """mentions: output of numbers.find_numbers. Returns only the figures, with kind
    (casualty | hostage), metric, status, victim_group, region, scope, qualifier, reported_by.

    The plan runs lazily: the cue searches rebuild the same context expressions many times, and
    the lazy engine computes each of them once (about five times faster than eager frames)."""
    lex = load_lexicon()
    if "paragraph_place" not in mentions.columns:  # sentences not passed through sentence_places
        mentions = mentions.with_columns(pl.lit(None, dtype=pl.String).alias("paragraph_place"))
    left = pl.col("sentence").str.slice(0, pl.col("pos")).str.tail(WINDOW).str.replace_all(r'["“”«»]', " ")  # 'at "under 100"'
    right = pl.col("sentence").str.slice(pl.col("pos") + pl.col("mention_len")).str.head(WINDOW)
    # A dual noun ("طفلان") is its own noun: the words after the figure start with it.
    if "dual" in mentions.columns:
        right = pl.when(pl.col("dual")).then(pl.lit(" ") + pl.col("sentence").str.slice(pl.col("pos")).str.head(WINDOW)).otherwise(right)
    # "800+ Palestinians": the plus is a qualifier; the noun still follows the figure.
    frame = mentions.lazy().with_columns(
        left.alias("_left"), right.str.replace(r"^\+", " ").alias("_right"), right.str.starts_with("+").alias("_plus")
    )
    L, R = pl.col("_left"), pl.col("_right")

    person_all = "|".join(alternation(v) for v in lex["person_nouns"].values())
    qualifier_words = qualifier_alternation()
    months = month_names()
    metric_noun_pattern = {m: alternation(v, conjunction=False) for m, v in lex["metric_nouns"].items()}
    # "the bodies of 30 have now been recovered": remains named before the figure, in a story of captives.
    captives_story = pl.col("sentence").str.contains(cue("hostage_nouns")) | pl.col("sentence").str.contains(cue("captivity_cues"))
    remains_before = captives_story & L.str.contains(cue("hostage_remains_cues") + rf"[ ]*(?:{qualifier_words}[ ]*)?$")
    frame = frame.with_columns(
        # The words right after the figure: "Israeli soldiers", "women and children", "نفر از آنان کودک".
        R.str.extract(r"^((?:[ ]+[\p{L}'’]+){1,4})", 1).fill_null("").alias("_np"),
        noun_after(R, person_all).alias("_person_noun"),
        # "27 of them", "40 نفر از آنان", "منهم": a part of a figure given before.
        (
            R.str.contains(r"^(?:[ ]+(?:نفر|تن))?[ ]+(?:(?:of|از)[ ]+(?:them|those|whom|the[ ]+\d[\d,]*|the (?:dead|killed|victims|wounded|injured)|آنان|آنها|ایشان|این تعداد)|آنان|آنها|منهم|بينهم)(?:[^\p{L}]|$)")
            # "The dead included nine children", "Among those killed were 11 children": a part of the toll before.
            | L.str.contains(r"(?i)(?:^|[ ])(?:the dead included|the victims included|among (?:those|the people) (?:killed|wounded|injured)(?: were)?|among the (?:dead|victims|wounded|injured) were)[ ]*$")
            # "Of them, 20,179 were children": a part announced before the figure.
            | (L.str.contains(r"(?i)(?:^|[ ])(?:of them|of these|of those|among them|among these),?[ ]*$") & R.str.contains(r"(?i)^[ ]+(?:were|are|was|is|had|have)[ ]"))
            # "the other four were women": the rest of a toll given before (not "the remaining 136 hostages").
            | (L.str.contains(r"(?i)(?:^|[ ])the (?:other|remaining)[ ]*$") & R.str.contains(r"(?i)^[ ]+(?:were|are|was|is|had|have)[ ]"))
            | R.str.contains(r"(?i)^(?:[ ]+[\p{L}'’]+){1,2}[ ]+(?:among them|among whom)\b")  # "one child among them"
        ).alias("_partitive"),
        # "four coffins", "18 bodies" count dead hostages where the sentence speaks of captives.
        pl.coalesce(
            noun_after(R, cue("hostage_nouns")),
            # ... or of where bodies still are ("Another 13 bodies are still believed to be in Gaza").
            pl.when(captives_story | R.str.head(50).str.contains(STILL_IN_GAZA)).then(noun_after(R, cue("hostage_remains_nouns"))),
            pl.when(remains_before).then(pl.lit("remains")),
        ).alias("_hostage_noun"),
        (noun_after(R, cue("hostage_remains_nouns")).is_not_null() | remains_before).alias("_remains"),
        noun_after(R, cue("prisoner_nouns")).is_not_null().alias("_prisoner"),
        (
            R.str.contains(rf"^(?:[ ]+\S+)?[ ]+(?:of|از|من)(?:[ ]+the)?(?:[ ]+remaining)?{cue('hostage_nouns')}")
            # "87 of those abducted", "109 of the 251 people abducted": a part of the captives.
            | R.str.contains(CAPTIVES_PARTITIVE)
        ).alias("_partitive_hostage"),
        R.str.contains(r"^[-‐–]").alias("_hyphenated"),  # "75-year", "eleven-week"
        # "64,231 Palestinian deaths" allows one word between; "35 are dead" is a predicate, not a noun.
        pl.when(R.str.contains(AUXILIARY_NEXT))
        .then(pick({m: dist_right(R, "^" + p) for m, p in metric_noun_pattern.items()}))
        # "Seventy-one of the deaths", "13,000 of the dead".
        .otherwise(pick({m: dist_right(R, rf"^(?:[ ]+of (?:the|those)|[ ]+\S+)?{p}") for m, p in metric_noun_pattern.items()}))
        .alias("_noun_metric"),
        # "30 killed", "36,000 people had been wounded"
        # ... "2,799 of them killed since hostilities resumed": a part with its own participle.
        pick({m: dist_right(R, r"(?i)^(?:[ ]+of (?:them|whom|those))?(?:[ ]+[\p{L}'’]+){0,1}?" + alternation(v)) for m, v in lex["bare_participles"].items()}).alias("_bare_metric"),
        # "وأصيب 169679": an Arabic verb before a figure with no noun.
        _ends_with_any(L, {m: alternation(v) + rf"[ ]*(?:{qualifier_words}[ ]*)?$" for m, v in lex["verbs_before"].items()}).alias("_verb_metric"),
        # "killing some 1,200 people and abducting 251": a captors' verb before a figure with no noun.
        L.str.contains(cue("hostage_verbs_before") + rf"[ ]*(?:{qualifier_words}[ ]*)?$").alias("_hostage_verb_before"),
        # "Four have been freed so far", "33 are due to go home": a count of captives without a noun.
        (R.str.contains("^" + cue("hostage_predicates")) | (captives_story & R.str.contains("^" + cue("captive_predicates")))).alias("_hostage_bare"),
        # "two Palestinian gunmen opened fire": the attackers, not victims (unless they were killed).
        noun_after(R, cue("perpetrator_nouns")).is_not_null().alias("_perpetrator"),
        dist_left(L, cue("hostage_toll_phrases") + rf"[ ]*(?:{qualifier_words}[ ]*)?$").is_not_null().alias("_hostage_toll"),
        # "The deaths bring to 221 the number of soldiers killed": the toll is named after the figure.
        (
            L.str.contains(r"(?i)(?:^|[ ])(?:bring|brings|bringing|brought|raise|raises|raising|raised|put|puts|putting) (?:the total )?to[ ]*$")
            & R.str.contains(r"(?i)^[ ]+the (?:number|toll|tally|total) of ")
        ).alias("_toll_after"),
        # "one or both legs"; a person noun that starts like a unit is a person ("عاملا" is not "عام").
        (
            (R.str.contains(r"(?i)^[ ]*(?:or (?:both|two|three|more))?" + cue("non_person_units")) & ~R.str.contains(f"^(?:{person_all})"))
            # "nine in ten", "one out of five": the second number of a ratio.
            | L.str.contains(r"(?i)(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)) (?:in|out of)[ ]*$")
            # "rose by 10 to 307": the step of a toll, not a count of its own.
            | (L.str.contains(r"(?i)(?:rose|risen|rising|climbed|increased|jumped|grew|went up|up) by[ ]*$") & R.str.contains(r"^[ ]+to "))
        ).alias("_unit"),
        noun_after(R, cue("thing_nouns")).is_not_null().alias("_thing"),
        # "Two Israeli strikes": a nationality before a thing is no count of people.
        R.str.contains(r"(?i)^[ ]+(?:Israeli|Palestinian|Lebanese|American|اسرا[ئی]یلی|فلسطینی|إسرائيلية?|فلسطينية?)" + cue("thing_nouns")).alias("_weapon"),
        # "including 16,500 children and 11,000 women": a list after the marker shares it.
        (
            (
                L.str.contains(alternation(lex["breakdown_markers"]) + r"[ ]*(?:\S+[ ]+){0,5}$")
                # "most of them civilians, and some 250 were taken": a new clause ends the breakdown.
                & ~L.str.contains(alternation(lex["breakdown_markers"]) + CLAUSE_AFTER_MARKER)
            )
            # "Of the 128 hostages still in Gaza, ... more than 30 have died."
            | L.str.contains(r"(?i)^(?:of the|of|among the|among|از|من)[ ]+\d[\d,]*[ ]")
            # "49 people (25 civilians and 24 soldiers)": parts in brackets after a figure.
            # ... or between dashes ("105 civilians - 81 Israelis and 24 foreign nationals -"); a counted noun
            # must stand between ("Feb. 3, 2025 - 12 people" is a dateline).
            | L.str.contains(rf"\d(?:[ ]+[\p{{L}}'’]+){{1,3}}[ ]*(?:\(|[ ][-–—])[ ]*(?:(?:{qualifier_words})[ ]*)?$")
        ).alias("_marked"),
        (
            # "October 7", "7 October", "October 7, 2023", "15 مهر 1403"; not "in November 147 hostages".
            # "۱۰ آوریل، ۲۴ تبعه": a comma after the month ends the date; a day does not follow it.
            (L.str.contains(months + r"\.?[ ]*$") & ((pl.col("mention").str.contains(DAY) & ~L.str.contains(r"[,،][ ]*$")) | pl.col("mention").str.contains(YEAR_OR_SOLAR_YEAR)))
            | (L.str.contains(months + r"\.?[ ]*\d{1,2}(?:st|nd|rd|th)?,?[ ]*$") & pl.col("mention").str.contains(YEAR_OR_SOLAR_YEAR))
            | (R.str.contains(r"^[ ]*" + months) & pl.col("mention").str.contains(DAY))
            | (pl.col("mention").str.contains(YEAR) & noun_after(R, person_all).is_null())
            # "سه شنبه" (Tuesday) and "پنج شنبه" (Thursday) are weekday names.
            | R.str.contains(r"^[ ]*شنبه")
        ).alias("_date_part"),
    )
    keys = ["article_id", "sentence_id"]
    # "men over 50", "aged 60": an age, not a count.
    age = L.str.contains(r"(?i)(?:^|[ ])(?:aged|ages?|men|women|people|those|anyone|adults|males?|females?) (?:over|under|above|below|of)?[ ]*$")
    # "Hersh Goldberg-Polin, 23,": an age set off after a name.
    age = age | (L.str.contains(r"\p{Lu}[\p{L}'’-]*,[ ]*$") & R.str.contains(r"^[ ]*(?:[,;)]|$)"))
    # "هشت عضو یک خانواده": Persian "یک" before anything but a person is the indefinite article.
    article_one = (pl.col("mention") == "یک") & (pl.col("_person_noun").is_null() | ~R.str.starts_with(pl.col("_person_noun")))
    frame = frame.with_columns(
        age.alias("_age"),
        article_one.alias("_article_one"),
        (pl.col("_hostage_verb_before") & pl.col("_person_noun").is_null()).alias("_hostage_verb"),
    )
    # "between 20 and 30 children": a range is an estimate, not a count (most readers of our
    # batches left it out). Both ends are marked so that neither is read as a figure, and so
    # that the lower end is not taken as a neighbour bounding the upper end's context.
    range_end = L.str.contains(r"(?i)(?:^|[ ])between[ ]+\S+[ ]+and[ ]*$|(?:^|[ ])ما بين[ ]+\S+[ ]+و[ ]*$")
    frame = frame.sort([*keys, "pos"]).with_columns(
        range_end.alias("_range"),
        (range_end.shift(-1).over(keys).fill_null(False) & R.str.contains(r"^[ ]*(?:and|و)[ ]")).alias("_range_start"),
    )
    # Neighbouring figures bound the context of a figure; dates ("March 18"), ages, numbers of things
    # ("471 days", "90 percent") and of prisoners are not neighbours, so a cue beyond them counts.
    neighbour = ~(pl.col("_article_one") | pl.col("_unit") | pl.col("_date_part") | pl.col("_prisoner") | pl.col("_hyphenated") | pl.col("_age") | pl.col("_thing") | pl.col("_weapon") | pl.col("_range_start"))
    # Between two items of a list: a short noun phrase, a comma or a joining word, maybe a qualifier.
    list_joint = rf"[ ]*(?:[,،][ ]*(?:{LIST_JOINERS}[ ]*)?|{LIST_JOINERS}[ ]*)(?:(?:{qualifier_words})[ ]*)?"
    frame = frame.sort([*keys, "pos"]).with_columns(
        pl.when(neighbour).then(pl.col("pos")).shift(-1).backward_fill().over(keys).alias("_next_start"),
        pl.when(neighbour).then(pl.col("pos") + pl.col("mention_len")).shift(1).forward_fill().over(keys).alias("_prev_end"),
        # Is the count before this one (dates, units aside) a count of prisoners or of things?
        pl.when(neighbour | pl.col("_prisoner") | pl.col("_thing")).then(pl.col("_prisoner") | pl.col("_thing")).shift(1).forward_fill().over(keys).fill_null(False).alias("_after_non_person"),
    ).with_columns(
        # "87 of those abducted" names its group itself: not a part of a figure given before.
        (pl.col("_marked") | (pl.col("_partitive") & ~R.str.contains(CAPTIVES_PARTITIVE))).alias("breakdown"),
        # The words after the figure up to the next one: "14 children and nine women" counts children.
        until_next(pl.col("_np")).alias("_np_own"),
        # "26 soldiers and 23 civilians have been killed": the measure comes after the list.
        until_next(R).str.contains(rf"^{LIST_ITEM}{list_joint}$").alias("_list_before_next"),
        # "..., 21 تن آنان اطفال و 25 تن زنان", "پنج هزار نفر از آنان کودک و ۳ هزار نفر زن": the next item.
        (pl.col("_prev_end").is_not_null() & since_previous(L).str.contains(rf"^{LIST_ITEM}{list_joint}$")).alias("_listed"),
    )
    frame = frame.with_columns(
        (pl.col("breakdown") | (pl.col("_listed") & pl.col("breakdown").shift(1).over(keys).fill_null(False))).alias("breakdown"),
        # "شمار شهدا به 39 هزار نفر و شمار مجروحان به 90 هزار": a toll phrase names the figure only
        # when it starts after the figure before it.
        pl.coalesce(
            pick({m: dist_left(since_previous(L), alternation(v) + rf"[ ]*(?:{qualifier_words}[ ]*)?$") for m, v in lex["toll_phrases"].items()}),
            # "passed 40,000, reaching 40,005": the toll before, restated (its measure is taken below).
            pl.when(since_previous(L).str.contains(REACHING)).then(pl.lit("killed")),
        ).alias("_toll_metric"),
    )
    # "eight of the 33": the 33 names a group counted before in the article, it is not a new
    # figure; "111 of the 251 people seized" is the first word of the 251.
    seen_before = pl.int_range(pl.len()).over("article_id", "value") > 0
    referenced = (
        L.str.contains(r"(?i)(?:^|[ ])(?:of|among|from)[ ]+the[ ]*$|(?:^|[ ])(?:از|من)[ ]*$")
        & ((pl.col("pos") - pl.col("_prev_end")) <= 10).fill_null(False)
        & seen_before
    ) | (
        # "these five journalists", "با کشته شدن این پنج تن": people counted before, named again
        # (or about to be described: either way no new count).
        L.str.contains(r"(?i)(?:^|[ ])(?:these|those|این|هؤلاء)[ ]*$")
    )
    age = pl.col("_age")
    # "for every additional 10 hostages freed": a rate, not a count.
    rate = L.str.contains(r"(?i)(?:^|[ ])(?:every|each|per)(?: additional| extra| further| other)?[ ]*$") | R.str.contains(
        r"(?i)^[ ]+(?:\p{L}+[ ]+)?(?:for|in exchange for|per)[ ]+(?:each|every)[ ]"
    )
    # "more than 110 deaths a day", "نحو 92 قتيلا كل يوم", "an average of 139": a daily average.
    # (Not "a day after" nor "in a day": the day of an event, a count.)
    average = (
        R.str.contains(r"^(?:[ ]+[\p{L}'’]+){0,3}?[ ]*" + cue("rate_cues"))
        & ~R.str.contains(r"(?i)^(?:[ ]+[\p{L}'’]+){0,3}?[ ]+(?:in[ ]+(?:a|one)[ ]+(?:day|week|month)|(?:a|one)[ ]+(?:day|week|month)[ ]+(?:after|before|earlier|later|of))(?:[^\p{L}]|$)")
    ) | L.str.contains(cue("average_cues") + rf"[ ,،]*(?:(?:{qualifier_alternation()})[ ]*)?$")
    # "a centre sheltering more than 30,000 displaced people": the people a place holds.
    sheltered = L.str.contains(cue("shelter_cues") + rf"[ ]*(?:(?:{qualifier_alternation()})[ ]*)?$")
    # "3,500 children at risk of starving": not victims yet.
    at_risk = R.str.contains(r"^(?:[ ]+[\p{L}'’]+){0,2}?[ ]*" + cue("at_risk_cues"))

    # "دویست اسیر فلسطینی آزاد شدند که ۱۲۰ نفر از آنان ...", "three cars, two of them armoured":
    # a part of a count of prisoners or of things is not a figure.
    # ... and so is a part that counts things ("ودمرت ١٢٦ سيارة إسعاف" after "منهم").
    thing_part = pl.col("breakdown") & R.str.contains("^[ ]*" + cue("thing_nouns"))
    prisoners_part = pl.col("breakdown") & pl.col("_after_non_person") | thing_part
    # "arrested 99 of them": a part counted by an arrest verb of its own is no casualty.
    # ... and so is a count right after the arrest verb ("Apprehended 74 suspects").
    arrested = (
        dist_left(L, cue("detention_cues") + rf"(?:[ ]*\S+)?[ ]*(?:{qualifier_alternation()}[ ]*)?$").is_not_null() & pl.col("breakdown")
    ) | L.str.contains(cue("detention_cues") + rf"[ ]*(?:{qualifier_alternation()}[ ]*)?$")
    # "the UN counted 2,251 Palestinians dead" after "ended in August 2014": an earlier war's count.
    # "the largest wave of displacement since 1967" compares; it does not date the figure.
    since_year = r"(?i)(?:since|منذ|از)[ ]+(?:عام |العام |سنة |سال )?(?:19|20)\d\d"
    Lp, Rp = L.str.replace_all(since_year, "~"), R.str.replace_all(since_year, "~")
    past_dist = nearest(Lp, Rp, cue("past_conflict_cues"))
    current_dist = nearest(Lp, Rp, cue("current_war_cues"))
    earlier_war = past_dist.is_not_null() & (current_dist.is_null() | (past_dist < current_dist))
    # "90% of Gaza's 2.1 million people have been displaced", "a quarter of the community's 400
    # residents were killed": the base of a share is a population, not a count of victims.
    share_base = L.str.contains(
        r"(?i)(?:%|percent|per cent|a (?:quarter|third|fifth|tenth)|half|two[- ]thirds|three[- ]quarters|درصد|بالمئة|بالمائة|في المئة)[ ]+(?:of|از|من)[ ]+(?:(?:the|its|their)[ ]+)?(?:[\p{L}-]+(?:'s|’s)[ ]+)?(?:(?:estimated|about|some|roughly|nearly)[ ]+)?$"
    ) & R.str.contains(r"(?i)^[ ]+(?:million[ ]+|thousand[ ]+)?(?:people|residents|inhabitants|population|Gazans|Palestinians|civilians)[ ]+(?:have|has|had|are|were|is|was|live|lived)(?:[^\p{L}]|$)")
    frame = frame.filter(~referenced & ~age & ~pl.col("_article_one") & ~pl.col("_range_start") & ~pl.col("_range") & ~prisoners_part)
    # Is the mention a count of people at all?
    counts_people = (
        pl.col("_person_noun").is_not_null()
        | pl.col("_hostage_noun").is_not_null()
        | pl.col("_partitive_hostage")
        | pl.col("_noun_metric").is_not_null()
        | pl.col("_bare_metric").is_not_null()
        | pl.col("_toll_metric").is_not_null()
        | pl.col("_verb_metric").is_not_null()
        | pl.col("_hostage_verb")
        | pl.col("_hostage_toll")
        | pl.col("_toll_after")
        # ... but "The six had been abducted" names a group counted before.
        # ("Of the 50 still held in Gaza, ..." counts them: a new figure, unless seen before.)
        | (pl.col("_hostage_bare") & ~(L.str.contains(r"(?i)(?:^|[ ])the[ ]*$") & ~L.str.contains(r"(?i)(?:^|[ ])(?:of|among) the[ ]*$")))
    ) & ~(pl.col("_perpetrator") & pl.col("_bare_metric").is_null() & ~L.str.contains(r"(?i)(?:killed|killing|kill)(?: (?:more than|about|some|at least|over|around|nearly))?[ ]*$")) & ~pl.col("_weapon") & ~pl.col("_prisoner") & ~pl.col("_hyphenated") & ~pl.col("_date_part") & ~pl.col("_unit")
    # A breakdown ("of whom 41 are believed dead") may have no noun of its own: keep it for now.
    # Filtering before the cue search keeps the expensive part to the few real candidates.
    frame = frame.with_columns(counts_people.alias("_counts")).filter(
        pl.col("_counts") | (pl.col("breakdown") & ~pl.col("_prisoner") & ~pl.col("_hyphenated") & ~pl.col("_date_part") & ~pl.col("_unit"))
    )
    # (Rules that read long patterns run on the few candidates left, not on every number.)
    # (A release schedule is a count: "free five living hostages each week".)
    frame = frame.filter(~share_base & ~arrested & ~earlier_war & ~rate & ~(average & pl.col("_hostage_noun").is_null()) & ~at_risk & ~sheltered)
    # Measure and status words count only between this figure and its neighbours.
    Lc = since_previous(L)
    Rc = until_next(R)
    # A qualifier before the figure belongs to it, not to the distance from a cue.
    Lq = Lc.str.replace(rf"(?:{qualifier_words})[ ]*$", "")
    # "33 hostages, living or dead,": both states at once say neither.
    Rc_status = Rc.str.replace(CAPTIVES_PARTITIVE, " ~").str.replace(SUBSET_CLAUSE, " ~").str.replace_all(
        r"(?i)(?:living or dead|alive or dead|dead or alive)|(?:أحياء|أحياء) (?:أو|أم) (?:أمواتا|أموات)|(?:زنده|مرده) (?:یا|و) (?:مرده|زنده)", "~"
    )
    # "110 تن ... کشته و 760 تن دیگر زخمی": a cue before "and" belongs to the previous figure.
    Lq = pl.when(Lq.str.contains(r"(?:^|[ ,])(?:and|و)[ ]*$")).then(pl.lit("")).otherwise(Lq)
    # "... في عداد المفقودين، وأن ٣٢٦ ... استشهدوا": a new clause after the previous figure starts afresh.
    Lq = pl.when(pl.col("_prev_end").is_not_null()).then(Lq.str.replace(r"^.*[,،;][ ]*(?:and[ ]|و)", "")).otherwise(Lq)
    # ... and so does a status word: "126 تن به گروگان گرفته شده اند و 286 سرباز ... کشته".
    Lc = pl.when(Lc.str.contains(r"(?:^|[ ,])(?:and|و)[ ]*$") & pl.col("_prev_end").is_not_null()).then(pl.lit("")).otherwise(Lc)
    frame = frame.with_columns(
        pick({m: nearest(Lq, Rc, alternation(lex["metric_cues"][m])) for m in METRICS}).alias("_cue_metric"),
        # "held" describes where hostages are; what happens to them (freed, to be freed, dead) wins.
        pl.coalesce(
            pick({s: nearest(Lc, Rc_status, alternation(lex["hostage_status_cues"][s])) for s in STATUSES if s != "held"}),
            nearest(Lc, Rc_status, alternation(lex["hostage_status_cues"]["held"])).is_not_null().replace_strict({True: "held"}, default=None),
        ).alias("_cue_status"),
        pl.min_horizontal(*[nearest(Lc, Rc, alternation(v)) for v in lex["metric_cues"].values()]).alias("_metric_dist"),
        pl.min_horizontal(
            *[nearest(Lc, Rc, alternation(lex["hostage_status_cues"][s])) for s in ["taken", "held", "released", "to_be_released"]],
            nearest(Lc, Rc, cue("hostage_remains_cues")),
        ).alias("_status_dist"),
        dist_right(R, "^" + alternation(lex["hostage_status_cues"]["to_be_released"])).alias("_tbr_right"),
        nearest(Lc, Rc, alternation(lex["hostage_status_cues"]["to_be_released"])).alias("_tbr_dist"),
        nearest(Lc, Rc, alternation(lex["hostage_status_cues"]["released"])).alias("_rel_dist"),
        # (Here, beside _cue_status, so that polars computes the shared distances once.)
        nearest(Lc, Rc_status, cue("still_held_cues")).alias("_still_dist"),
        pl.min_horizontal(*[nearest(Lc, Rc_status, alternation(lex["hostage_status_cues"][s])) for s in STATUSES if s != "held"]).alias("_other_status_dist"),
        nearest(Lc, Rc, cue("starvation_context")).alias("_starvation_dist"),
        nearest(Lc, Rc, cue("natural_death_cues")).alias("_died_dist"),
    )
    hostage_kind = (
        pl.col("_hostage_noun").is_not_null()
        | pl.col("_hostage_toll")
        | pl.col("_hostage_verb")
        # "The deaths raise to 20 the number of hostages declared dead".
        | (pl.col("_toll_after") & R.str.contains(r"(?i)^[ ]+the (?:number|toll|tally|total) of (?:\S+ )?(?:hostages|captives)"))
        | pl.col("_partitive_hostage")
        | pl.col("_hostage_bare")
        | (
            pl.col("_noun_metric").is_null()
            & pl.col("_toll_metric").is_null()
            & pl.col("_status_dist").is_not_null()
            # "remain", "still" say hostage only where captivity is the subject at all.
            & (
                (pl.col("_cue_status") != "held")
                | pl.col("sentence").str.contains(cue("hostage_nouns"))
                | pl.col("sentence").str.contains(cue("captivity_cues"))
            )
            & (pl.col("_metric_dist").is_null() | (pl.col("_status_dist") < pl.col("_metric_dist")))
        )
    )
    # "101 hostages still in Gaza ...; Israel says at least 35 are dead": a figure with no noun of
    # its own goes on counting what the sentence's previous figure counted.
    own_noun = (
        pl.col("_person_noun").is_not_null() | pl.col("_noun_metric").is_not_null()
        | pl.col("_hostage_noun").is_not_null() | pl.col("_toll_metric").is_not_null()
    )
    previous_is_hostage = (
        pl.when(own_noun).then(pl.col("_hostage_noun").is_not_null()).forward_fill().shift(1).over(keys).fill_null(False)
    )
    hostage_kind = hostage_kind | (~own_noun & previous_is_hostage & pl.col("_cue_status").is_not_null())
    frame = frame.with_columns(pl.when(hostage_kind).then(pl.lit("hostage")).otherwise(pl.lit("casualty")).alias("kind"))
    # An item of a list with no measure of its own next to a hostage figure of the same list is one
    # too: "10 of its nationals and one Filipino worker had been let go", "50 إسرائيليا، إضافة إلى 19 أجنبيا".
    no_measure = pl.all_horizontal(pl.col(c).is_null() for c in ("_noun_metric", "_bare_metric", "_toll_metric", "_metric_dist"))
    hostage_neighbour = (pl.col("_listed") & (pl.col("kind").shift(1).over(keys) == "hostage")) | (
        pl.col("_list_before_next") & (pl.col("kind").shift(-1).over(keys) == "hostage")
    )
    frame = frame.with_columns(
        pl.when(no_measure & hostage_neighbour.fill_null(False)).then(pl.lit("hostage")).otherwise(pl.col("kind")).alias("kind")
    )
    # Casualty measure: the noun itself, then a bare participle or toll phrase, then the nearest cue.
    metric = pl.coalesce("_noun_metric", "_bare_metric", "_toll_metric", "_verb_metric", "_cue_metric")
    # "10,000 people are dead or missing under the rubble": counted as missing (the wider measure).
    dead_or_missing = R.str.contains(
        r"(?i)^(?:[ ]+[\p{L}'’]+){0,2}?[ ]+(?:(?:are|were|have been|had been|remain)[ ]+)?(?:dead or missing|missing or dead|killed or missing|missing,? presumed dead)"
    ) | R.str.contains(r"^(?:[ ]+\S+){0,2}?[ ]+(?:بين )?(?:شهيد ومفقود|قتيل ومفقود|کشته و مفقود|کشته یا مفقود)")
    metric = pl.when(dead_or_missing).then(pl.lit("missing")).otherwise(metric)
    metric = (
        # "ستة أطفال توفوا ... بسبب الجفاف وسوء التغذية": a death (not a killing) with hunger in its clause.
        pl.when(metric.is_in(["killed"]) & ((pl.col("_starvation_dist") <= NEAR) | ((pl.col("_died_dist") <= NEAR) & (pl.col("_starvation_dist") <= 4 * NEAR))))
        .then(pl.lit("starvation_deaths"))
        .otherwise(metric)
    )
    # "bringing the number of such deaths to 133": the measure of the figure before it.
    refers_back = (
        Lc.str.contains(r"(?i)(?:^|[ ])(?:such|these|those|similar) (?:deaths|cases|fatalities)(?:[^\w]|$)")
        | Lc.str.contains(cue("bare_total_words"))
        | Lc.str.contains(REACHING)
    )
    metric = pl.when(refers_back).then(metric.forward_fill().shift(1).over("article_id")).otherwise(metric)
    frame = frame.with_columns(refers_back.alias("_refers_back"))
    # Hostage status: a promise to release beats a plain "release of" nearby, and so does a
    # plan ("the deal provides for the release of 33").
    # ... unless the deal is said to have led to it ("أفضت إلى الإفراج عن 25").
    outcome = dist_left(pl.col("_left"), cue("release_outcome_cues") + rf"[ ]*(?:{qualifier_words}[ ]*)?$").is_not_null()
    # "ثلاثة محتجزين سلمتهم حماس": a release verb on the figure's own noun phrase is no plan.
    released_here = dist_right(Rc, alternation(lex["hostage_status_cues"]["released"])) <= NEAR
    planned = pl.col("sentence").str.contains(cue("deal_context")) & ~outcome & ~released_here.fill_null(False) & (
        nearest(pl.col("_left"), pl.col("_right"), alternation({"en": ["release of"], "fa": ["آزادی"], "ar": ["الإفراج عن", "إطلاق سراح"]})) == pl.col("_rel_dist")
    )
    # "33 hostages were returned" in a story of a deal's first phase: done, not planned.
    released_past = Rc.str.contains(
        r"(?i)^(?:[ ]+[\p{L}'’]+){0,3}?[ ]+(?:were|was|have been|had been|has been)(?:[ ]+\p{L}+)?[ ]+(?:released|freed|returned|handed over|rescued|let go)(?:[^\p{L}]|$)"
    ) | Rc.str.contains(r"^(?:[ ]+\S+){0,2}?[ ]+(?:قد )?(?:أفرج|أطلق سراح)(?:هم|ت)?[ ]+عنهم")
    status = (
        pl.when(released_past & pl.col("_cue_status").is_in(["released", "to_be_released"])).then(pl.lit("released"))
        .when(
            pl.col("_tbr_dist").is_not_null()
            & (pl.col("_rel_dist").is_null() | (pl.col("_tbr_dist") <= pl.col("_rel_dist") + 15))
            & (pl.col("_cue_status").is_in(["released", "to_be_released"]))
        )
        .then(pl.lit("to_be_released"))
        .when((pl.col("_cue_status") == "released") & planned)
        .then(pl.lit("to_be_released"))
        .otherwise(pl.col("_cue_status"))
    )
    # "until the 59 hostages are returned", "the release of the remaining 136 hostages": still held.
    until = Lc.str.contains(r"(?i)(?:^|[ ])(?:until|till)(?: all| the)*[ ]*$")
    own_held = Lc.str.contains(r"(?i)(?:^|[ ])remaining[ ]*$") | R.str.contains(
        r"(?i)^(?:[ ]+[\p{L}'’]+)?[ ]+(?:hostages|captives)[ ]+(?:still (?:held|in captivity)|who remain|remaining)"
    )
    # "109 hostages abducted on October 7 remain in Gaza": where they are now beats how they were taken.
    # Not for the whole of a partitive ("111 of the 251 people seized ... remain"): the part remains.
    # ... and so it does over any status word farther away ("killed in the attack ..., and that 136
    # hostages remain in Gaza").
    still_dist, other_dist = pl.col("_still_dist"), pl.col("_other_status_dist")
    whole_of_a_part = Lc.str.contains(rf"(?i)(?:^|[ ])(?:of|of the|among|among the|من بين|من|از)[ ]*(?:(?:{qualifier_words})[ ]*)?$")
    # Nor for the whole of a part that follows ("251 رهينة، لا يزال 48 منهم في غزة"): the part remains.
    part_next = (pl.col("breakdown") | pl.col("_partitive")).shift(-1).over(keys).fill_null(False) & Rc_status.str.contains(
        r"[,،][ ]*" + cue("still_held_cues") + r"[ ]*$"
    )
    still_held = ~whole_of_a_part & ~part_next & (
        ((pl.col("_cue_status") != "held") & (still_dist <= NEAR) & (still_dist < other_dist))
        | ((pl.col("_cue_status") == "taken") & Rc_status.str.extract(CLAUSE_HEAD, 1).str.contains(cue("still_held_cues")))
    )
    status = (
        pl.when(until | still_held).then(pl.lit("held"))
        .when((status == "to_be_released") & own_held & pl.col("_tbr_right").is_null()).then(pl.lit("held"))
        .otherwise(status)
    )
    # Remains handed back are dead hostages, unless their return is still a plan.
    tbr_words, released_words = alternation(lex["hostage_status_cues"]["to_be_released"]), alternation(lex["hostage_status_cues"]["released"])
    plan_nearer_than_release = pl.col("_tbr_dist").is_not_null() & (pl.col("_rel_dist").is_null() | (pl.col("_tbr_dist") <= pl.col("_rel_dist")))
    plan_left, release_left = dist_left(pl.col("_left"), tbr_words), dist_left(pl.col("_left"), released_words)
    plan_before_release = plan_left.is_not_null() & (release_left.is_null() | (plan_left <= release_left))
    status = (
        # (A plan named before a done release does not count: "the first phase, ..., handed over
        # 25 living hostages and the bodies of eight others".)
        pl.when(pl.col("_remains") & (plan_nearer_than_release | plan_before_release)).then(pl.lit("to_be_released"))
        .when(pl.col("_remains")).then(pl.lit("dead"))
        .otherwise(status)
    )
    frame = frame.with_columns(
        pl.when(pl.col("kind") == "casualty").then(metric).alias("metric"),
        pl.when(pl.col("kind") == "hostage").then(status).alias("status"),
    )
    # "322 نفر از جمله 123 کودک ... جان باخته اند", "four hostages, consisting of two Americans and
    # two Israelis, have been freed": the verb after the breakdowns describes their parent too.
    before_breakdown = pl.col("breakdown").shift(-1).over(keys).fill_null(False)
    frame = frame.with_columns(
        pl.when(pl.col("metric").is_null() & (pl.col("kind") == "casualty") & before_breakdown)
        .then(pl.col("metric").backward_fill().over(keys))
        .otherwise(pl.col("metric"))
        .alias("metric"),
        pl.when(pl.col("status").is_null() & (pl.col("kind") == "hostage") & before_breakdown)
        .then(pl.col("status").backward_fill().over(keys))
        .otherwise(pl.col("status"))
        .alias("status"),
    )
    frame = _inherit_breakdowns(frame).filter(pl.col("_counts") | pl.col("_parent_kind").is_not_null())
    # Items of a list share the measure named once for all of them.
    frame = frame.with_columns(
        pl.when(pl.col("metric").is_null() & pl.col("_list_before_next") & (pl.col("kind") == "casualty"))
        .then(pl.col("metric").backward_fill().over(keys))
        .when(pl.col("metric").is_null() & pl.col("_listed") & (pl.col("kind") == "casualty"))
        .then(pl.col("metric").forward_fill().over(keys))
        .otherwise(pl.col("metric"))
        .alias("metric")
    )
    # "19 living hostages, as well as five Thai nationals ..., have come home": so is the status.
    frame = frame.with_columns(
        pl.when(pl.col("status").is_null() & pl.col("_list_before_next") & (pl.col("kind") == "hostage"))
        .then(pl.col("status").backward_fill().over(keys))
        .when(pl.col("status").is_null() & pl.col("_listed") & (pl.col("kind") == "hostage"))
        .then(pl.col("status").forward_fill().over(keys))
        .otherwise(pl.col("status"))
        .alias("status")
    )
    # "۵۰ زن و طفل گروگان ... در بدل ۱۵۰ زندانی ... آزاد می شوند": a verb at the clause's end, past
    # the prisoners, tells what happens to a captive figure with no status word of its own.
    clause_rest = pl.col("_right").str.replace(CAPTIVES_PARTITIVE, " ~").str.extract(CLAUSE_HEAD, 1)
    clause_status = pick({s: dist_right(clause_rest, alternation(lex["hostage_status_cues"][s])) for s in STATUSES if s != "held"})
    # Not past a part of the figure ("... که ۴۰ نفر از آنان کشته شده"): that verb is the part's.
    part_follows = (pl.col("breakdown") | pl.col("_partitive")).shift(-1).over(keys).fill_null(False)
    clause_status = pl.when(~part_follows).then(clause_status)
    frame = frame.with_columns(
        pl.when(pl.col("kind") == "hostage").then(pl.coalesce("status", clause_status, pl.lit("held"))).alias("status")
    )
    frame = frame.filter(~((pl.col("kind") == "hostage") & pl.col("_np").str.contains(PALESTINIAN)))
    frame = frame.filter(
        ((pl.col("kind") == "casualty") & pl.col("metric").is_not_null()) | (pl.col("kind") == "hostage")
    )
    return describe_figures(frame).drop(pl.selectors.starts_with("_"), "paragraph_place").collect()


def _inherit_breakdowns(frame: pl.LazyFrame) -> pl.LazyFrame:
    """'including 2,913 children': take kind and measure from the previous figure of the sentence
    unless the breakdown carries its own cue right after it ('of whom 34 are believed dead')."""
    keys = ["article_id", "sentence_id"]
    frame = frame.sort([*keys, "pos"])

    def parent(column: str) -> pl.Expr:
        """The last non-breakdown figure before this one in the sentence; for "N of them", in the article."""
        in_sentence = pl.when(~pl.col("breakdown")).then(pl.col(column)).forward_fill().shift(1).over(keys)
        in_article = pl.when(~pl.col("breakdown")).then(pl.col(column)).forward_fill().shift(1).over("article_id")
        return pl.coalesce(in_sentence, pl.when(pl.col("_partitive")).then(in_article))

    # "the dead included 15,103 children": the part names its measure itself.
    named_part = pl.col("_left").str.extract(
        r"(?i)(?:^|[ ])(?:the|those) (dead|killed|victims|wounded|injured) (?:included|include|were)[ ]*$", 1
    )
    frame = frame.with_columns(
        named_part.replace_strict({"dead": "killed", "killed": "killed", "victims": "killed", "wounded": "injured", "injured": "injured"}, default=None).alias("_named_part_metric"),
        parent("kind").alias("_parent_kind"),
        parent("metric").alias("_parent_metric"),
        parent("status").alias("_parent_status"),
    )
    has_parent = pl.col("breakdown") & pl.col("_parent_kind").is_not_null()
    own_right_status = pick(
        # (not past the clause: "including 19 women and two children; 35 of them have been declared dead")
        {s: dist_right(pl.col("_right").str.extract(r"^([^;؛.]*)", 1), alternation(load_lexicon()["hostage_status_cues"][s])) for s in STATUSES}, NEAR * 2
    )
    # "لا يزال 68 منهم في غزة": a status word right before the breakdown is its own too.
    own_left_status = pick(
        {s: dist_left(since_previous(pl.col("_left")), alternation(load_lexicon()["hostage_status_cues"][s]) + rf"[ ]*(?:{qualifier_alternation()}[ ]*)?$") for s in STATUSES}
    )
    return frame.with_columns(
        pl.when(has_parent).then(pl.col("_parent_kind")).otherwise(pl.col("kind")).alias("kind"),
    ).with_columns(
        pl.when(has_parent & (pl.col("kind") == "casualty"))
        # "10 of those deaths": the deaths counted before, with their measure.
        .then(
            pl.when(
                pl.col("_right").str.contains(r"(?i)^[ ]+of (?:those|these)[ ]+(?:deaths|fatalities)(?:[^\p{L}]|$)")
                & pl.col("_parent_metric").is_in(["killed", "starvation_deaths"])
            )
            .then(pl.col("_parent_metric"))
            .otherwise(pl.coalesce("_noun_metric", "_bare_metric", "_named_part_metric", "_parent_metric"))
        )
        .otherwise(pl.col("metric"))
        .alias("metric"),
        pl.when(has_parent & (pl.col("kind") == "hostage"))
        # "returned: 33 - 25 of them alive": alive says how they came back, not that they are held.
        .then(
            pl.when((pl.coalesce(own_right_status, own_left_status) == "held") & pl.col("_parent_status").is_in(["released", "to_be_released"]))
            .then(pl.col("_parent_status"))
            .otherwise(pl.coalesce(own_right_status, own_left_status, "_parent_status"))
        )
        .otherwise(pl.col("status"))
        .alias("status"),
    )


