"""An article in, its events out: the steps of ``extract/`` run in order.

language → sentences and dateline → per sentence: numbers, dates, places, actors,
triggers, non-event cues → events (``segment.split``) → per event: type
(``types.classify``), date, place (``places.resolve``), actors (``actors.assign``),
fatalities (``fatalities.count``), confidence (``confidence.probability``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from veille.extract import actors as actor_step
from veille.extract import confidence, dates, fatalities, places, segment, types
from veille.extract.language import detect_language
from veille.extract.numbers import numeric_view
from veille.extract.text import Sentence, fold, sentences

# A day named by a reporting verb is when the news came, not when the event happened.
_REPORT_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|announced|reported|confirmed|stated|added|claimed|admitted|denied|annonce|indique|declare"
    r"|affirme|confirme|precise|rapporte|revendique|appris|publie|communique|statement|souligne|explique|ajoute|denonce"
    r"|condamne|assure|reconnu|rapportent|indiquent|affirment|annoncent|selon|diffuse|joint|contacte|update|circulated"
    r"|released|issued|published|broadcast|reached|quoted|requi[st]|plaide|inculpe|comparai)\w*\s+(?:\w+\s+){0,3}(?:on\s+|le\s+|ce\s+)?"
    r"|\b(?:lu|lue|paru|parue)\s+(?:on\s+|le\s+|ce\s+)?"
    r"|\b(?:speaking|spoke|interviewed|s exprimant|interroge\w*)\s+(?:to|on|with|by|sur|a|au|par)?\s*(?:\w+\s+){0,7})$")
# "said on Saturday that …" dates the statement; "an attack on Saturday that killed eight" the attack.
_REPORT_AFTER = re.compile(r"^(?:\s*,)?\s*(?:(?:that|que)\s(?!(?:\w+\s+)?(?:killed|left|wounded|injured|claimed the lives|cost|targeted|hit|tue|a tue|ont tue"
                           r"|a fait|ont fait|a coute|a blesse|visait|a vise)\b)|(?:said|announced|reported|told|confirmed|raised|revised|updated)\b|(?:a|ont) (?:revu|porte|releve)\b|(?:a|ont)\s+(?:annonce|indique"
                           r"|declare|affirme|confirme|precise)\b|(?:de|des) sources\b|a t on appris)")
_POSSESSIVE_EVENT = re.compile(r"^\s*s\s+(?:\w+\s+)?(?:attacks?|ambush|assault|raid|killings?|bombing|blast|explosion|clash\w*"
                               r"|fighting|massacre|abduction|kidnapping)\b")
_OLD_DAYS = 60
_RECALLED_DAYS = 14  # told as background ("Pour rappel", a pluperfect), a date this far back is not the news
_ANCIENT_DAYS = 240
_ARTICLE_TITLE_KINDS = ("opinion", "analysis", "sport", "exercise", "denial", "statistics", "policy", "trial")


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None = None
    lang: str | None = None
    url: str | None = None
    title: str | None = None
    country: str | None = None  # a hint: the country the source covers
    outlet: str | None = None  # the source's name ("Radio Bonkaney FM (Loga)"): a local outlet's town points at a country


@dataclass
class ExtractedEvent:
    event_date: dt.date | None
    date_precision: int | None
    country_iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    actor1: str | None
    actor2: str | None
    event_type: str
    sub_event_type: str
    fatalities: int | None
    confidence: float
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    geo_precision: int | None = None
    actor1_raw: str | None = None
    actor2_raw: str | None = None
    civilian_fatalities: int | None = None
    wounded: int | None = None
    sentences: tuple[int, ...] = ()
    evidence: str = ""
    why: dict = field(default_factory=dict)

    CONTRACT = ("event_date", "date_precision", "country_iso3", "admin1", "admin2", "location", "latitude",
                "longitude", "actor1", "actor2", "event_type", "sub_event_type", "fatalities", "confidence")

    def contract(self) -> dict:
        """The fields of ``veille extract``'s output (DESIGN.md), in its order."""
        out = {name: getattr(self, name) for name in self.CONTRACT}
        out["event_date"] = self.event_date.isoformat() if self.event_date else None
        return out


