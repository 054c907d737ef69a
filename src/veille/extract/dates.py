"""When an event happened, from the words of the report and the day it was published.

``find_dates`` reads one folded sentence (see ``text.fold``) and returns every date it
names, resolved against a reference day (the publication date, or the wire dateline's):

- absolute: "12 mai 2024", "May 12", "Saturday, June 7", "2024-05-12";
- nights: "dans la nuit du 10 au 11 mai" and "la nuit de samedi à dimanche" (the first
  day), "overnight into Sunday" (the day before Sunday);
- days relative to publication: "hier", "avant-hier", "yesterday", "today", weekdays
  ("samedi dernier", "last Tuesday", "on Sunday": the latest such day on or before the
  reference, a week back when "dernier"/"last" is said on that very weekday);
- weeks (precision 2): "la semaine dernière", "last week", "over the past week",
  "le week-end dernier";
- months (precision 3): "début mai", "fin janvier", "mid-March", "in early May", "en mars";
- relative to the previous date in the article (``anchor``): "le lendemain", "the next
  day", "la veille", "deux jours plus tard", "the same day";
- long ago: "en 2021", "il y a trois ans", "a year ago" — flagged ``old``.

A day and month without a year take the year that puts them on or before the reference
day (a week's grace for reports dated ahead).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "fev": 2, "mar": 3, "apr": 4, "avr": 4, "jun": 6, "jul": 7, "juil": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7,
                "quelques": 3, "several": 3, "few": 3}

_MONTH = r"(?P<{n}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<{n}>" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?P<{n}>[0-3]?\d)(?:er|st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:19|20)\d\d)"


def _p(template: str) -> re.Pattern:
    names = {}
    for token, base in (("MONTH", _MONTH), ("WD", _WD), ("DAY", _DAY), ("YEAR", _YEAR)):
        count = 0
        while "{" + token + "}" in template:
            count += 1
            names[token] = count
            template = template.replace("{" + token + "}", base.format(n=f"{token.lower()}{count}"), 1)
    return re.compile(template)


@dataclass(frozen=True)
class DateMention:
    date: dt.date | None  # None when the reference needed to resolve it is unknown
    precision: int  # 1 day, 2 week, 3 month
    start: int
    end: int
    kind: str  # absolute, night, relative, weekday, week, month, anaphoric, past
    old: bool = False  # a long-past date or phrasing ("en 2021", "a year ago")
    offset: int = 0  # for anaphoric mentions: days after (+) or before (-) the anchor


_NIGHT_DAYS = _p(r"\b(?:dans )?(?:la )?nuit (?:du |de )?(?:{WD} )?{DAY}(?: {MONTH})?(?: {YEAR})?"
                 r" (?:au|a) (?:{WD} )?{DAY}(?: {MONTH})?(?: {YEAR})?")
_NIGHT_EN = _p(r"\b(?:the )?night of (?:{WD},? )?(?:{MONTH} {DAY}|{DAY}(?: {MONTH})?)"
               r"(?:\s?(?:-|to|and|into)\s?(?:{WD},? )?(?:{MONTH} )?{DAY}(?: {MONTH})?)?(?:,? {YEAR})?")
_NIGHT_WEEKDAYS = _p(r"\b(?:dans )?la nuit (?:de|du) {WD} (?:a|au) {WD}")
_OVERNIGHT_EN = _p(r"\bovernight (?:(?:on |from )?{WD} (?:to|into) {WD}|into {WD})")
_DMY = _p(r"\b(?:{WD},? )?(?:le )?{DAY} {MONTH}(?:,? {YEAR})?\b")  # "28 separate shops" names no September
_MDY = _p(r"\b(?:{WD},? )?{MONTH} {DAY}(?:,? {YEAR})?\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_WEEK_RANGE = _p(r"\b(?:la |the )?(?:semaine|week) (?:du|of|from) (?P<d1>[0-3]?\d) (?:au|to|-) (?P<d2>[0-3]?\d)"
                 r"(?:/(?P<m>[01]?\d)(?:/(?P<y>(?:19|20)\d\d))?| (?P<month>{MONTH})(?: (?P<y2>(?:19|20)\d\d))?)\b")
_SLASH = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")
_WEEKDAY = _p(r"\b(?:(?P<last1>last|this|ce|on|le) )?{WD}(?: (?P<last2>dernier|passe|derniere))?"
              r"(?: (?:soir|matin|apres midi|night|morning|evening|afternoon))?\b")
_RELATIVE = re.compile(r"\b(?P<w>avant hier|hier|aujourd hui|ce matin|cette nuit|ce soir|yesterday|today|"
                       r"this morning|last night|tonight|day before yesterday|earlier today)\b")
_RELATIVE_DAYS = {"avant hier": -2, "day before yesterday": -2, "hier": -1, "yesterday": -1, "last night": -1,
                  "aujourd hui": 0, "today": 0, "ce matin": 0, "this morning": 0, "cette nuit": 0,
                  "ce soir": 0, "tonight": 0, "earlier today": 0}
_WEEK = re.compile(r"\b(?P<w>la semaine (?:derniere|passee|ecoulee)|(?:over )?(?:the )?(?:past|last|previous) week"
                   r"|cette semaine|this week|(?:le|ce) week end(?: dernier)?|(?:over )?(?:the|last) weekend)\b")
_MONTH_PART = _p(r"\b(?:(?:in|en) )?(?P<part>debut|mi|fin|early|mid|late|courant|in|en|last|this past)"
                 r"(?: de| d| of| the month of)? {MONTH}(?: {YEAR})?\b")
# "the January killings at Yirgou": a month as the name of an event
_MONTH_NOUN = _p(r"\b(?:the|its|their|last) {MONTH} (?:killings|attacks?|massacres?|raids?|ambush(?:es)?|bombings?|assault|coup)\b")
_MONTH_YEAR = _p(r"\b(?:(?:in|en|de|d|of|since|depuis) )?{MONTH} {YEAR}\b")
_YEAR_ONLY = _p(r"\b(?P<prep>en|in|since|depuis|de|of|d) {YEAR}\b")
_AGO = re.compile(r"\b(?:il y a (?P<n1>\d+|un|une|deux|trois|quelques) (?P<u1>ans?|mois|semaines?|jours?)"
                  r"|(?P<n2>\d+|a|one|two|three|several|few) (?P<u2>years?|months?|weeks?|days?) ago)\b")
_ANAPHORIC = re.compile(
    r"\b(?P<w>le lendemain|the next day|the following day|a day later|la veille|the previous day|the day before"
    r"|le meme jour|the same day|that same day|ce meme jour"
    r"|(?P<n>\d+|deux|trois|quatre|two|three|four) (?:jours|days) (?P<dir>plus tard|later|auparavant|plus tot|earlier|before))\b")
_ANAPHORIC_DAYS = {"le lendemain": 1, "the next day": 1, "the following day": 1, "a day later": 1,
                   "la veille": -1, "the previous day": -1, "the day before": -1,
                   "le meme jour": 0, "the same day": 0, "that same day": 0, "ce meme jour": 0}
_PART_DAY = {"debut": 5, "early": 5, "mi": 15, "mid": 15, "fin": 25, "late": 25, "courant": 15, "in": 15, "en": 15,
             "last": 15, "this past": 15}


def _year_for(month: int, day: int, reference: dt.date | None) -> int | None:
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1):
        try:
            candidate = dt.date(year, month, min(day, 28) if month == 2 and day > 28 else day)
        except ValueError:
            continue
        if candidate <= reference + dt.timedelta(days=7):
            return year
    return reference.year - 1


def _make(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_back(reference: dt.date | None, weekday: int, last: bool) -> dt.date | None:
    if reference is None:
        return None
    back = (reference.weekday() - weekday) % 7
    if back == 0 and last:
        back = 7
    return reference - dt.timedelta(days=back)


def _old(date: dt.date | None, reference: dt.date | None, days: int = 60) -> bool:
    return bool(date and reference and (reference - date).days > days)


def find_dates(folded: str, reference: dt.date | None) -> list[DateMention]:
    """Every date the sentence names, in order of appearance; overlapping readings are
    resolved in favour of the longest, most specific one."""
    found: list[DateMention] = []

    def add(mention: DateMention) -> None:
        for other in found:
            if mention.start < other.end and other.start < mention.end:
                return
        found.append(mention)

    for m in _NIGHT_DAYS.finditer(folded):
        month = MONTHS.get(m.group("month1") or m.group("month2") or "")
        day = int(m.group("day1"))
        year = m.group("year1") or m.group("year2")
        if month:
            when = _make(int(year) if year else _year_for(month, day, reference), month, day)
        elif reference:
            when = _make(reference.year, reference.month, day)
            if when and when > reference:
                when = _make(reference.year if reference.month > 1 else reference.year - 1,
                             reference.month - 1 or 12, day)
        else:
            when = None
        add(DateMention(when, 1, m.start(), m.end(), "night", _old(when, reference)))
    for m in _NIGHT_EN.finditer(folded):
        month = MONTHS.get(m.group("month1") or m.group("month2") or m.group("month3") or m.group("month4") or "")
        day = int(m.group("day1") or m.group("day2"))
        if not month:
            continue
        year = m.group("year1")
        when = _make(int(year) if year else _year_for(month, day, reference), month, day)
        add(DateMention(when, 1, m.start(), m.end(), "night", _old(when, reference)))
    for m in _NIGHT_WEEKDAYS.finditer(folded):
        when = _weekday_back(reference, WEEKDAYS[m.group("wd1")], False)
        second = _weekday_back(reference, WEEKDAYS[m.group("wd2")], False)
        if when and second and second < when:  # "de samedi à dimanche" said on a Sunday
            when = second - dt.timedelta(days=1)
        add(DateMention(when, 1, m.start(), m.end(), "night"))
    for m in _OVERNIGHT_EN.finditer(folded):
        if m.group("wd1"):
            when = _weekday_back(reference, WEEKDAYS[m.group("wd1")], False)
        else:
            after = _weekday_back(reference, WEEKDAYS[m.group("wd3")], False)
            when = after - dt.timedelta(days=1) if after else None
        add(DateMention(when, 1, m.start(), m.end(), "night"))
    for m in _WEEK_RANGE.finditer(folded):  # "semaine du 15 au 21/07/2019": the middle of the week, precision 2
        month = int(m.group("m")) if m.group("m") else MONTHS.get(m.group("month") or "")
        first, last = int(m.group("d1")), int(m.group("d2"))
        given = m.group("y") or m.group("y2")
        year = int(given) if given else (_year_for(month, last, reference) if month else None)
        when = _make(year, month, (first + last) // 2) if month and year and first <= last else None
        if when:
            add(DateMention(when, 2, m.start(), m.end(), "week", _old(when, reference)))
    for m in _ISO.finditer(folded):
        when = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        add(DateMention(when, 1, m.start(), m.end(), "absolute", _old(when, reference)))
    for m in _SLASH.finditer(folded):
        when = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        add(DateMention(when, 1, m.start(), m.end(), "absolute", _old(when, reference)))
    for pattern in (_DMY, _MDY):
        for m in pattern.finditer(folded):
            month, day = MONTHS[m.group("month1")], int(m.group("day1"))
            if not 1 <= day <= 31:
                continue
            year = m.group("year1")
            when = _make(int(year) if year else _year_for(month, day, reference), month, day)
            add(DateMention(when, 1, m.start(), m.end(), "absolute", _old(when, reference)))
    for m in _AGO.finditer(folded):
        count = m.group("n1") or m.group("n2")
        unit = m.group("u1") or m.group("u2")
        n = int(count) if count.isdigit() else NUMBER_WORDS.get(count, 1)
        days = n * (365 if unit.startswith(("an", "year")) else 30 if unit.startswith(("mois", "month"))
                    else 7 if unit.startswith(("semaine", "week")) else 1)
        when = reference - dt.timedelta(days=days) if reference else None
        add(DateMention(when, 3 if days >= 30 else 2 if days >= 7 else 1, m.start(), m.end(), "past", days > 30))
    for m in _MONTH_PART.finditer(folded):
        if m.group("part") == "last" and re.search(r"\b(?:the|its|their|his|her|a|un|une|le|la)\s$", folded[max(0, m.start() - 7):m.start()]):
            continue  # "the last march of the season": no month
        month = MONTHS[m.group("month1")]
        day = _PART_DAY[m.group("part")]
        year = m.group("year1")
        when = _make(int(year) if year else _year_for(month, day, reference), month, day)
        # A month told without a year two months back ("In January" in a March report) is background.
        add(DateMention(when, 3, m.start(), m.end(), "month", _old(when, reference, 45)))
    for m in _MONTH_NOUN.finditer(folded):
        month = MONTHS[m.group("month1")]
        when = _make(_year_for(month, 15, reference), month, 15)
        add(DateMention(when, 3, m.start(), m.end(), "month", _old(when, reference, 45)))
    for m in _MONTH_YEAR.finditer(folded):
        month, year = MONTHS[m.group("month1")], int(m.group("year1"))
        when = _make(year, month, 15)
        add(DateMention(when, 3, m.start(), m.end(), "month", _old(when, reference)))
    for m in _YEAR_ONLY.finditer(folded):
        year = int(m.group("year1"))
        old = reference is None or year < reference.year or m.group("prep") in ("since", "depuis")
        add(DateMention(_make(year, 7, 1), 3, m.start(), m.end(), "past", old))
    for m in _WEEK.finditer(folded):
        word = m.group("w")
        if reference is None:
            when = None
        elif "week end" in word or "weekend" in word:
            back = (reference.weekday() - 5) % 7 or (7 if "dernier" in word or "last" in word else 0)
            when = reference - dt.timedelta(days=back)
        elif "cette" in word or "this" in word:
            when = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(days=min(3, reference.weekday()))
        elif "past" in word or "ecoulee" in word:
            when = reference - dt.timedelta(days=4)
        else:
            monday = reference - dt.timedelta(days=reference.weekday() + 7)
            when = monday + dt.timedelta(days=3)
        add(DateMention(when, 2, m.start(), m.end(), "week"))
    for m in _RELATIVE.finditer(folded):
        days = _RELATIVE_DAYS[m.group("w")]
        when = reference + dt.timedelta(days=days) if reference else None
        add(DateMention(when, 1, m.start(), m.end(), "relative"))
    for m in _ANAPHORIC.finditer(folded):
        word = m.group("w")
        if m.group("n"):
            n = int(m.group("n")) if m.group("n").isdigit() else NUMBER_WORDS.get(m.group("n"), 2)
            offset = n if m.group("dir") in ("plus tard", "later") else -n
        else:
            offset = _ANAPHORIC_DAYS[word]
        add(DateMention(None, 1, m.start(), m.end(), "anaphoric", offset=offset))
    for m in _WEEKDAY.finditer(folded):
        last = (m.group("last1") == "last") or bool(m.group("last2"))
        when = _weekday_back(reference, WEEKDAYS[m.group("wd1")], last)
        add(DateMention(when, 1, m.start(), m.end(), "weekday"))
    found.sort(key=lambda d: d.start)
    return found


def resolve_anaphoric(mention: DateMention, anchor: dt.date | None, weekday: int | None = None) -> DateMention:
    """An anaphoric mention ("le lendemain") made concrete from the previous date."""
    if mention.kind != "anaphoric" or anchor is None:
        return mention
    when = anchor + dt.timedelta(days=mention.offset)
    return DateMention(when, 1, mention.start, mention.end, "anaphoric", False, mention.offset)


def parse_published(value: object) -> dt.date | None:
    """A publication date as inputs give it: ISO date or datetime, RFC 822 (feeds), or
    words ("14 mai 2024", "May 14, 2024 10:00 GMT") through dateparser. None if empty;
    raises ValueError when it is not a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    if not re.search(r"\d{4}", text):  # "hier" or "Tuesday" are not publication dates
        raise ValueError(f"not a date: {text!r}")
    parsed = dateparser.parse(text, languages=["en", "fr"],
                              settings={"PREFER_DAY_OF_MONTH": "first", "PARSERS": ["absolute-time"]})
    if parsed is None:
        raise ValueError(f"not a date: {text!r}")
    return parsed.date()
