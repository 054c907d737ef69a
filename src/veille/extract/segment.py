"""One article, several events: which sentences report which event.

A sentence *starts* an event when its words announce one (``types.triggers``: an
ambush, a mine, a march, a count of the dead) and it is not an aside — a denial, a
warning, a recollection, a statistic, an old date. It starts a *new* event, rather than
adding to the current one, when it says so ("Separately", "Par ailleurs", "Le
lendemain", "Deux jours plus tard", a country heading such as "Benin:"), or when it
names a different day or a different place than the current event. Sentences that
announce nothing (the wounded evacuated, a reaction) stay with the event before them
in the same paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from veille.extract.dates import DateMention
from veille.extract.places import Mention
from veille.extract.types import Hits

_SEPARATE = re.compile(
    r"^(?:separately|in a separate (?:incident|attack)|elsewhere|meanwhile|back home|closer to home|here at home|in neighbou?ring \w+(?: \w+)?|in another (?:incident|attack)|par ailleurs"
    r"|dans un autre (?:incident|registre)|ailleurs|le lendemain|the next day|the following day|deux jours plus tard"
    r"|two days later|\d+ jours plus tard|\d+ days later|le meme jour|the same day|au meme moment|enfin|finally"
    r"|(?:on |le )?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b|(?:in |au |en )?(?:togo|benin|burkina faso|niger|mali|ghana|cote d ivoire|ivory coast|nigeria)\b)")
_HEADING = re.compile(r"^(?:togo|benin|burkina faso|niger|mali|ghana|cote d ivoire|ivory coast|nigeria)\s*:")


# A count told again, not a new event: "un bilan plus lourd", "the toll rose", "succombé à leurs blessures".
_TOLL = re.compile(r"\b(?:bilan|toll|succombe\w*|died of (?:their|his|her) (?:wounds|injuries)|corps|bodies|enterre\w*|buried)\b")
# "As we went to press on Thursday, the death toll had risen to five": the latest figure of
# an event told above, not an event of its own.
_TOLL_REVISED = re.compile(r"\b(?:(?:death )?toll|bilan)\b[^.]{0,30}?\b(?:had |has |have )?(?:risen|rose|climbed|increased"
                           r"|s est alourdi|s alourdit|est passe|passe|grimpe|a ete revu|revu|monte)\b"
                           r"|\b(?:portant|porte|bringing|brings|raising|pushing) (?:ainsi )?(?:le |the )?(?:death )?(?:bilan|toll) (?:a|to)\b")
_EVENT_WORDS = ("attack", "clash", "abduction", "ied", "air", "shelling", "grenade", "suicide", "protest", "mob", "arrest", "loot")


@dataclass
class SentenceFacts:
    """What the pipeline found in one sentence."""

    index: int
    paragraph: int
    folded: str
    numeric: str
    hits: Hits
    dates: list[DateMention]  # event dates only (report dates set apart)
    report_dates: list[DateMention]
    places: list[Mention]
    deaths: int  # dead counted in this sentence alone
    cues: set[str]  # non-event cues (types.NON_EVENT kinds)
    starter: bool = False
    claim: bool = False  # claims an event told before ("JNIM claimed the attack")


@dataclass
class Segment:
    sentences: list[SentenceFacts] = field(default_factory=list)

    @property
    def first(self) -> SentenceFacts:
        return next((s for s in self.sentences if s.starter), self.sentences[0])

    @property
    def indexes(self) -> tuple[int, ...]:
        return tuple(s.index for s in self.sentences)


def _day(facts: SentenceFacts):
    for mention in facts.dates:
        if mention.date is not None and mention.kind != "anaphoric":
            return mention.date
    return None


_ARRESTED_SOME = re.compile(r"\b(?:arrested|interpelle\w*|arrete\w*|apprehended|detained|picked up)\s+(?:\d+|several|plusieurs|some"
                            r"|dozens|a number of|des dizaines de)\b")
_NO_ARREST = re.compile(r"\b(?:no|aucune?|pas d|sans|not yet) (?:\w+ )?(?:arrests?|arrestations?|interpellations?)\b")
_VIOLENCE = ("kill", "attack", "clash", "ied", "air", "shelling", "grenade", "suicide", "abduction", "loot", "mob", "wound")


def _arrests_apart(f: SentenceFacts, current: Segment) -> bool:
    """Arrests told in a paragraph of their own after a violent event ("Au cours de la semaine, la
    gendarmerie a interpellé cinq suspects"): ACLED's separate event, not the attack's."""
    if not f.hits["arrest"] or any(f.hits[w] for w in _VIOLENCE) or f.paragraph == current.sentences[-1].paragraph \
            or not _ARRESTED_SOME.search(f.numeric) or _NO_ARREST.search(f.folded):
        return False
    return not any(g.hits["arrest"] for g in current.sentences) and any(any(g.hits[w] for w in _VIOLENCE)
                                                                        for g in current.sentences)


def _opening_day(facts: SentenceFacts):
    """The day a sentence opens on ("Dimanche, des combattants …", "09/08/2024 - Doropo."), the
    way an item of a list or a new episode of a story is dated; None for a day told later in it."""
    for mention in facts.dates:
        if mention.date is not None and mention.kind != "anaphoric" and mention.start <= 2:
            return mention.date
    return None


def _place_keys(facts: SentenceFacts) -> set[str]:
    return {m.key for m in facts.places if m.candidates and m.role == "event"}


_HEADING_WORDS = 12
_ASIDE_CUES = {"recall", "statistics", "future", "denial", "opinion", "analysis", "summary"}
ASIDE_CUES = _ASIDE_CUES


def _lead_in(f: SentenceFacts, opens_paragraph: bool) -> bool:
    """A short line opening its paragraph with a day or a place and no event words, in a
    note written under subheadings ("Ségou region, Niono cercle — Tuesday.")."""
    if not opens_paragraph or not (f.dates or _place_keys(f)) or f.hits or f.cues or f.deaths:
        return False
    return len(f.folded.split()) <= _HEADING_WORDS and not re.search(
        r"\b(?:is|are|was|were|has|have|had|est|sont|a|ont|said|says|dit|reported|signale\w*)\b", f.folded)


def split(facts: list[SentenceFacts]) -> list[Segment]:
    """Group sentences into events, in article order."""
    segments: list[Segment] = []
    current: Segment | None = None
    current_day = None
    current_places: set[str] = set()
    lead_in: SentenceFacts | None = None
    pending: list[SentenceFacts] = []  # what the lead-in's section tells before its event words
    sizes = Counter(f.paragraph for f in facts)  # sentences per paragraph
    for n, f in enumerate(facts):
        if not f.starter and _lead_in(f, n == 0 or facts[n - 1].paragraph != f.paragraph):
            lead_in, pending = f, []  # "Mopti region, Bankass cercle — Thursday.": the day and place of what follows
            continue
        # a lead-in alone on its line (a subheading) holds for the paragraph under it
        alone = lead_in is not None and sizes[lead_in.paragraph] == 1
        if lead_in is not None and f.paragraph != lead_in.paragraph and not (alone and f.paragraph == lead_in.paragraph + 1):
            lead_in, pending = None, []
        if f.starter and segments and _TOLL_REVISED.search(f.folded) and not any(f.hits[w] for w in _EVENT_WORDS):
            toll_of = next((seg for seg in reversed(segments) if any(g.deaths for g in seg.sentences)), None)
            if toll_of is not None:
                toll_of.sentences.append(f)
                continue
        if f.starter and f.claim and current is not None and lead_in is None:
            current.sentences.append(f)  # "JNIM claimed the attack on Wednesday": the event told before, its author named
            continue
        if f.starter and lead_in is not None:
            current = Segment([lead_in] + pending + [f])
            segments.append(current)
            current_day = _day(lead_in) or _day(f)
            current_places = _place_keys(lead_in) | _place_keys(f)
            lead_in, pending = None, []
            continue
        if lead_in is not None and not f.starter:
            pending.append(f)
            continue
        if f.starter:
            new = current is None
            if current is not None:
                # "Dimanche, des combattants du GATIA se sont lancés à la poursuite des assaillants. Un
                # accrochage a eu lieu …": the day its paragraph gave before the event words
                taken = {g.index for seg in segments for g in seg.sentences}
                lead_day = None if _day(f) else next(
                    (_opening_day(g) for g in facts if g.paragraph == f.paragraph and g.index < f.index and not g.starter
                     and g.index not in taken and not g.cues & _ASIDE_CUES
                     and f.paragraph != current.sentences[-1].paragraph and _opening_day(g)), None)
                day = _day(f) or lead_day
                places = _place_keys(f)
                marker = bool(_SEPARATE.match(f.folded)) or bool(_HEADING.match(f.folded)) \
                    or any(d.kind == "anaphoric" for d in f.dates)
                other_day = day is not None and current_day is not None and day != current_day
                other_place = bool(places) and bool(current_places) and not (places & current_places) \
                    and f.paragraph != current.sentences[-1].paragraph
                other_place_same_paragraph = bool(places) and bool(current_places) and not (places & current_places) \
                    and (day is not None or marker) and day != current_day
                new = (marker and (other_day or other_place or day is None and bool(places) and not (places & current_places)
                                   or _HEADING.match(f.folded) is not None or any(d.kind == "anaphoric" for d in f.dates)))\
                    or other_day and (bool(places) or not f.deaths or f.paragraph == current.sentences[-1].paragraph
                                      and not _TOLL.search(f.folded)) \
                    or other_place and day is not None or other_place_same_paragraph \
                    or lead_day is not None and current_day is not None and lead_day != current_day \
                    or _arrests_apart(f, current)
            if new:
                # what its paragraph said before the event words, unless an event holds it already
                # ("2. 16 FEB 2021 - OFF SEME, BENIN A patrol boat …. It came under fire.")
                taken = {g.index for seg in segments for g in seg.sentences}
                before = [g for g in facts if g.paragraph == f.paragraph and g.index < f.index and not g.starter
                          and g.index not in taken and not g.cues & _ASIDE_CUES]
                current = Segment(before + [f])
                segments.append(current)
                current_day = _day(f) or next((_day(g) for g in before if _day(g)), None)
                current_places = _place_keys(f).union(*[_place_keys(g) for g in before])
            else:
                current.sentences.append(f)
                current_day = current_day or _day(f)
                current_places |= _place_keys(f)
        elif current is not None and (f.paragraph == current.sentences[-1].paragraph or f.deaths or f.claim or f.hits["intervention"]
                                      or f.hits["wound"] or f.hits["abduction"]) and not f.cues & {"recall", "statistics", "future", "summary", "reported"}:
            current.sentences.append(f)
            current_places |= _place_keys(f)
    # Sentences of the first event's paragraph before it ("Three bodies were found
    # near the market. Residents blamed armed men.") tell its place and day.
    if segments:
        first = segments[0].sentences[0]
        lead = [f for f in facts if f.index < first.index and f.paragraph == first.paragraph and not f.starter
                and not f.cues & _ASIDE_CUES]
        segments[0].sentences[:0] = lead
    return segments