@dataclass
class Extraction:
    article: Article
    lang: str
    events: list[ExtractedEvent]
    reference: dt.date | None
    dropped: list[str] = field(default_factory=list)  # why candidate events were set aside


# An old date in a clause that tells of something else, after the event's own words
# ("marched to demand justice for a teacher who was killed in 2009", "struck against a
# pay cut of 2019", "held since 2016"): the date of what the event refers to.
_REFERENCE_CLAUSE = re.compile(r"\b(?:who|which|whose|that|since|qui|dont|depuis|against|contre|about|over|following|after|apres"
                               r"|suite a|until|jusqu au|jusqu a)\b(?:\s+\S+){0,6}\s*$")
_PROTESTED_CAUSE = re.compile(r"\b(?:killed|assassinated|murdered|shot|arrested|detained|jailed|imprisoned|sentenced|dismissed|fired"
                              r"|abducted|kidnapped|tues?|tuees?|assassine\w*|arrete\w*|emprisonne\w*|enleve\w*)\b(?:\s+\S+){0,4}\s*$")
_RELATIVE = re.compile(r"\b(?:who|which|where|whose|qui)\b[^,;]*")
# The date of something planned ("elections scheduled for 7 February", "le scrutin prévu le
# 12 mai") is not the date of what the sentence reports.
_SCHEDULED = re.compile(r"\b(?:scheduled|planned|set|slated|due|expected|fixed|postponed|rescheduled|prevue?s?|programmee?s?"
                        r"|fixee?s?|reportee?s?|attendue?s?)\s+(?:for|on|to|until|pour|le|au|a|jusqu au)\s+(?:the\s+|le\s+)?$")
# Nor is the date of what a march remembers ("to commemorate the anniversary of the
# assassination of a journalist in 1998", "en mémoire des victimes de mars 2012").
_REMEMBERED = re.compile(rf"\b(?:{types.COMMEMORATION_WORDS}|to mark|marking|in tribute to|en hommage)\b(?:\s+\S+){{0,9}}\s*$")


def _referred(s: Sentence, mention: dates.DateMention, reference: dt.date | None) -> bool:
    old = mention.old or bool(mention.date and reference and (reference - mention.date).days > _OLD_DAYS)
    if not old:
        return False
    clause = _REFERENCE_CLAUSE.search(s.folded, max(0, mention.start - 60), mention.start)
    if clause and types.triggers(s.folded[:clause.start()]):
        return True
    # A protest about a death or an arrest: "marched for two men killed in March".
    cause = _PROTESTED_CAUSE.search(s.folded, max(0, mention.start - 40), mention.start)
    if cause and types.triggers(s.folded[:cause.start()])["protest"]:
        return True
    remembered = _REMEMBERED.search(s.folded, max(0, mention.start - 90), mention.start)
    return bool(remembered) and bool(types.triggers(s.folded[:remembered.start()]))


def _split_dates(s: Sentence, reference: dt.date | None) -> tuple[list[dates.DateMention], list[dates.DateMention]]:
    event, report = [], []
    for mention in dates.find_dates(s.folded, reference):
        before = s.folded[max(0, mention.start - 45):mention.start]
        after = s.folded[mention.end:mention.end + 25]
        if _POSSESSIVE_EVENT.match(after):  # "claimed last Thursday's attack": the attack's day
            event.append(mention)
            continue
        if mention.kind in ("weekday", "relative") and (_REPORT_BEFORE.search(before) or _REPORT_AFTER.match(after)) \
                or _referred(s, mention, reference) or _SCHEDULED.search(before):
            report.append(mention)
        else:
            event.append(mention)
    return event, report


def _cues(folded: str) -> set[str]:
    """Non-event cues of a sentence; a recollection told in a relative clause after the
    event's words ("a grenade into a bar where soldiers had been drinking") is not the event's."""
    cues = types.non_event_cues(folded)
    if "recall" in cues:
        main = _RELATIVE.sub(" ", folded)
        if main != folded and types.triggers(main) and "recall" not in types.non_event_cues(main):
            cues = cues - {"recall"}
    return cues


