"""One sentence or two per reading rule of figures.py: what a careful reader takes from them.

Casualty facts are (value, metric, victim_group, region, scope, qualifier); hostage facts are
(value, status, hostage_group, qualifier). Each case is the whole expected output of its text.
"""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.extraction import extract_facts
from orchestration.extraction.normalize import normalize_articles


def facts(text: str) -> tuple[list[tuple], list[tuple]]:
    articles = normalize_articles(pl.DataFrame({"raw_text": [text]})).with_columns(pl.lit(None, dtype=pl.Date).alias("published_on"))
    extracted = extract_facts(articles)
    casualties = extracted.casualty_facts.select("value", "metric", "victim_group", "region", "scope", "qualifier").rows()
    hostages = extracted.hostage_facts.select("value", "status", "hostage_group", "qualifier").rows()
    return sorted(casualties), sorted(hostages)


CASES = {
    "captives counted without a noun": (
        "Four hostages were freed on Friday. Under the first phase, 33 are due to go home over 42 days.",
        [], [(4, "released", "all", "exact"), (33, "to_be_released", "all", "exact")],
    ),
    "remains whose return is planned": (
        "Under the proposal, 10 living hostages and 18 bodies would be returned.",
        [], [(10, "to_be_released", "all", "exact"), (18, "to_be_released", "all", "exact")],
    ),
    "Persian ages and 'no longer alive'": (
        "حماس عیدان الکساندر، سرباز 21 ساله اسراییلی-امریکایی را آزاد کرد. هنوز 58 گروگان در غزه باقی مانده اند که دست کم 35 تن آنان دیگر زنده نیستند.",
        [], [(35, "dead", "all", "at_least"), (58, "held", "all", "exact")],
    ),
    "windows of any length, and since a day-first date": (
        "More than 1,000 people died in the past two weeks. An estimated 632,000 people have been displaced anew since 18 March.",
        [(1000, "killed", "all", "gaza", "period", "more_than"), (632000, "displaced", "all", "gaza", "period", "about")], [],
    ),
    "a toll phrase starts after the figure before it; a single strike's toll is a window": (
        "شمار شهدای نوار غزه از 7 اکتبر 2023 تاکنون به 40 هزار و 74 نفر و شمار زخمی ها به 92 هزار و 401 نفر رسیده است. "
        "The ministry raised the death toll from an Israeli strike on a building in Beit Lahia to 93.",
        [(93, "killed", "all", "gaza", "period", "exact"), (40074, "killed", "all", "gaza", "cumulative", "exact"),
         (92401, "injured", "all", "gaza", "cumulative", "exact")], [],
    ),
    "spaced Dari hundreds": (
        "بیش از یک میلیون و چهار صد هزار بیجاشده در رفح پناه گرفته اند.",
        [(1400000, "displaced", "all", "gaza", "cumulative", "more_than")], [],
    ),
    "Arabic duals of scale words": (
        "ونزح قرابة مليوني إنسان منذ بدء الحرب.", [(2000000, "displaced", "all", "gaza", "cumulative", "about")], [],
    ),
    "'alive' says how a released part came back": (
        "Israeli hostages returned: 33, 25 of them alive.", [], [(25, "released", "all", "exact"), (33, "released", "all", "exact")],
    ),
    "where captives are now beats how they were taken": (
        "Israel says 97 hostages abducted on October 7 remain in Gaza, including the bodies of 33 whose deaths have been confirmed.",
        [], [(33, "dead", "all", "exact"), (97, "held", "all", "exact")],
    ),
    "remains named before the figure count dead captives": (
        "Four hostages were rescued in June, and the bodies of 19 have been recovered.",
        [], [(4, "released", "all", "exact"), (19, "dead", "all", "exact")],
    ),
    "a Persian verb at the clause's end, past the prisoners, gives the status": (
        "بر اساس این توافق، ۳۰ زن و طفل گروگان در بدل ۹۰ زندانی فلسطینی آزاد می شوند.",
        [], [(30, "to_be_released", "women_children", "exact")],
    ),
    "Persian 'let go' and 'are to be let go'": (
        "حماس ۱۷ گروگان را رها کرد. قرار است فردا ۱۲ گروگان دیگر رها شوند.",
        [], [(12, "to_be_released", "all", "exact"), (17, "released", "all", "exact")],
    ),
    "Arabic 'whose killing was confirmed' are dead captives": (
        "وتقول إسرائيل إن 97 محتجزا ما زالوا في غزة، بينهم 33 تأكد مقتلهم.",
        [], [(33, "dead", "all", "exact"), (97, "held", "all", "exact")],
    ),
    "the toll of a named strike is a window (Arabic)": (
        "وقالت وزارة الصحة في غزة إن حصيلة غارة الأربعاء على مدرسة في جباليا ارتفعت إلى 17 قتيلا.",
        [(17, "killed", "all", "gaza", "period", "exact")], [],
    ),
    "'remain' next to the figure beats a status word farther away": (
        "Israel says about 1,200 people were killed in the Hamas-led attack that started the war, and that 130 hostages remain in Gaza, among them 17 women.",
        [(1200, "killed", "all", "israel", "cumulative", "about")], [(17, "held", "women_children", "exact"), (130, "held", "all", "exact")],
    ),
    "a status after a semicolon belongs to the next clause": (
        "Israel believes 120 hostages remain in Gaza, including 15 women and two children; 30 of them have been declared dead.",
        [], [(2, "held", "women_children", "exact"), (15, "held", "women_children", "exact"), (30, "dead", "all", "exact"), (120, "held", "all", "exact")],
    ),
    "Arabic teens are one number; a sentence label names aid seekers": (
        "شهداء لقمة العيش: وصل إلى المستشفيات خلال الساعات الـ24 الماضية ثلاثة عشر شهيدا و 87 إصابة.",
        [(13, "killed", "other", "gaza", "period", "exact"), (87, "injured", "other", "gaza", "period", "exact")], [],
    ),
    "Dari hundreds written as one word; a window opened by the resumption of attacks": (
        "این وزارت افزود که از ازسرگیری حملات اسراییل در 28 حوت بدینسو، 673 تن کشته و بیش از هزار و دوصد تن زخمی شده اند.",
        [(673, "killed", "all", "gaza", "period", "exact"), (1200, "injured", "all", "gaza", "period", "more_than")], [],
    ),
    "captives counted by their predicate alone": (
        "HOSTAGES: militants seized 251 people on October 7, 2023; 48 remain in Gaza. "
        "The first phase provides for 33 hostages to be returned; 15 are still due.",
        [], [(15, "to_be_released", "all", "exact"), (33, "to_be_released", "all", "exact"), (48, "held", "all", "exact"), (251, "taken", "all", "exact")],
    ),
    "an Arabic dual noun counts two; with the article it names two already known": (
        "وأعلن وزير الصحة أن حصيلة غارة الثلاثاء ارتفعت إلى 12 قتيلا، بينهم طفلان. "
        "وكان بين المفرج عنهم أفيرا منغيستو وهشام السيد، المحتجزان في غزة منذ سنوات.",
        [(2, "killed", "children", "gaza", "period", "exact"), (12, "killed", "all", "gaza", "period", "exact")], [],
    ),
    "people at risk of dying are not victims yet": (
        "وأشار المكتب إلى أن ٤٤ شخصا توفوا بسبب سوء التغذية، محذرا من أن ٣٥٠٠ طفل معرضون للموت جوعا.",
        [(44, "starvation_deaths", "all", "gaza", "cumulative", "exact")], [],
    ),
    "the people a shelter holds are no displacement figure": (
        "UNRWA said a shell hit its training centre in Khan Younis, which was sheltering more than 30,000 displaced people.",
        [], [],
    ),
    "an Arabic verb before a figure with no noun names its measure; a lone ألف is a thousand": (
        "قُتل 67160 فلسطينياً وأصيب 169679 منذ السابع من أكتوبر 2023. وفي الضفة الغربية، قتل ما لا يقل عن ألف فلسطيني منذ بدء الحرب.",
        [(1000, "killed", "all", "west_bank", "cumulative", "at_least"), (67160, "killed", "all", "gaza", "cumulative", "exact"),
         (169679, "injured", "all", "gaza", "cumulative", "exact")], [],
    ),
    "soldiers 'fell'; 'others' wounded beside killed soldiers are soldiers, where they fell": (
        "20 soldiers fell in Gaza in June. Five IDF soldiers were killed and 14 others wounded in Beit Hanoun late on Monday.",
        [(5, "killed", "other", "israel", "period", "exact"), (14, "injured", "other", "israel", "period", "exact"),
         (20, "killed", "other", "israel", "period", "exact")], [],
    ),
    "bodies reaching hospitals are the dead; bodies still in Gaza are dead hostages": (
        "Gaza's health ministry said 62 bodies had reached hospitals in the previous 24 hours. Another 13 bodies are still believed to be in Gaza.",
        [(62, "killed", "all", "gaza", "period", "exact")], [(13, "dead", "all", "exact")],
    ),
    "people arrested are no casualties; a strike headline with no running total is an event": (
        "Troops eliminated more than 30 terrorists and apprehended 74 suspects in the raid. "
        "At least 44 killed in Israeli strikes across Gaza, hospital officials say.",
        [(30, "killed", "other", "gaza", "period", "more_than"), (44, "killed", "all", "gaza", "period", "at_least")], [],
    ),
    "captives to be exchanged are a plan": (
        "السیسی پیشنهاد کرد آتش بسی دو روزه برقرار شود تا در جریان آن چهار اسیر صهیونیست با شماری از اسرای فلسطینی مبادله شوند.",
        [], [(4, "to_be_released", "all", "exact")],
    ),
    "a release schedule is a count; 'in the same period' in Persian": (
        "Under the proposal Hamas would free five living hostages each week. "
        "وزارت صحت غزه گفت در ۲۴ ساعت گذشته ۴۰ تن کشته شدند. به گفته این وزارت، در همین مدت 75 تن در حملات اسراییل زخمی شده اند.",
        [(40, "killed", "all", "gaza", "period", "exact"), (75, "injured", "all", "gaza", "period", "exact")], [(5, "to_be_released", "all", "exact")],
    ),
    "a foreign health ministry counts its own country's victims": (
        "Iran's Health Ministry said on Tuesday that 610 people had been killed in Israeli strikes and 4,746 injured.",
        [(610, "killed", "all", "other", "period", "exact"), (4746, "injured", "all", "other", "period", "exact")], [],
    ),
}


@pytest.mark.parametrize("rule", list(CASES))
def test_reading_rule(rule):
    text, casualties, hostages = CASES[rule]
    assert facts(text) == (sorted(casualties), sorted(hostages))
