"""Numbers as reports write them, made digits: "vingt-huit" → 28, "twenty-three" → 23,
and vague quantities read the conservative way ACLED reads them ("une dizaine" 10,
"dozens" 12, "hundreds" 100).

``numeric_view`` turns a folded sentence (see ``text.fold``) into the same sentence with
every quantity as digits, which the fatality and actor patterns then read. Spelled-out
numbers are converted by text2num; "un"/"une"/"one"/"a" stay words, because they are
articles far more often than numbers — the fatality patterns handle "un soldat a été
tué" themselves.
"""

from __future__ import annotations

import re
from functools import cache

# Vague quantities → the number ACLED's conservative reading gives them.
VAGUE: dict[str, tuple[tuple[str, int], ...]] = {
    "fr": (
        (r"(?:une|la) dizaine", 10), (r"(?:une|la) douzaine", 12), (r"(?:une|la) quinzaine", 15),
        (r"(?:une|la) vingtaine", 20), (r"(?:une|la) trentaine", 30), (r"(?:une|la) quarantaine", 40),
        (r"(?:une|la) cinquantaine", 50), (r"(?:une|la) soixantaine", 60), (r"(?:une|la) centaine", 100),
        (r"(?:des|plusieurs|quelques) dizaines", 10), (r"(?:des|plusieurs|quelques) douzaines", 12),
        (r"(?:des|plusieurs|quelques) centaines", 100), (r"(?:des|plusieurs) milliers", 1000),
        (r"(?:un|le) millier", 1000),
    ),
    "en": (
        (r"(?:several |a few )?dozens?(?= of\b| [a-z])", 12), (r"a dozen", 12), (r"tens", 10),
        (r"scores", 20), (r"(?:several )?hundreds", 100), (r"a hundred", 100), (r"(?:several )?thousands", 1000),
    ),
}
SMALL = {"fr": {"deux": 2, "trois": 3, "zero": 0}, "en": {"two": 2, "three": 3, "zero": 0, "both": 2}}
_GROUPED = re.compile(r"\b(\d{1,3})(?: (\d{3}))+\b")


@cache
def _vague_patterns(lang: str) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(rf"\b{pattern}\b"), str(value)) for pattern, value in VAGUE[lang]]


@cache
def _small_pattern(lang: str) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(SMALL[lang]) + r")\b")


# "un (1) mort et six (6) blessés", as forms and communiqués write: the number once
_SPELLED_TWICE = re.compile(r"\b(\d{1,4}) \(\1\)")
_ONE_TWICE = re.compile(r"\b(?:un|une|one|a) \(1\)")


def numeric_view(folded: str, lang: str) -> str:
    """The folded sentence with quantities as digits ("4 militaires tues et 2 blesses")."""
    from text_to_num import alpha2digit

    text = folded.replace('"', " ").replace("«", " ").replace("»", " ")
    for pattern, value in _vague_patterns(lang):
        text = pattern.sub(value, text)
    try:
        text = alpha2digit(text, lang)
    except Exception:  # text2num refuses some inputs (very long digit runs); keep the words then
        pass
    small = SMALL[lang]
    text = _small_pattern(lang).sub(lambda m: str(small[m.group(1)]), text)
    text = _SPELLED_TWICE.sub(r"\1", _GROUPED.sub(lambda m: m.group(0).replace(" ", ""), text))
    return _ONE_TWICE.sub("1", text)


def to_int(token: str) -> int | None:
    try:
        return int(token)
    except (TypeError, ValueError):
        return None