_JOIN = re.compile(r"(?:,\s+and\s+|;\s+|,\s+et\s+|\s+and\s+for\s+|\s+et\s+pour\s+|,\s+while\s+|,\s+alors\s+que\s+)")


_CLAIM_HEAD = re.compile(r"^.*?\b(?:claimed|claims|claiming|revendiqu\w*)\b[^,;]*?\s(?=(?:for|pour)\b)", re.I)


def _split_compound(sents: list[Sentence], reference: dt.date | None,
                    seen: dict | None = None) -> list[Sentence]:
    """A sentence reporting two events on two days in two places ("an attack near Karimama
    on Saturday …, and … near Pama on Sunday") becomes two, split at the conjunction
    between them. ``seen``: the dates of each sentence kept whole, by its text, for the
    caller to reuse."""
    out: list[Sentence] = []
    for s in sents:
        split_dates = _split_dates(s, reference)
        days = [d for d in split_dates[0] if d.date and d.kind != "anaphoric"]
        pieces = [s.text]
        places_found = [m for m in places.find_mentions(s) if m.candidates and m.role == "event"] \
            if len({d.date for d in days}) >= 2 else []
        if len({m.key for m in places_found}) >= 2:
            second = min(m.start for m in places_found if m.key != places_found[0].key)
            joins = [j for j in _JOIN.finditer(s.text) if places_found[0].end <= j.start() < second]
            if joins:
                cut = joins[-1]
                pieces = [s.text[:cut.start()], s.text[cut.end():]]
                claim = _CLAIM_HEAD.match(s.text[:cut.start()])
                if claim and re.match(r"\s*(?:for|pour)\b", pieces[1]):
                    pieces[1] = claim.group(0) + pieces[1].lstrip()  # "X claimed … for A, and for B": X claims B too
        if len(pieces) == 1:
            if seen is not None:
                seen[s.text] = split_dates
            out.append(Sentence(s.text, s.folded, s.paragraph, len(out)))
            continue
        for piece in pieces:
            out.append(Sentence(piece, fold(piece), s.paragraph, len(out)))
    return out


def _reference(article: Article, dateline) -> dt.date | None:
    if article.published:
        return article.published
    if dateline and dateline.when:
        found = dates.find_dates(fold(dateline.when), None)
        for mention in found:
            if mention.date:
                return mention.date
    return None


_SIDES = types.SIDE_WORDS
_BULLETS = ("-", "•", "*", "–", "—", "·", "▪")
_SUMMARY_CAPS = re.compile(r"^\s*(?:OVERVIEW|SUMMARY|KEY (?:JUDGE?MENTS?|POINTS|DEVELOPMENTS)|HIGHLIGHTS|IN BRIEF|RÉSUMÉ|RESUME|EN BREF"
                           r"|À RETENIR|A RETENIR|L'ESSENTIEL)\s*:?\s+\S")
_SPORTS_OUTLET = re.compile(r"\b(?:sports?|football|foot)\b")
_ANALYSIS_HEADING = re.compile(r"^(?:[ivx]+\.?|\d+\.?)?\s*(?:tendances?|trends?|analyse|analysis|outlook|perspectives?"
                               r"|recommandations?|recommendations?|contexte|context|background|evaluation|assessment|commentaire"
                               r"|comment|tendances et analyse|trends and analysis)\s*:?\s*$")
# Another section's heading: a short line in capitals ("III. INCIDENTS", "BURKINA FASO").
_SECTION_HEADING = re.compile(r"^(?=[^a-zß-ÿ]*$)(?=(?:.*[A-ZÀ-Þ]){4})[^\n]{4,60}$")
_SUMMARY_HEADING = re.compile(r"^(?:key (?:judgements?|judgments?|points|developments|takeaways|findings)|highlights|summary|in brief|overview"
                              r"|at a glance|main points|resume|en bref|a retenir|points cles|faits (?:saillants|marquants)"
                              r"|l essentiel)\s*:?\s*$")
# The kidnappers named, not a kidnapping told: "Les ravisseurs n'avaient pas pris contact".
_KIDNAPPERS = re.compile(r"\b(?:ravisseurs?|kidnappers?|abductors?|captors?)\b")


