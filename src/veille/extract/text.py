"""Text prepared for extraction: normalised, split into paragraphs and sentences, with a
wire dateline ("LOME, May 12 (WASW) -") recognised and set apart.

Every later step works on ``Sentence`` values: the text, its paragraph and position,
and an accent- and case-folded copy for lexicon matching.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2011": "-"})
# A sentence ends at . ! ? followed by space and an upper-case letter, a digit or a quote,
# except after common abbreviations, initials and the number of a list item ("1. 14 FEB").
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:M|Mme|Mgr|Dr|Pr|Gen|Gén|Col|Lt|Capt|Cpt|Sgt|Maj|Cdt|St|Ste|No|Nos|Mr|Mrs|Ms|Jr|Sr|Gov|Sen|Rep|Hon"
    r"|av|apr|J\.-C|etc|cf|vs|Jan|Feb|Fév|Aug|Sept|Sep|Oct|Nov|Dec|Déc|Inc|Ltd|Co|approx|env|ca)|\b[A-Z]|^\s*\d{1,2})\.$")
# "LOME, May 12 (WASW) -", "NIAMEY, 3 mars 2025 (AOP) -", "BAWKU -", "DAKAR, Sept 25 (WASW) -"
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][A-Za-zÀ-ÿ' .-]{2,30}?)"
    r"(?:\s*,\s*(?P<when>[^()\n-]{3,30}?))?\s*(?:\((?P<agency>[A-Za-zÀ-ÿ .']{2,40})\))?\s*[-:]\s+")


_ASIDE = re.compile(r"^[\[(]?\s*(?:photo|l[ée]gende(?: photo)?|cr[ée]dit(?: photo)?|lire aussi|[àa] lire aussi|voir aussi"
                    r"|read also|read more|see also|related|also read|caption|file photo|image)\b\s*:", re.I)
_BYLINE = re.compile(r"^(?:Par|By|De notre correspondant\w*|From our correspondent)\b(?:[^.!?]|(?<=\b[A-Z])\.){0,60}$")


@dataclass(frozen=True)
class Sentence:
    text: str
    folded: str  # lower case, accents removed, apostrophes and hyphens as spaces
    paragraph: int
    index: int  # position in the article, from 0


@dataclass(frozen=True)
class Dateline:
    place: str
    when: str | None
    agency: str | None


def normalize(text: str) -> str:
    """One form for quotes, dashes and spaces; one paragraph per line. Hard-wrapped text
    (wire copy, e-mail, plain-text feeds) is unwrapped: where blank lines separate the
    paragraphs, the single line breaks inside one are spaces; elsewhere a line that stops
    mid-sentence and goes on in lower case is joined to the next."""
    text = unicodedata.normalize("NFC", str(text)).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    wrapped = any(not line for line in lines[1:-1]) and any(a and b for a, b in zip(lines, lines[1:]))
    out: list[str] = []
    blank = False
    form = False  # inside the fields of an incident form
    for line in lines:
        if not line:
            blank = bool(out)
            continue
        field = bool(_FIELD.match(line))
        if field and form and out and not blank:
            # one form, one paragraph; each field its own sentence
            out[-1] = out[-1] + ("" if out[-1][-1:] in ".!?" else ".") + " " + line
            blank = False
            continue
        form = field or (form and not blank and not _CAPS_HEADING.match(line))
        if out and not blank and not _ITEM.match(line) and not field and not _CAPS_HEADING.match(line) \
                and not _CAPS_HEADING.match(out[-1]) and (wrapped or _CONTINUES.search(out[-1]) and line[:1].islower()):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
        blank = False
    return "\n".join(out)


_CONTINUES = re.compile(r"[^.!?:;\"')\]]$")
# A subheading in capitals ("GASSEL-PEUL, COMMUNE OF KOUTOUGOU, 14 APRIL") keeps its own line.
_CAPS_HEADING = re.compile(r"^(?=[^a-zß-ÿ]*$)(?=(?:.*[A-ZÀ-Þ]){4})[^\n]{4,90}$")
# a list item keeps its own line, a dated one too ("09/08/2024 - Doropo, site d'orpaillage …")
_ITEM = re.compile(r"^(?:[-*\u2022]\s|\d{1,2}[.)]\s|\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*[-\u2013\u2014:]\s)")
# A field of an incident form keeps its own line ("Lieu: Batia, campement peulh", "Description: …").
_FIELD = re.compile(r"^(?:date(?: de l'incident| du rapport| of (?:the )?incident| of (?:the )?report)?|heure|time|lieu|localit[eé]"
                    r"|location|place|village|commune|pr[eé]fecture|r[eé]gion|description|d[eé]tails?|sources?|fiabilit[eé]"
                    r"|reliability|victimes?|casualties|bilan|auteurs?(?: pr[eé]sum[eé]s)?|perpetrators?|type(?: d'incident)?"
                    r"|nature(?: de l'incident)?|incident(?: \d+)?|obs|observations?|actions? (?:prises?|taken)|r[eé]ponse|response"
                    r"|recommandations?|recommendations?)\s*:", re.I)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """``fold`` for one word, remembered (names and common words repeat across articles)."""
    return fold(word)


def _slow_ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The accented Latin letters whose unaccented form is plain ASCII ("é" → "e"), for a fast
# path that gives exactly what the decomposition gives; any other character takes it.
_ACCENTS = {code: bare for code in range(0xC0, 0x250)
            if (bare := _slow_ascii(chr(code))).isascii() and bare != chr(code)}


def fold(text: str) -> str:
    """Lower case without accents; apostrophes and hyphens become spaces, other
    punctuation is kept (numbers such as 2.5 and patterns on commas need it)."""
    ascii_only = text.translate(_ACCENTS)
    if not ascii_only.isascii():
        ascii_only = _slow_ascii(text)
    lowered = ascii_only.lower().replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"['\-]", " ", lowered).split())


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """A wire dateline at the start of the first paragraph, and the text after it."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    place = match.group("place").strip()
    letters = [c for c in place if c.isalpha()]
    # Only a real dateline is all capitals ("LOME"), not a sentence's first word.
    if not letters or len(letters) < 3:
        return None, paragraph
    if any(c.islower() for c in letters):
        # A title-case place is a dateline only with its date: "Cinkassé, 25 juillet 2023 -".
        when = match.group("when") or ""
        if not re.search(r"\d", when) or len(place.split()) > 2 or match.group(0).rstrip().endswith(":"):
            return None, paragraph
    return Dateline(place.title(), (match.group("when") or "").strip() or None, match.group("agency")), \
        paragraph[match.end():]


def sentences(text: str) -> tuple[list[Sentence], Dateline | None]:
    """The article's sentences in order, and its dateline if it has one."""
    paragraphs = [p for p in normalize(text).split("\n") if p.strip()]
    dateline = None
    if paragraphs:
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
        if dateline is None and len(paragraphs) > 1 and _BYLINE.match(paragraphs[0]):
            dateline, paragraphs[1] = split_dateline(paragraphs[1])  # "Par Awa Traoré" above "MOPTI, 12 septembre -"
    out: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs):
        if _ASIDE.match(paragraph):
            continue  # a caption or a link to another article reports nothing of this one
        for piece in _split(paragraph):
            out.append(Sentence(piece, fold(piece), number, len(out)))
    return out, dateline


def _split(paragraph: str) -> list[str]:
    pieces, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        candidate = paragraph[start:match.start()].rstrip()
        if _ABBREVIATIONS.search(candidate):
            continue
        pieces.append(candidate)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in (p.strip() for p in pieces) if p]
