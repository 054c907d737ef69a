"""How many died, read the way ACLED reads reports: every side's dead counted, the
wounded kept apart, vague numbers at their conservative value, the lowest figure when
sentences disagree.

Each death verb ("tués", "killed", "neutralisés", "ont perdu la vie", "shot dead",
"battu à mort") is read with the words around it, in the sentence's numeric view
(``numbers.numeric_view``): the victims listed before a passive verb ("quatre militaires
ont été tués et deux blessés"), or after an active one ("tuant deux soldats", "killed 44
worshippers and wounded 13"). A victim is a number (or "un", "a", "le") with a noun that
says who: state forces, attackers, or civilians. Numbers followed by "blessés" /
"wounded" are wounded; those after "dont" / "including" are a subset already counted.
A sentence that says nobody died ("aucune victime", "no casualties") gives an explicit 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

STATE = (r"soldats?|militaires?|soldiers?|troops?|gendarmes?|policiers?|police officers?|policemen|officers?|agents?"
         r"|vdp|volontaires|volunteers?|auxiliaries|gardes?|guards?|dozos?|chasseurs(?: traditionnels)?(?: dozos)?"
         r"|customs officers?|douaniers?|elements? (?:des fds|de l armee)|membres? des forces|rangers?|forestiers|policier"
         r"|policeman|koglweogos?|militiamen|miliciens?|peacekeepers?|casques bleus")
ARMED = (r"assaillants?|terroristes?|jihadistes?|djihadistes?|attackers?|assailants?|militants?|jihadists?|terrorists?"
         r"|insurgents?|combattants|fighters|bandits?|hommes armes|gunmen|islamistes|extremists?|ravisseurs|braconniers"
         r"|des leurs|of their (?:own|men)|bomber|kamikaze|coupeurs de route|presumes? (?:terroristes|bandits)")
CIVIL = (r"civils?|civilians?|villageois|villagers|personnes?|people|persons?|habitants|residents|agriculteurs|cultivateurs"
         r"|farmers?|commercants?|traders?|passagers?|passengers?|fideles|worshippers|orpailleurs|miners|bergers?|herders?"
         r"|eleveurs?|femmes?|women|woman|enfants?|children|child|eleves?|pupils?|students?|etudiants?|enseignants?|teachers?"
         r"|chauffeurs?|drivers?|apprentis?|infirmiers?|nurses?|patientes?|patients?|pecheurs|fishermen|hommes|men|man"
         r"|jeunes?(?: hommes?)?|youths?|garcons?|boys?|filles?|girls?|thiefs?|thief|voleurs?|suspects?|victimes?"
         r"|membres?|chefs?(?: de village| du village)?|conseillers?|notables?|marabouts?|imams?|pretres?|deplaces"
         r"|refugies|commercant|fidele|motocyclistes?|conducteurs?|taxi motos?|zemidjans?|supporters?|partisans?"
         r"|journalistes?|journalists?|pelerins?|worshipers|mineurs|bouviers|pasteurs?|gardiens?|maires?|elus?"
         r"|individuals?|individus?|pastoralists?|peasants?|paysans?|priests?|marabouts?|councill?ors?|chefs? coutumiers?"
         r"|villager|resident|civilian|farmer|herder|trader|merchants?|commercantes?|travellers?|voyageurs?|persons?|man|woman"
         r"|members?|subcontractors?|contractors?|workers?|employees?|schoolboys?|schoolgirls?|sons?|daughters?|fils|wives|wife"
         r"|husbands?|associates?|guests?|leaders?|notables|teenagers?|adolescents?|bebes?|babies|occupants|passers? by")
_NOUN = rf"(?:(?P<state>{STATE})|(?P<armed>{ARMED})|(?P<civil>{CIVIL}))"
_QUAL = r"(?:(?:au moins|at least|plus de|more than|over|about|around|some|environ|pres de|nearly|almost|quelque|jusqu a|up to)\s+)?"
_ITEM = re.compile(
    rf"(?<![\w.])(?P<subset>(?:dont|including|among them|among whom|parmi lesquels|parmi eux|notamment)\s+)?{_QUAL}"
    rf"(?P<n>\d+|un|une|one|a|an|le|la|l|son|sa|the|his|her|leur|their)\s+(?:de\s+|d\s+|of\s+(?:the\s+)?)?"
    rf"(?:[a-z]+\s+){{0,4}}?{_NOUN}\b(?P<tail>(?:\s+(?!(?:et|and|ou|or|un|une|le|la|les|l|son|sa|ses|a|an|the|his|her|de|des|du|of)\b)[a-z]+){{0,2}})")
_BARE = re.compile(rf"(?<![\w.]){_QUAL}(?P<n>\d+)\s+(?:de\s+)?(?:[a-z]+\s+)?(?P<what>morts|dead|deaths|tues|victimes|corps|bodies"
                   rf"|fatalities|killed)\b")
_ACTIVE = (r"tuant|killing|kills|ont tue|a tue|avoir tue|abattent|ont abattu|a abattu|neutralisant|cost the lives of"
           r"|assassinating|executing|ont assassine|a assassine|ont execute|a execute|death of|deaths of|la mort de"
           r"|coute la vie a|claimed the lives of|faisant|fait|left|lost(?! (?:their|his|her) li)|perdu(?! la vie)")
_PARTICIPLE = (r"tues|tuees|morts|mortes|mort|dead|perdu la vie|lost their lives|lost his life|lost her life|peri|perished"
               r"|ont peri|died|succombe\w*|decedes?|battu a mort|battue a mort|beaten to death|lynche|lynched|egorges?|beheaded"
               r"|assassines?|tombes?|abattus|abattues|neutralises|neutralisees|executes|massacres|tuee")
_AMBIGUOUS = (r"tue|killed|kill|abattu|neutralise|neutralised|neutralized|massacred|massacre|executed|execute|shot dead"
              r"|shot and killed|assassinated|murdered")
_DEATH = re.compile(rf"\b(?:(?P<active>{_ACTIVE})|(?P<passive>{_PARTICIPLE})|(?P<either>{_AMBIGUOUS}))\b")
_OBJECT_AHEAD = re.compile(r"^\s+(?:(?:at least|au moins|plus de|more than|some|about|around|pres de|nearly|une|un)\s+)?(?:\d+|un|une|one|a|an|the|les|des|le|la|l|deux|two|both|his|her|their|leur|son|sa)\b")
_WOUND = re.compile(r"\b(?:bless\w*|wounded|injur\w*|hurt|touches?)\b")
_ZERO = re.compile(
    r"\b(?:aucune victime|pas de victimes?|sans faire de victimes?|no casualties|no one was (?:hurt|killed|injured)|nobody was"
    r" (?:hurt|killed)|no deaths|no fatalities|aucun mort|aucune perte(?! n est a deplorer dans les rangs)|without casualties"
    r"|no injuries|aucun blesse|n a fait aucune victime|no victims?|sans faire de victime|n ont fait aucune victime"
    r"|no casualty|ont fui a l approche|were empty at the time|aucune perte n a ete signalee)\b")
_CLAUSE = re.compile(r"[;:()]|\bmais\b|\bafter\b|\bapres que\b|\bbefore\b|\bbut\b|\balors que\b|\bwhile\b|\bselon\b|\baccording to\b|,\s+(?=(?:et |and )?(?:le |la |les |the )?\w+ (?:said|a indique|ont indique))")
_ARTICLE_WORDS = {"un", "une", "one", "a", "an", "le", "la", "l", "son", "sa", "the", "his", "her", "leur", "their"}
_UPDATE = re.compile(r"\b(?:s est alourdi|s alourdit|rose to|risen to|climbed to|passe a|grimpe a)\b")


@dataclass
class Count:
    dead: dict[str, int] = field(default_factory=dict)  # group (state, armed, civil, any) → dead
    wounded: int = 0
    zero: bool = False  # the text says no one died

    @property
    def total(self) -> int | None:
        if not self.dead:
            return 0 if self.zero else None
        named = sum(v for k, v in self.dead.items() if k != "any")
        return max(named, self.dead.get("any", 0)) if "any" in self.dead else named

    @property
    def civilians(self) -> int | None:
        return self.dead.get("civil") if self.dead else (0 if self.zero else None)


def _group(match: re.Match) -> str:
    for name in ("state", "armed", "civil"):
        if match.group(name):
            return name
    return "any"


def _value(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return 1 if token in _ARTICLE_WORDS else None


def _items(window: str, wound_after: bool = True) -> list[tuple[str, int, int, int]]:
    """(group, n, start, end) of victims in a window, leaving out wounded and subsets."""
    out = []
    for m in _ITEM.finditer(window):
        if m.group("subset"):
            continue
        n = _value(m.group("n"))
        if n is None:
            continue
        if m.group("n") in _ARTICLE_WORDS and m.group("civil") and re.search(r"(?:s|x)$", m.group("civil")) \
                and m.group("civil") not in ("fils", "pays"):
            continue  # "les civils" is no count; "un civil" is
        following = window[m.end():m.end() + 25]
        if wound_after and _WOUND.match(following.strip()) or re.match(r"^\s*(?:autres? )?(?:ont ete |were |sont )?(?:grievement |legerement |slightly |seriously )?(?:bless|wound|injur|hurt)", following):
            continue
        out.append((_group(m), n, m.start(), m.end()))
    return out


_LIST_GAP = re.compile(r"^[\s,]*(?:et|and|ainsi que|as well as|plus|,)?[\s,]*$")


def _contiguous(items: list[tuple[str, int, int, int]], window: str, from_end: bool) -> list[tuple[str, int, int, int]]:
    """The victims next to the verb: the item nearest it and those listed with it ("onze
    militaires et six VDP", "l'infirmier, le chauffeur et une patiente"), not every number
    of the clause ("après avoir agressé cinq personnes … laissant un homme mort")."""
    if not items:
        return []
    ordered = sorted(items, key=lambda x: x[2], reverse=from_end)
    first = ordered[0]
    gap = window[first[3]:] if from_end else window[:first[2]]
    if len(gap) > (80 if from_end else 40):
        return []
    kept = [first]
    for item in ordered[1:]:
        previous = kept[-1]
        between = window[item[3]:previous[2]] if from_end else window[previous[3]:item[2]]
        if not _LIST_GAP.match(between):
            break
        kept.append(item)
    return kept


_ASIDE = re.compile(r"\s*\([^()]{1,24}\)")


def sentence_deaths(numeric: str) -> tuple[dict[str, int], int, bool]:
    """Dead by group, wounded, and whether the sentence says nobody died."""
    numeric = _ASIDE.sub("", numeric)  # "15 militants (jnim) killed": short asides are not clauses
    dead: dict[str, int] = {}
    seen_spans: list[tuple[int, int]] = []
    for verb in _DEATH.finditer(numeric):
        boundary = 0
        for b in _CLAUSE.finditer(numeric, 0, verb.start()):
            boundary = b.end()
        word = verb.group(0)
        ahead = numeric[verb.end():verb.end() + 90]
        if verb.group("active") or (verb.group("either") and _OBJECT_AHEAD.match(ahead)
                                    and not re.search(r"\b(?:a ete|ont ete|est|sont|etait|were|was|been|be|ete|being)\s+$",
                                                      numeric[max(0, verb.start() - 12):verb.start()])):
            if word in ("fait", "faisant", "left", "lost", "perdu") and not re.match(r"^\s+(?:au moins |at least |plus de )?\d", ahead):
                continue
            window_start = verb.end()
            window = re.split(r"\b(?:bless\w*|wounded|injur\w*)\b|[;.()]", ahead)[0]
            found = _contiguous(_items(window, wound_after=False), window, from_end=False)
            if not found and word not in ("fait", "faisant", "left", "lost", "perdu"):
                lone = re.match(r"^\s+(?:at least |au moins )?(\d+|one)\b(?=\s*(?:,|and|et|\.|$))", window)
                if lone:  # "killing one and taking six hostage"
                    found = [("any", 1 if lone.group(1) == "one" else int(lone.group(1)), lone.start(1), lone.end(1))]
            if word in ("fait", "faisant", "left"):
                bare = _BARE.search(window)
                found = [("any", int(bare.group("n")), bare.start(), bare.end())] if bare and bare.group("what") != "killed" else []
            if word in ("lost", "perdu"):
                found = [(g if g != "civil" else "state", n, a, b) for g, n, a, b in found]
        else:
            window_start = max(boundary, verb.start() - 110)
            window = numeric[window_start:verb.start()]
            found = _contiguous(_items(window), window, from_end=True)
        for group, n, s, e in found:
            span = (window_start + s, window_start + e)
            if any(span[0] < b and a < span[1] for a, b in seen_spans):
                continue
            seen_spans.append(span)
            dead[group] = dead.get(group, 0) + n
    for bare in _BARE.finditer(numeric):
        span = (bare.start(), bare.end())
        if any(span[0] < b and a < span[1] for a, b in seen_spans):
            continue
        before = numeric[max(0, bare.start() - 12):bare.start()]
        if re.search(r"(?:dont|including)\s*$", before):
            continue
        if bare.group("what") == "killed" and not re.search(r"\b(?:were|ont ete|have been|been)\s*$", numeric[:bare.start()]):
            # "5 killed" as a headline: a count of the dead
            pass
        seen_spans.append(span)
        group = "armed" if bare.group("what") in ("corps", "bodies") and re.search(
            r"assaillant|attacker|terroris|jihad|des leurs|cote assaillants", numeric) else "any"
        dead[group] = dead.get(group, 0) + int(bare.group("n"))
    for m in re.finditer(r"\b(?:corps|bodies|cadavres)\s+(?:de\s+|of\s+)(?P<n>\d+)\b", numeric):
        span = (m.start(), m.end())
        if not any(span[0] < b and a < span[1] for a, b in seen_spans):
            seen_spans.append(span)
            dead["armed"] = dead.get("armed", 0) + int(m.group("n"))
    wounded = 0
    for m in re.finditer(rf"(?<![\w.]){_QUAL}(?P<n>\d+|un|une|one|a|an)\s+(?:(?:autres?|others?|de|of|des|leurs)\s+)?(?:(?:[a-z]+)\s+){{0,2}}?"
                         rf"(?:(?:ont ete|were|sont|a ete|was|have been|ete)\s+)?(?:grievement |legerement |slightly |seriously |critically )?"
                         rf"(?:bless\w*|wounded|injur\w*|hurt)\b", numeric):
        n = _value(m.group("n"))
        if n:
            wounded += n
    for m in re.finditer(r"\b(?:blessant|wounding|injuring|wounded|injured|blesse)\s+(?:au moins |at least )?(?P<n>\d+)\b", numeric):
        wounded += int(m.group("n"))
    return dead, wounded, bool(_ZERO.search(numeric))


def count(numeric_sentences: list[str]) -> Count:
    """The event's dead, from the numeric views of its sentences.

    Within a sentence the victims add up; across sentences, figures for the same side
    are restatements or rival claims, so the lowest stands — unless a sentence updates
    the toll ("le bilan s'est alourdi à 7", "rose to 7")."""
    per_group: dict[str, list[int]] = {}
    updates: dict[str, int] = {}
    result = Count()
    for text in numeric_sentences:
        dead, wounded, zero = sentence_deaths(text)
        result.wounded += wounded
        result.zero = result.zero or zero
        named = {k: v for k, v in dead.items() if k != "any"}
        if "any" in dead and not named:
            per_group.setdefault("any", []).append(dead["any"])
        for group, n in named.items():
            if _UPDATE.search(text):
                updates[group] = n
            per_group.setdefault(group, []).append(n)
    for group, values in per_group.items():
        result.dead[group] = updates.get(group, min(values))
    if "any" in result.dead and any(k != "any" for k in result.dead):
        named = sum(v for k, v in result.dead.items() if k != "any")
        # An unattributed toll ("5 morts") is the total when larger; a smaller one is a
        # separate group's dead ("une dizaine de corps" beside "4 militaires tués").
        if result.dead["any"] <= named and not any("corps" in t or "bodies" in t for t in numeric_sentences):
            del result.dead["any"]
        elif result.dead["any"] <= named:
            result.dead["armed"] = result.dead.get("armed", 0) + result.dead.pop("any")
    return result