def _starter(hits: types.Hits, deaths: int, cues: set[str], folded: str) -> bool:
    if types.heading(folded):
        return True
    if not hits and not hits["wound"]:
        return False
    if hits["protest"]:
        cues = cues - {"policy"}  # protesting a law or a vote is an event
    if hits["strategic"]:
        cues = cues - {"policy"}  # a curfew or a state of emergency declared is itself an event
    if deaths and hits["kill_verb"]:
        cues = cues - {"policy"}  # "Gunmen killed 36 civilians …, a day before lawmakers voted to arm volunteers"
    if hits["abduction"] and not types.T["abduction"].search(_KIDNAPPERS.sub(" ", folded)):
        hits = types.Hits({k: v for k, v in hits.counts.items() if k != "abduction"})  # "les ravisseurs n'ont pas appelé"
    strong = any(hits[f] for f in ("strategic", "suicide", "chemical", "air", "shelling", "grenade", "ied", "defused", "sexual",
                                   "abduction", "protest", "violent_demo", "mob", "regain", "overtake", "control", "agreement",
                                   "base", "attack", "clash", "kill_verb"))
    if not strong and not deaths and not (hits["arrest"] and re.search(r"\b(?:arrete|interpell|arrest|detain|apprehend)\w*", folded)) \
            and not (hits["loot"] and (types.ARMED_WORDS.search(folded) or _SIDES.search(folded))) \
            and not (hits["kill"] and hits["wound"]) and not (hits["kill"] and types.ARMED_BODIES.search(folded)) \
            and not (hits["wound"] and (types.ARMED_WORDS.search(folded) or _SIDES.search(folded))):
        return False
    if cues & {"future", "negated", "statistics", "exercise", "denial", "policy", "trial", "reported", "assessment", "analysis"}:
        return False
    return True


# A claim of an event already told ("the attack", "l'embuscade"), not a new one.
_CLAIM_OF_THE = re.compile(
    r"\b(?:claimed|claims|claiming|claim) (?:responsibility for |credit for )?(?:the|this|that|both|these) (?:\w+ )?(?:attacks?|ambush|raids?"
    r"|assault|bombing|killings?|abduction|kidnapping|operation|blast|explosion|strike)\b"
    r"|\b(?:a|ont|avait|avaient) (?:rapidement |aussitot )?revendique (?:l|cette|ces|les|le) (?:\w+ )?(?:attaque|attaques|embuscade|assaut"
    r"|attentat|enlevement|operation|raid|explosion)\b"
    r"|\b(?:l attaque|l embuscade|l attentat|l assaut|le raid|l enlevement) (?:\w+ ){0,4}?(?:a ete|est|avait ete) revendique")


def _dateline_places(dateline) -> list[places.Mention]:
    """The place a wire story was filed from ("TAMALE, Sept. 16 (GNWA) –"), as a weak pointer
    at the country the story is about (never the event's place)."""
    if dateline is None or not dateline.place:
        return []
    name = dateline.place.strip().title()
    found = places.find_mentions(Sentence(name, fold(name), -2, -2))
    return [replace(m, role="dateline") for m in found if m.candidates]


def _outlet_places(outlet: str | None) -> list[places.Mention]:
    """Places in the outlet's name ("Radio Bonkaney FM (Loga)", "L'Écho du Boulgou"): where a
    local outlet broadcasts, as weak a pointer at the country as a dateline, never the event's place."""
    if not outlet or not outlet.strip():
        return []
    text = outlet.strip()[:120]
    found = places.find_mentions(Sentence(text, fold(text), -3, -3))
    return [replace(m, role="dateline") for m in found if m.candidates and not m.country]


def _model_path(model: str | None) -> str | None:
    if model is not None:
        return model or None
    from veille import settings

    return settings.get("extract_model") or None


def extract(article: Article, model: str | None = None) -> Extraction:
    """The events an article reports. ``model``: an optional sub-type classifier trained
    on the user's ACLED copy (``acled_model``); by default the ``extract_model`` setting."""
    model = _model_path(model)
    fatalities.forget()  # counts are read once per sentence of this article, not remembered across articles
    lang = article.lang or detect_language((article.title or "") + "\n" + article.text)[0]
    sents, dateline = sentences(article.text)
    reference = _reference(article, dateline)
    dated: dict[str, tuple] = {}
    sents = _split_compound(sents, reference, dated)
    title = Sentence(article.title, fold(article.title), -1, -1) if article.title else None
    extra_places = None
    if model:
        from veille.extract import acled_model

        extra_places = acled_model.place_names(model)
    facts: list[segment.SentenceFacts] = []
    all_places: list[places.Mention] = []
    actor_mentions: dict[int, list[actor_step.ActorMention]] = {}
    in_summary, summary_paragraph = False, None
    in_analysis = False  # under "II. TENDANCES", "OUTLOOK", "RECOMMANDATIONS": the outlet's reading, not events
    for s in sents:
        if _ANALYSIS_HEADING.match(s.folded):
            in_analysis = True
        elif in_analysis and _SECTION_HEADING.match(s.text):
            in_analysis = False
        # The bullets under "KEY JUDGEMENTS", "Highlights", "À retenir": a summary of what follows.
        bullet = s.text.lstrip()[:1] in _BULLETS
        heading = bool(_SUMMARY_HEADING.match(s.folded))
        if heading:
            in_summary, summary_paragraph = True, None
        elif _SUMMARY_CAPS.match(s.text):  # "OVERVIEW A relatively intense week…": the heading ran into its paragraph
            in_summary, summary_paragraph = True, s.paragraph
        elif in_summary:
            # the paragraph right after the heading, or bullets
            summary_paragraph = s.paragraph if summary_paragraph is None else summary_paragraph
            in_summary = bullet or s.paragraph == summary_paragraph
        numeric = numeric_view(s.folded, lang)
        event_dates, report_dates = dated.pop(s.text, None) or _split_dates(s, reference)
        actor_mentions[s.index] = actor_step.find_mentions(s)
        named_spans = [(a.start, a.end) for a in actor_mentions[s.index] if a.side == "named"]
        mentions = [m for m in places.find_mentions(s, extra_places)  # "Boko" of Boko Haram is no place
                    if not any(m.start < b and a < m.end for a, b in named_spans)]
        all_places.extend(mentions)
        dead, _, _ = fatalities.sentence_deaths(numeric)
        hits = types.triggers(s.folded)
        cues = _cues(s.folded)
        is_old = [bool(d.old or (d.date and reference and (reference - d.date).days > _OLD_DAYS)) for d in event_dates]
        # "in 2019 gunmen attacked a church there during Sunday mass": the weekday of an old date's clause is old too
        for k, d in enumerate(event_dates):
            if d.kind == "weekday" and any(is_old[j] and o.end <= d.start and d.start - o.end < 80
                                           and not re.search(r"[;.]", s.folded[o.end:d.start])
                                           for j, o in enumerate(event_dates)):
                is_old[k] = True
        old = any(is_old) and not any(not o and d.kind != "anaphoric" for o, d in zip(is_old, event_dates))
        if old:
            cues = cues | {"recall"}
        if in_summary and not heading:
            cues = cues | {"summary"}
        if in_analysis:
            cues = cues | {"assessment"}
        f = segment.SentenceFacts(s.index, s.paragraph, s.folded, numeric, hits, event_dates, report_dates, mentions,
                                  sum(dead.values()), cues)
        f.claim = bool(_CLAIM_OF_THE.search(s.folded))
        f.starter = _starter(hits, f.deaths, cues, s.folded) and not (
            "recall" in cues and (old or not event_dates or all(d.old for d in event_dates)
                                  or all(d.date and reference and (reference - d.date).days > _RECALLED_DAYS
                                         for d in event_dates)))
        facts.append(f)
    # A lead summing up several events is none of them when the article tells them one by one after it.
    for f in facts:
        if "summary" in f.cues:
            if f.starter and any(g.starter and "summary" not in g.cues for g in facts if g.index > f.index):
                f.starter = False
            else:
                f.cues = f.cues - {"summary"}
    title_mentions = places.find_mentions(title) if title else []
    title_cues = types.non_event_cues(title.folded) if title else set()
    # The article's kind shows in its title, or for opinion, sport and the like in its first sentence.
    opening_cues = title_cues | ((facts[0].cues if facts else set()) - {"statistics", "policy"})
    # A sports report may open on a war word alone ("It was a massacre."): its next sentence tells.
    opening_cues |= (facts[1].cues & {"sport"}) if len(facts) > 1 and facts[1].paragraph == facts[0].paragraph else set()
    if article.outlet and _SPORTS_OUTLET.search(fold(article.outlet)):
        opening_cues |= {"sport"}  # "Kumasi Sports Herald": "It was a massacre" is a match report
    result = Extraction(article, lang, [], reference)
    if opening_cues & set(_ARTICLE_TITLE_KINDS) and not (title and types.triggers(title.folded)["kill"] and
                                                          "denial" not in opening_cues and "sport" not in opening_cues
                                                          and "opinion" not in opening_cues and "analysis" not in opening_cues):
        result.dropped.append("article: " + ", ".join(sorted(opening_cues & set(_ARTICLE_TITLE_KINDS))))
        return result
    article_places = all_places + [m for m in title_mentions] + _dateline_places(dateline) + _outlet_places(article.outlet)
    segments = segment.split(facts)
    # "The men came just after dawn, wearing the tunics of the Dozo hunters, survivors say. By the time
    # they left Kounkoulou …": who the lead paragraphs name, for the first event's perpetrator
    opening = [f for f in facts if segments and f.index < segments[0].sentences[0].index and not f.starter
               and not f.cues & segment.ASIDE_CUES]
    previous_date: dt.date | None = None
    for seg in segments:
        event = _event(seg, article, reference, previous_date, article_places, title_mentions, actor_mentions,
                       sents, len(segments), result, model if lang == "en" else None,
                       opening if seg is segments[0] else [])
        if event is None:
            continue
        if event.event_date:
            previous_date = event.event_date
        result.events.append(event)
    result.events = _dedupe(result.events)
    for event in result.events:
        event.confidence = confidence.probability(_features(event, len(result.events), reference))
    return result


def _event(seg: segment.Segment, article: Article, reference, previous_date, article_places, title_mentions,
           actor_mentions, sents, n_segments, result: Extraction, model: str | None = None,
           opening: list | None = None) -> ExtractedEvent | None:
    folded = " ".join(s.folded for s in seg.sentences)
    hits = types.merge([s.hits for s in seg.sentences])
    kind = types.classify(hits, " ".join(s.numeric for s in seg.sentences))
    if kind is None:
        result.dropped.append(f"sentences {seg.indexes}: no event type")
        return None
    if model:
        from veille.extract import acled_model

        passage = " ".join(sents[i].text for i in seg.indexes if 0 <= i < len(sents))
        sub, margin = acled_model.predict(model, passage, kind.sub_event_type, hits.counts)
        kind = types.Classification(sub, types.SUB_TO_TYPE[sub], kind.strength,
                                    f"model ({margin:.2f}); rules: {kind.sub_event_type}")
    when, precision = _date_of(seg, previous_date, reference)
    if when and reference and (reference - when).days > _ANCIENT_DAYS:
        result.dropped.append(f"sentences {seg.indexes}: {when} is long before publication")
        return None
    if when and reference and (reference - when).days > _OLD_DAYS and any("recall" in s.cues for s in seg.sentences):
        result.dropped.append(f"sentences {seg.indexes}: recalled past event")
        return None
    seg_places = [m for s in seg.sentences for m in s.places]
    loc = places.resolve(seg_places, article_places, article.country, (seg.first.index,))
    if loc.how in ("none", "country") and title_mentions:
        title_loc = places.resolve(title_mentions, article_places, article.country)
        if title_loc.how == "gazetteer" and (loc.country_iso3 in (None, title_loc.country_iso3)):
            loc = title_loc
    mentions = [m for i in seg.indexes for m in actor_mentions.get(i, [])]
    (a1, raw1), (a2, raw2) = actor_step.assign(kind.sub_event_type, mentions, loc.country_iso3, folded)
    if opening and a1 and a1.startswith("unidentified-armed-group"):
        lead = [m for f in opening for m in actor_mentions.get(f.index, [])]
        lead_folded = " ".join(f.folded for f in opening)
        (b1, braw1), _ = actor_step.assign(kind.sub_event_type, lead + mentions, loc.country_iso3, lead_folded + " " + folded)
        if b1 and not b1.startswith("unidentified-armed-group") and b1 != a2:
            a1, raw1 = b1, braw1
    count = fatalities.count_event([s.numeric for s in seg.sentences], kind.sub_event_type)
    event = ExtractedEvent(
        event_date=when, date_precision=precision if when else None, country_iso3=loc.country_iso3, admin1=loc.admin1,
        admin2=loc.admin2, location=loc.location, latitude=loc.latitude, longitude=loc.longitude, actor1=a1, actor2=a2,
        event_type=kind.event_type, sub_event_type=kind.sub_event_type, fatalities=count.total, confidence=0.0,
        admin1_pcode=loc.admin1_pcode, admin2_pcode=loc.admin2_pcode, geo_precision=loc.geo_precision,
        actor1_raw=raw1, actor2_raw=raw2, civilian_fatalities=count.civilians, wounded=count.wounded or None,
        sentences=seg.indexes, evidence=" ".join(sents[i].text for i in seg.indexes if 0 <= i < len(sents)),
        why={"type": kind.why, "strength": kind.strength, "place": loc.how, "cues": sorted(set().union(*[s.cues for s in seg.sentences])),
             "starter_hits": sum(1 for s in seg.sentences if s.starter),
             "position": seg.first.index / max(1, len(sents) - 1)})
    return event


def _date_of(seg: segment.Segment, previous: dt.date | None, reference: dt.date | None) -> tuple[dt.date | None, int]:
    """The event's date: a recent date of its first sentence, else of a later one, else the
    publication date at week precision. An old date counts only in the sentence that
    announces the event (which then reads as a recalled event)."""
    ordered = [seg.first] + [s for s in seg.sentences if s is not seg.first]

    def recent(d: dates.DateMention) -> bool:
        return d.date is not None and not d.old and not (reference and (reference - d.date).days > _OLD_DAYS)

    for s in ordered:
        concrete = [d for d in s.dates if d.kind != "anaphoric" and recent(d)]
        if concrete:
            return concrete[0].date, concrete[0].precision
        anaphoric = [d for d in s.dates if d.kind == "anaphoric"]
        if anaphoric and previous:
            resolved = dates.resolve_anaphoric(anaphoric[0], previous)
            return resolved.date, resolved.precision
    old = [d for d in seg.first.dates if d.date is not None and d.kind not in ("past",)]
    if old:
        return old[0].date, old[0].precision
    if reference is not None:
        return reference, 2
    return None, 0


def _dedupe(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """Two passages of one article about the same day, place and type are one event."""
    out: list[ExtractedEvent] = []
    for event in events:
        twin = next((e for e in out if e.event_date == event.event_date and e.sub_event_type == event.sub_event_type
                     and (e.admin2 or e.admin1) == (event.admin2 or event.admin1)), None)
        if twin is None:
            out.append(event)
            continue
        if (event.fatalities or 0) > (twin.fatalities or 0) and twin.fatalities is None:
            twin.fatalities = event.fatalities
        twin.sentences = twin.sentences + event.sentences
    return out


def _features(event: ExtractedEvent, n_events: int, reference: dt.date | None = None) -> confidence.Features:
    old = (reference - event.event_date).days if reference and event.event_date else None
    return confidence.Features(
        strength=float(event.why.get("strength", 0.5)), has_date=event.event_date is not None,
        date_day=event.date_precision == 1, place_precise=event.geo_precision in (1, 2),
        place_region=event.admin1 is not None, has_country=event.country_iso3 is not None,
        actor1=event.actor1 is not None, actor2=event.actor2 is not None, dead=event.fatalities,
        cues=len(event.why.get("cues", [])), events_in_article=n_events,
        starter_hits=int(event.why.get("starter_hits", 1)), position=float(event.why.get("position", 0.0)),
        days_old=old)
