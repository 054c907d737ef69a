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
from functools import lru_cache

STATE = (r"soldats?|militaires?|soldiers?|troops?|gendarmes?|policiers?|police officers?|policemen|officers?|agents?"
         r"|vdp|volontaires|volunteers?|auxiliaries|gardes?|guards?|dozos?|chasseurs(?: traditionnels)?(?: dozos)?"
         r"|customs officers?|douaniers?|elements? (?:des fds|de l armee)|membres? des forces|rangers?|forestiers|policier"
         r"|policeman|koglweogos?|militiamen|miliciens?|peacekeepers?|casques bleus"
         # what jihadist claims call the soldiers they say they killed: a rival figure for them
         r"|apostates?|apostats?|crusaders?|croises|mecreants|infidels?")
ARMED = (r"assaillants?|terroristes?|jihadistes?|djihadistes?|attackers?|assailants?|militants?|jihadists?|terrorists?"
         r"|insurgents?|combattants|fighters|bandits?|hommes armes|gunmen|islamistes|extremists?|ravisseurs|braconniers"
         r"|des leurs|of their (?:own|men)|its own|their own|bomber|kamikaze|coupeurs de route|presumes? (?:terroristes|bandits)|islamists?|jihadis"
         r"|rebels?|rebelles?|separatists?|militiamen|miliciens?|elements|members of (?:the )?(?:group|jnim|isgs|boko haram|mujao|aqim)")
CIVIL = (r"civils?|civilians?|villageois|villagers|personnes?|people|persons?|habitants|residents|agriculteurs|cultivateurs"
         r"|farmers?|commercants?|traders?|passagers?|passengers?|fideles|worshippers|orpailleurs|miners|bergers?|herders?"
         r"|eleveurs?|femmes?|women|woman|enfants?|children|child|eleves?|pupils?|students?|etudiants?|enseignants?|teachers?"
         r"|chauffeurs?|drivers?|apprentis?|infirmiers?|nurses?|patientes?|patients?|pecheurs|fishermen|hommes|men|man"
         r"|jeunes?(?: hommes?)?|youths?|garcons?|boys?|filles?|girls?|thiefs?|thief|voleurs?|suspects?|victimes?"
         r"|membres?|chefs?(?: de village| du village)?|conseillers?|notables?|marabouts?|imams?|pretres?|deplaces"
         r"|refugies|commercant|fidele|motocyclistes?|conducteurs?|taxi motos?|zemidjans?|supporters?|partisans?"
         r"|journalistes?|journalists?|pelerins?|worshipers|mineurs|bouviers|pasteurs?|gardiens?|maires?|elus?"
         r"|individuals?|individus?|pastoralists?|peasants?|paysans?|priests?|marabouts?|councill?ors?|councilm[ae]n|chefs? coutumiers?"
         r"|villager|resident|civilian|farmer|herder|trader|merchants?|commercantes?|travellers?|voyageurs?|persons?|man|woman"
         r"|members?|subcontractors?|contractors?|workers?|employees?|schoolboys?|schoolgirls?|sons?|daughters?|fils|wives|wife"
         r"|husbands?|associates?|guests?|leaders?|notables|teenagers?|adolescents?|bebes?|babies|occupants|passers? by"
         r"|chiefs?|relatives?|family members|brothers?|sisters?|nephews?|cousins?|uncles?|parents|fathers?|mothers?"
         r"|pilgrims?|refugees?|idps?|displaced persons?")
_NOUN = rf"(?:(?P<state>{STATE})|(?P<armed>{ARMED})|(?P<civil>{CIVIL}))"
_QUAL = r"(?:(?:au moins|at least|plus de|more than|over|about|around|some|environ|pres de|nearly|almost|quelque|jusqu a|up to)\s+)?"
_ITEM = re.compile(
    rf"(?<![\w.])(?P<subset>(?:dont|including|incl|among them|among whom|parmi lesquels|parmi eux|notamment)\s+)?{_QUAL}"
    rf"(?P<n>\d+|un|une|one|a|an|le|la|l|son|sa|the|his|her|leur|their)\s+(?:de\s+|d\s+|of\s+(?:the\s+)?)?"
    rf"(?:(?!(?:and|et|a|an|the|who|which|qui)\s)[a-z]+\s+){{0,4}}?{_NOUN}\b(?!\s+(?:camps?|stations?|posts?|sites?|checkpoints?|bases?|convoys?|patrols?|settlements?|cells?|networks?|hideouts?|units?)\b)(?P<tail>(?:\s+(?!(?:et|and|ou|or|un|une|le|la|les|l|son|sa|ses|a|an|the|his|her|de|des|du|of|including|dont|among|notamment"
    rf"|parmi|who|whom|which|that|qui|que)\b)[a-z]+){{0,2}})")
_BARE = re.compile(rf"(?<![\w.]){_QUAL}(?P<n>\d+|one)\s+(?:de\s+)?(?P<side>(?:[a-z]+\s+){{0,2}})(?P<what>morts|dead|deaths|tues|victimes|corps|bodies|corpses|cadavres"
                   rf"|fatalities|killed|(?<=\b1 )(?:mort|tue|death|victime))\b")
_ACTIVE = (r"tuant|killing|kills|ont tue|a tue|avoir tue|abattent|ont abattu|a abattu|neutralisant|neutraliser|cost the lives of"
           r"|kil+il?n?g|kiling|slit the throats? of|slitting the throats? of"
           r"|shooting dead|gunning down|hacking to death|stabbing to death|burning alive|stoning to death|beheading|slaughtering"
           r"|assassinating|executing|ont assassine|a assassine|ont execute|a execute|death of|deaths of|la mort de"
           r"|coute la vie a|claimed the lives of|faisant|fait|left|lost(?! (?:their|his|her) li)|perdu(?! la vie)")
_PARTICIPLE = (r"tues|tuees|morts|mortes|mort|dead|had their throats slit|perdu la vie|lost their lives|lost his life|lost her life|peri|perished"
               r"|ont peri|died|succombe\w*|decedes?|battu a mort|battue a mort|beaten to death|lynche|egorges?"
               r"|assassines?|tombes?|abattus|abattues|neutralises|neutralisees|executes|massacres|tuee")
_AMBIGUOUS = (r"tue|killed|killled|kiled|kill|abattu|neutralise|neutralised|neutralized|massacred|massacre|executed|execute|shot dead"
              r"|gunned down|hacked to death|stabbed to death|burn(?:ed|t) alive|stoned to death|beheaded|slaughtered|lynched"
              r"|shot and killed|assassinated|murdered|shot down")
_DEATH = re.compile(rf"\b(?:(?P<active>{_ACTIVE})|(?P<passive>{_PARTICIPLE})|(?P<either>{_AMBIGUOUS}))\b")
_OBJECT_AHEAD = re.compile(r"^\s+(?:(?:at least|au moins|plus de|more than|some|about|around|pres de|nearly|between|une|un)\s+)?(?:\d+|un|une|one|a|an|the|les|des|le|la|l|deux|two|both|his|her|him|their|leur|son|sa)\b")
_WOUND = re.compile(r"\b(?:bless\w*|wounded|injur\w*|hurt|touches?)\b")
_ZERO = re.compile(
    r"\b(?:aucune victime|pas de victimes?|sans faire de victimes?|no casualties|no one was (?:hurt|killed|injured)|nobody was"
    r" (?:hurt|killed)|no deaths|no fatalities|aucun mort|aucune perte(?! n est a deplorer dans les rangs)|without casualties"
    r"|no injuries|aucun blesse|n a fait aucune victime|no victims?|sans faire de victime|n ont fait aucune victime"
    r"|no casualty|ont fui a l approche|were empty at the time|aucune perte n a ete signalee)\b")
_CLAUSE = re.compile(r"[;:()]|\bmais\b|\bafter\b|\bapres que\b|\bbefore\b|\bbut\b|\balors que\b|\bwhile\b|\bselon\b|\baccording to\b|,\s+(?=(?:et |and )?(?:le |la |les |the )?\w+ (?:said|a indique|ont indique))")
_ARTICLE_WORDS = {"un", "une", "one", "a", "an", "le", "la", "l", "son", "sa", "the", "his", "her", "leur", "their"}
_UPDATE = re.compile(r"\b(?:s est alourdi|s alourdit|rose to|risen to|climbed to|passe a|grimpe a|portant (?:ainsi )?le bilan a"
                     r"|portant (?:ainsi )?le nombre (?:de |des )?(?:victimes|morts|tues|deces) a|put(?:s|ting)? the (?:death )?toll at"
                     r"|(?:bringing|raising|pushing) the (?:death )?toll to|(?:has |had |was |have )?raised"
                     r" (?:\w+ )?to|revised (?:up(?:wards?)? )?to|(?:a |ont |avait )?porte (?:\w+ )?a|revu a la hausse)\b")
_RIVAL = re.compile(r"\b(?:certaines sources|d autres sources|other sources|some sources|some reports|unconfirmed reports?"
                    r"|n a pas pu etre (?:verifie|confirme)|could not be (?:independently )?(?:verified|confirmed)"
                    r"|non (?:confirme|verifie)s?|pas (?:encore )?(?:ete )?confirme|a confirmer|to be confirmed|on parle d"
                    r"|il se dit|selon des rumeurs)\b")
_FORCES = frozenset(("vdp", "fds", "fama", "faci", "fat", "fab", "fan", "army", "armee", "police", "gendarmerie", "military",
                     "jnim", "gsim", "eigs", "isgs", "iswap", "national guard", "garde nationale", "koglweogo", "dozos"))
_EACH_SIDE = re.compile(r"\b(?:one|1) (?:person|man|youth|member|villager|fighter|personne|homme|jeune) (?:from|of|on|de|par) "
                        r"(?:each|either|chaque) (?:side|community|camp|group|village|communaute|cote|camp|groupe)\b")
_ANIMALS = re.compile(r"\b\d+ (?:of (?:the |their )?)?(?:heads? of |tetes de )?(?P<what>cattle|cows|goats|sheep|animals|camels|donkeys"
                      r"|livestock|boeufs|betail|bovins|moutons|chevres|animaux|chameaux|anes)\b")
_MEMBERS_OF = re.compile(r"\b(?P<n>\d+) (?:members|elements|membres|militants|fighters|combattants) (?:of|de|des|du|d)"
                         r" (?:the |la |le |l |les )?(?:[a-z]+ ){0,6}?(?:the |la |le |l |les )?"
                         r"(?P<who>vdp|volunteers|army|armee|police|gendarmerie|dozos?|koglweogo|jnim|gsim|is sahel|eigs|isgs"
                         r"|national guard|garde nationale|fds|fama|faso|military)\b")
_TOLL_TO = re.compile(r"(?:\b(?:death |casualty )?toll\b(?: \w+){0,2}? (?:has |had |have |now )?(?:risen|rose|climbed|increased|jumped"
                      r"|stands|stood|reached) (?:to |at )?"
                      r"|\bportant (?:ainsi )?le nombre (?:de |des )?(?:victimes|morts|tues|deces) a )(?:at least |au moins )?(?P<n>\d+)\b"
                      r"(?! (?:wounded|injured|injuries|hurt|blesses))")
# "has raised to 19 the number of soldiers killed", "a porté à 19 le nombre de soldats tués":
# the count stands before its noun, as in "19 soldiers killed".
_NUMBER_OF = re.compile(r"\b(?P<head>(?:raised|revised|increased|brought|put|pushed|porte|releve|revu)(?: \w+){0,2}? (?:to|at|a)"
                        r" (?:au moins |at least )?\d+) (?:the|le) (?:number|nombre|toll|bilan) (?:of|de|d|des) ")
# A sentence that tells further dead ("they also killed 2 more people", "another 3 soldiers
# died", "un autre civil a été tué") adds to the toll instead of restating it.
_FURTHER = re.compile(r"\b(?:also (?:\w+ )?(?:killed|killing|shot dead|executed|tue|abattu)|(?:\d+|one) (?:more|further|additional|autres?)"
                      r"|another (?:\d+ )?\w+ (?:was|were|died|succumbed)|a further \d+|additional \d+|(?:egalement|aussi) (?:tue|abattu)\w*"
                      r"|un autre|une autre)\b"
                      # "et 4 autres blessés", "14 others wounded": more wounded, not more dead
                      r"(?!\s+(?:\w+\s+){0,3}?(?:bless\w*|wounded|injured|hurt)\b)")


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
        if n is None or re.match(r"^\s+(?:of whom|of them|d entre eux|parmi eux)\b", window[m.end("n"):]) \
                or re.match(r"^\s*(?:years?|yrs?|ans)\s+old\b|^\s*(?:year|years) (?:of age|aged)", window[m.end("n"):]):
            continue  # "four jihadists, two of whom were leaders": a subset
        noun = m.group("civil") or m.group("armed") or m.group("state")
        if m.group("n") in _ARTICLE_WORDS and (re.search(r"(?:s|x)$", noun) or re.search(r"(?:men|people|children)$", noun)) \
                and noun not in ("fils", "pays", "des leurs") and not noun.startswith("of "):
            continue  # "les civils", "the assailants" are no count; "un civil" is
        if m.group("n") in ("the", "le", "la", "l") and noun in _FORCES:
            continue  # "5 members of the Volunteers …, the VDP, were killed": a force named, not one more victim
        noun_end = max(m.end(g) for g in ("state", "armed", "civil") if m.group(g))
        following = window[noun_end:noun_end + 30]  # from the noun: its tail may hold "was wounded"
        wounded_next = [re.match(r"^\s*(?:autres? )?(?:who |qui )?(?:ont ete |were |sont |was |has been |have been |a ete |is )?"
                                 r"(?:grievement |legerement |slightly |seriously )?(?:bless|wound|injur|hurt)", f)
                        for f in (following, window[m.end():m.end() + 25])]
        if wound_after and (_WOUND.match(following.strip()) or _WOUND.match(window[m.end():m.end() + 25].strip())) \
                or any(wounded_next):
            continue
        out.append((_group(m), n, m.start(), m.end()))
    return out


_WOUNDED_AFTER = re.compile(r"^\s*(?:others? )?(?:were |was |have been |has been |are |ont ete |sont |a ete )?(?:(?!and |et )\w+ )?"
                            r"(?:wounded|injured|hurt|bless\w*)\b")
_LIST_GAP = re.compile(r"^[\s,&]*(?:et|and|ainsi que|as well as|plus|,|&)?[\s,&]*$")


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
    if from_end and _OTHER_COUNT.search(gap):
        return []  # "262 suspects arrested, 30 injured and 1 killed": another count stands between
    kept = [first]
    rest = ordered[1:]
    while True:
        previous = kept[-1]
        item = rest[0] if rest else None
        between = (window[item[3]:previous[2]] if from_end else window[previous[3]:item[2]]) if item else None
        if item and _LIST_GAP.match(between):
            kept.append(rest.pop(0))
            continue
        # A count in the list whose noun the patterns do not know: "4 Ber and 3 Tala fighters",
        # "4 civilians, 2 assailants and 1 soldier", "27 rebels were killed and one soldier".
        if from_end:
            bare = _LIST_BEFORE.search(window, 0, previous[2])
            if bare and (not item or bare.start() >= item[3]):
                kept.append(("other", int(bare.group("n")), bare.start("n"), bare.start("n") + len(bare.group("n"))))
                continue
        else:
            bare = _LIST_AFTER.match(window, previous[3])
            if bare and (not item or bare.end() <= item[2]) and bare.group("noun") not in _NOT_PEOPLE:
                kept.append(("other", int(bare.group("n")), bare.start("n"), bare.end()))
                continue
        break
    return kept


_MONTH_WORD = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr"
               r"|jun|jul|aug|sep|sept|oct|nov|dec|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
               r"|decembre)")
_LONE_KILL = re.compile(r"\b(?:killed|killing|kills|executed|executing|execution|beheaded|beheading|decapitated|lynched|lynching"
                        r"|assassinated|assassination|assasinated|murdered|murder|shot dead|stoned to death|beaten to death|to death"
                        r"|hanged|hung|strangled|slit (?:the |his |her )?throat|found dead|died|presumed dead|tue|tuee|abattu|assassine|egorge"
                        r"|decapite|execute|lynche)\b")
_NOT_LONE = re.compile(r"\b(?:several|many|numerous|a number of|an unknown number|unknown number|dozens|scores|some|multiple|not stated"
                       r"|unclear|casualties|victims|bodies|corpses|people|civilians|villagers|militants|soldiers|men|persons|them(?! \w+ of)"
                       r"|they|both|plusieurs|nombreux|des morts|attempt\w*|tried|tent\w*|nearly|survived|no one|nobody|denied|dementi\w*"
                       r"|earlier|ago|anniversary|\d+)\b")
_MANY_BEFORE = re.compile(r"\b(?:several|many|numerous|a number of|unknown number|dozens|scores|some|multiple|both|plusieurs|nombreux"
                          rf"|(?!(?:19|20)\d\d\b)\d+ (?!{_MONTH_WORD}\b)[a-z]+|people|civilians|villagers|persons|victims|bodies|corpses|they|(?:were|have been|had been|are) \w*\s*$)\b")
_NO_DEATH = re.compile(r"\b(?:attempt\w*|tried|tent\w*|nearly|survived|no one|nobody|denied|dementi\w*|earlier|ago|anniversary"
                       r"|not stated|unclear|if any)\b")
_NO_LONE_DEATH = frozenset(("Peaceful protest", "Protest with intervention", "Violent demonstration", "Arrests",
                            "Looting/property destruction", "Disrupted weapons use", "Agreement", "Other",
                            "Change to group/activity", "Headquarters or base established", "Non-violent transfer of territory"))
_NOT_DEAD = r"(?:wounded|injured|injuries|hurt|bless\w*|arrested|arretes?|captured|captures?|missing|disparus?|detained|kidnapped|abducted|enleves?|hostages?|otages?|prisoners?)"
_LIST_BEFORE = re.compile(rf"(?<![\w.])(?P<n>\d+)\s+(?!(?:and|et|{_NOT_DEAD}|{_MONTH_WORD})\b)[a-z]+(?:\s+(?!(?:and|et|{_NOT_DEAD})\b)[a-z]+)?"
                          r"(?:\s*,\s*|\s+and\s+|\s*&\s*)$")
_LIST_AFTER = re.compile(rf"(?:\s+(?:and|et)\s+|\s*&\s*)(?P<n>\d+)\s+(?P<noun>[a-z]+)\b(?!(?:\s+[a-z]+)?\s+(?:(?:were|was|have been|ont ete|sont)\s+)?{_NOT_DEAD})")


_GENERIC_DEAD = frozenset(("people", "persons", "more", "others", "other", "personnes", "autres", "confirmed", "reported",
                           "people were", "were", "are", "civilian", "others were"))
_OTHER_COUNT = re.compile(r"\b\d+\s+(?:[a-z]+\s+)?(?:injured|wounded|bless\w*|hurt|arrested|arretes?|captured|captures?|missing"
                          r"|disparus?|detained|kidnapped|enleves?|taken hostage)\b")
# (but not a toll given as one: "raid on a camp (15 dead)")
_ASIDE = re.compile(r"\s*\((?!\s*(?:\d+|one)\s+(?:dead|killed|deaths|morts|tues)\s*\))[^()]{1,24}\)")
# An aside that lists or breaks down the dead it follows: "14 civilians (among them 7 pupils) were
# killed", "40 people (39 militants and 1 soldier) were killed" — the figure before it stands.
_ASIDE_LIST = re.compile(r"\s*[(\[](?!\s*(?:\d+|one)\s+(?:dead|killed|deaths|morts|tues)\s*[)\]])(?:including|incl|among them|among whom|dont|parmi eux|notamment|\d+ )[^()\[\]]{0,80}[)\]]")


# Nouns after a number that do not name people ("killed 40 cattle", "3 km").
_NOT_PEOPLE = frozenset(
    "of and or in at on to from by with for during km kilometres kilometers metres meters miles hours hour days day weeks "
    "week months month years year minutes times percent head heads cattle cows cow sheep goats goat camels camel donkeys "
    "donkey animals animal livestock horses horse oxen bulls chickens dogs others other more less than attack attacks "
    "incidents incident events event separate ied ieds mine mines landmine landmines explosive explosives device devices bomb "
    "bombs vehicle vehicles car cars truck trucks motorbike motorbikes motorcycles camp camps base bases position positions "
    "cell cells network networks".split())
_ANY_VICTIM = re.compile(rf"^\s+{_QUAL}(?P<n>\d+|a|an|one|the|his|her|le|la|l|un|une|son|sa)\s+(?P<words>(?:[a-z]+\s+){{0,3}}?)"
                         r"(?P<noun>[a-z]{3,})\b")
_LONE_PASSIVE = re.compile(rf"(?<![\w.]){_QUAL}(?P<n>\d+)\s+(?:(?!and\b|et\b)[a-z]+\s+){{0,2}}(?:(?:were|have been|had been|are|ont ete"
                           r"|sont|were reportedly|reportedly)\s+)(?:\w+\s+)?$")
# A victim's kin or escort, named after them ("a village chief and his son").
_KIN = (r"sons?|daughters?|brothers?|sisters?|wife|wives|husband|father|mother|nephews?|cousins?|children|child|uncle|friends?"
        r"|fils|filles?|freres?|soeurs?|epouses?|femmes?|mari|pere|mere|neveux?|amis?|enfants?|drivers?|bodyguards?|chauffeurs?"
        r"|guides?|guards?|escorts?")
_MORE = re.compile(r"^(?:\s+(?!(?:and|et|as|ainsi)\b)[a-z]+){0,2}?[\s,]*(?:and|et|as well as|ainsi que)\s+(?:(?P<n>\d+|another|un autre|une autre)\s+(?:others?|more|autres?|people|persons)?"
                   rf"|(?:his|her|their|son|sa|ses|leurs?)\s+(?:(?P<kn>\d+)\s+)?(?:\w+\s+)?(?P<kin>{_KIN})"
                   r"|(?:a|an)\s+(?P<anoun>[a-z]{3,}))\b")
_MORE_KIN = re.compile(rf"^(?P<gap>(?:\s+(?!(?:and|et)\b)[a-z]+){{0,9}}?)(?:\s*,\s*(?:and\s+|et\s+)?|\s+(?:and|et)\s+)(?:his|her|their|son|sa|ses|leurs?)\s+"
                       rf"(?:(?P<kn>\d+)\s+)?(?:\w+\s+)?(?:{_KIN})\b")
# "shot dead a policeman and a court clerk": a second victim with an article, whose noun the
# patterns do not know; not a thing, not a quantity, not the start of another clause.
_NOT_A_VICTIM = frozenset("number few lot dozen group large small further second third new similar motorbike motorcycle "
                          "vehicle vehicles weapon weapons gun guns rifle phone shop house hut store granary market school "
                          "church mosque well herd quantity sum total series day week night".split())


def _contiguous_article(rest: str) -> bool:
    """After "and a X": at most one more noun word, then the end of the list."""
    return bool(re.match(r"^(?:\s+(?!(?:and|et|who|which|were|was)\b)[a-z]+)?\s*(?:[,.;]|$|\s+(?:and|in|at|near|on|who|from|of|outside|inside|by|with|during|after|while)\b)", rest))


_SINGULAR_PASSIVE = re.compile(r"\b(?:was|has been|had been|is|a ete|fut|est)\s+(?:(?:reportedly|allegedly|also|then|later|"
                               r"subsequently|eventually|finally|apparently|brutally|found|retrouve|retrouvee|ensuite|aussi|egalement)\s+){0,2}$")
_SUBSET_TAIL = re.compile(r",?\s+(?:including|among them|among whom|dont|notamment|parmi (?:eux|lesquels))\b[^;]*$")
_NOBODY = re.compile(r"\b(?:no one|nobody|none|noone|personne|aucun|aucune|no \w+)\b")
_SUCCUMBED = re.compile(r"\b(?:succumbed to (?:his|her) (?:wounds|injuries)|died (?:of|from) (?:his|her) (?:wounds|injuries)"
                        r"|(?:a|est) succombe (?:a ses blessures)?|later died|died later|died in (?:custody|detention|hospital)"
                        r"|est decede\w*|a trouve la mort)\b")


_SUCCUMBED_LIST = re.compile(r"\b(?:succumbed to their (?:wounds|injuries)|died (?:of|from) their (?:wounds|injuries)"
                             r"|(?:ont|sont) succombe\w* a leurs blessures)\b")


# A killing told as a verb, its object, then "to death".
_TO_DEATH = re.compile(r"\b(?:tortured|torturing|beat|beating|stoned|stoning|hacked|hacking|stabbed|stabbing|burned|burnt|burning"
                       r"|clubbed|clubbing|trampled|whipped|lynched|starved|starving)\s+(?P<obj>(?:(?!to\b)[a-z0-9]+\s+){1,5}?)to death\b")
# One body found: a death, of a victim the patterns may not know ("the corpse of a twelve
# year old girl", "body of one assailant"); unattributed, so a count elsewhere prevails.
_ONE_BODY = re.compile(r"\b(?:corpse|dead body|lifeless body|body|cadavre|corps sans vie|corps)\s+(?:of|d|de)\s+(?:one|a|an|un|une|l)\s+"
                       r"(?:[a-z0-9]+\s+){0,4}?(?P<noun>[a-z]{3,})\b")
_FOUND = re.compile(r"\b(?:found|recovered|discovered|retrieved|retrouve\w*|decouvert\w*)\b")


# The wounded who died later, counted: "one of the wounded succumbed", "2 more died in hospital".
_DIED_LATER = re.compile(r"(?<![\w.])(?P<n>\d+|one)\s+(?:(?:more|others?|of (?:the|them|those)(?:\s+(?:\d+|[a-z]+))?)\s+)?(?:[a-z]+\s+){0,2}?"
                         r"(?:(?:later|subsequently|also|since)\s+)?(?:succumb\w*|died)\b")


def _any_victim(window: str) -> list[tuple[str, int, int, int]]:
    """After an active death verb with no victim noun the patterns know: the object as
    it stands, one for an article ("the station chief"), the number for a count, unless
    the noun names no people or the article governs a plural ("the villagers")."""
    m = _ANY_VICTIM.match(window)
    if not m or m.group("noun") in _NOT_PEOPLE or any(w in _NOT_PEOPLE for w in m.group("words").split()):
        return []
    token = m.group("n")
    if token.isdigit():
        return [("other", int(token), m.start("n"), m.end())]
    if m.group("noun").endswith("s") and not m.group("noun").endswith("ss") or token in ("his", "her", "son", "sa"):
        return []
    return [("other", 1, m.start("n"), m.end())]


# A victim told by a pronoun, the object and nothing after it but the rest of the clause.
_HIM = re.compile(r"^\s+(him|her)(?=\s*(?:[,.;]|$|\s+(?:in|at|near|on|and|after|before|with|while|because|for|during|outside"
                  r"|inside|as|by|when|then|later|shortly|immediately|two|three|several|the|a|an|\d+)\b))")


_NOT_DONE = re.compile(r"\b(?:nearly|almost|tried to|attempted to|attempting to|trying to|failed to|sought to|tente de|tente d)"
                       r"\s+(?:\w+\s+)?$")


# "27 rebels were killed and one soldier": a victim added after the passive verb.
_AND_ONE_MORE = re.compile(r"\s+(?:and|as well as|et)\s+(?P<item>(?:one|a|an|un|une|\d+)\s+(?:[a-z]+\s+){0,2}?[a-z]+)(?=\s*(?:[.;,]|$))")


def _apposition(found: list[tuple[str, int, int, int]], window: str) -> list[tuple[str, int, int, int]]:
    """"3 people - a councillor, an imam and an old man - were killed" (the dashes gone in the
    numeric view): a count followed, with nothing between, by as many victims one by one
    names them; the count stands."""
    ordered = sorted(found, key=lambda x: x[2])
    gap = window[ordered[0][3]:ordered[1][2]].strip() if len(ordered) >= 3 else "x"
    # "ont tué deux civils, un commerçant et son apprenti": after a comma only victims of the
    # count's own side name it ("killed two soldiers, a civilian and a child" lists four)
    same_side = all(g in (ordered[0][0], "other") for g, _n, _s, _e in ordered[1:])
    if len(ordered) >= 3 and ordered[0][1] >= 2 and (not gap or gap in (",", ":") and same_side) \
            and sum(n for _g, n, _s, _e in ordered[1:]) == ordered[0][1] and all(n == 1 for _g, n, _s, _e in ordered[1:]):
        return ordered[:1]
    return found


def sentence_deaths(numeric: str) -> tuple[dict[str, int], int, bool]:
    """Dead by group, wounded, and whether the sentence says nobody died."""
    dead, wounded, zero = _sentence_deaths(numeric)
    return dict(dead), wounded, zero  # a fresh dict: callers change theirs


def forget() -> None:
    """Empty the per-sentence cache (the pipeline does at each article, so that a text seen
    again is read again: benchmarks that repeat reports measure the reading, not the cache)."""
    _sentence_deaths.cache_clear()


@lru_cache(maxsize=4096)
def _sentence_deaths(numeric: str) -> tuple[tuple[tuple[str, int], ...], int, bool]:
    """``sentence_deaths``, read once per sentence: the pipeline, the toll of each event and the
    rival-figure check all ask for the same sentences."""
    dead, wounded, zero = _read_deaths(numeric)
    return tuple(dead.items()), wounded, zero


def _read_deaths(numeric: str) -> tuple[dict[str, int], int, bool]:
    numeric = _ASIDE.sub("", _ASIDE_LIST.sub("", numeric))  # "15 militants (jnim) killed": short asides are not clauses
    numeric = re.sub(r"\band ?/ ?or\b", "or", numeric)  # "2 JNIM and/or ISGS militants": one side
    numeric = _MEMBERS_OF.sub(r"\g<n> \g<who>", numeric)  # "5 members of the VDP were killed": 5 VDP
    numeric = _ANIMALS.sub(r"many \g<what>", numeric)  # "dozens of cattle were killed": no one
    numeric = _EACH_SIDE.sub("2 persons", numeric)  # "one person from each community was killed"
    numeric = re.sub(r"\blosing (?=(?:at least |some |about )?\d)", "lost ", numeric)  # "killing 11 rebels and losing 5 soldiers"
    numeric = _NUMBER_OF.sub(r"\g<head> ", numeric)
    dead: dict[str, int] = {}
    seen_spans: list[tuple[int, int]] = []
    for verb in _DEATH.finditer(numeric):
        boundary = 0
        for b in _CLAUSE.finditer(numeric, 0, verb.start()):
            boundary = b.end()
        word = verb.group(0)
        if _NOT_DONE.search(numeric, max(0, verb.start() - 30), verb.start()):
            continue  # "nearly lynched a priest", "tried to kill the mayor"
        ahead = numeric[verb.end():verb.end() + 90]
        if verb.group("active") or (verb.group("either") and _OBJECT_AHEAD.match(ahead)
                                    and not re.search(r"\b(?:a ete|ont ete|est|sont|etait|were|was|been|be|ete|being)\s+$",
                                                      numeric[max(0, verb.start() - 12):verb.start()])):
            if word in ("fait", "faisant", "left", "lost", "perdu") and not re.match(r"^\s+(?:au moins |at least |plus de )?\d", ahead):
                continue
            window_start = verb.end()
            window = re.split(r"\b(?:bless\w*|wounded|injur\w*)\b|[;.()]", ahead)[0]
            found = _contiguous([i for i in _items(window, wound_after=False) if not _WOUNDED_AFTER.match(ahead[i[3]:])],
                                window, from_end=False)
            if found and word not in ("fait", "faisant", "left", "lost", "perdu"):
                first = min(s for _g, _n, s, _e in found)
                lead = _any_victim(window[:first])  # "the subprefect and his driver": a victim the nouns do not know, first
                if lead and re.match(r"^(?:\s+(?!(?:and|et)\b)[a-z]+){0,2}[\s,]*(?:and|et)\s*$", window[lead[0][3]:first]):
                    found = lead + found
            if not found and word not in ("fait", "faisant", "left", "lost", "perdu"):
                lone = re.match(rf"^\s+{_QUAL}(\d+|one)\b(?=\s*(?:,|and|et|\.|$))", window)
                if lone:  # "killing one and taking six hostage"
                    found = [("any", 1 if lone.group(1) == "one" else int(lone.group(1)), lone.start(1), lone.end(1))]
            if word in ("fait", "faisant", "left"):
                bare = _BARE.search(window)
                if bare and bare.group("what") in ("dead", "killed", "morts", "tues") and _items(window[:bare.end()], wound_after=False):
                    continue  # "left 10 militants and 1 soldier dead": the participle reads the list
                found = [("any", 1 if bare.group("n") == "one" else int(bare.group("n")), bare.start(), bare.end())] \
                    if bare and bare.group("what") != "killed" else []
            if word in ("lost", "perdu"):
                found = [(g if g != "civil" else "state", n, a, b) for g, n, a, b in found]
            if not found and word not in ("fait", "faisant", "left", "lost", "perdu", "death of", "deaths of", "la mort de", "shot down"):
                found = _any_victim(window)  # "shot the deputy mayor", "killed 3 herdsmen"
            if not found and word not in ("fait", "faisant", "left", "lost", "perdu", "kill") and (pronoun := _HIM.match(window)) \
                    and not re.search(r"\b(?:to|would|will|could|might|threatened to)\s+$", numeric[max(0, verb.start() - 20):verb.start()]):
                found = [("other", 1, pronoun.start(1), pronoun.end(1))]  # "abducted a councilman, then killed him"
            of_them = re.match(r"^\s+(?:at least )?(\d+) of (?:them|those|the \w+)\b", window)
            if not found and of_them and word not in ("fait", "faisant", "left", "lost", "perdu"):
                found = [("other", int(of_them.group(1)), of_them.start(1), of_them.end(0))]  # "killed 2 of them"
            between = re.match(r"^\s+between (\d+) and \d+\b", window)
            if between:  # "killed between 5 and 9 members": the low figure
                found = [("other", int(between.group(1)), between.start(1), between.end(0))]
            if found and word not in ("fait", "faisant", "left", "lost", "perdu"):
                end = max(e for _g, _n, _s, e in found)
                more = _MORE.match(window[end:])
                after_more = re.match(r"\s*([a-z]+)", window[end + more.end():]) if more else None
                if more and more.group("n") and more.group("n").isdigit() and after_more \
                        and after_more.group(1) in _NOT_PEOPLE:
                    more = None  # "killed 3 civilians and 40 cattle"
                if more and more.group("anoun") and (more.group("anoun") in _NOT_PEOPLE | _NOT_A_VICTIM
                                                     or re.match(r"\s+(?:of|to|for)\b", window[end + more.end():])
                                                     or not _contiguous_article(window[end + more.end():])):
                    more = None  # "killed a herder and a cow", "and a number of cattle"
                if more:  # "the subprefect and four others", "a village chief and his son"
                    token = more.group("n")
                    n = int(more.group("kn")) if more.group("kn") else 1 if more.group("kin") or more.group("anoun") or token in (
                        "another", "un autre", "une autre") else int(token)
                    found = found + [("other", n, end, end + more.end())]
                    end += more.end()
                # "killing a leader of the X faction and his driver", "a chief, his son and a guard":
                # the victim's kin or escort, however far the victim's description runs
                while (kin := _MORE_KIN.match(window[end:])) and not any(
                        w in ("who", "which", "that", "qui", "after", "before", "while") for w in kin.group("gap").split()):
                    found = found + [("other", int(kin.group("kn")) if kin.group("kn") else 1, end, end + kin.end())]
                    end += kin.end()
                found = _apposition(found, window)
        else:
            window_start = max(boundary, verb.start() - 110)
            window = numeric[window_start:verb.start()]
            subset = _SUBSET_TAIL.search(window)
            if subset and _items(window[:subset.start()]):
                window = window[:subset.start()]  # "9 guards and 2 drivers, including a cook and a nurse, were killed"
            found = _contiguous(_items(window), window, from_end=True)
            found = _apposition(found, window)
            trailing = _AND_ONE_MORE.match(numeric, verb.end())
            if found and trailing and not re.search(rf"\b{_NOT_DEAD}\b", trailing.group("item")) \
                    and (late := _items(trailing.group("item") + " ", wound_after=False)) and late[0][3] >= len(trailing.group("item")):
                found = found + [(late[0][0], late[0][1], verb.end() - window_start, trailing.end() - window_start)]
            if not found and word != "shot down":  # "a drone was shot down": only people named count
                lone = _LONE_PASSIVE.search(window)
                if lone:  # "seven were killed", "3 others died"
                    found = [("other", int(lone.group("n")), lone.start("n"), lone.end("n"))]
                    while (bare := _LIST_BEFORE.search(window, 0, found[-1][2])):  # "12 Fulani and 1 Dogon were killed"
                        found.append(("other", int(bare.group("n")), bare.start("n"), bare.start("n") + len(bare.group("n"))))
                elif _SINGULAR_PASSIVE.search(window) and not _NOBODY.search(window[-40:]):
                    found = [("other", 1, len(window), len(window))]  # "the mayor was shot dead", "a été abattu"
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
        if bare.group("what") == "killed" and _OBJECT_AHEAD.match(numeric[bare.end():bare.end() + 40]):
            continue  # "2 gunmen killed a policeman": the killers, not the dead
        if re.search(r"(?:dont|including)\s*$", before) or bare.group("n") == "one" and re.search(r"\bno\s*$", before) \
                or any(w in _NOT_PEOPLE for w in bare.group("side").split()):
            continue  # "coded as 4 events with fatalities": no count of the dead
        if bare.group("what") == "killed" and not re.search(r"\b(?:were|ont ete|have been|been)\s*$", numeric[:bare.start()]):
            # "5 killed" as a headline: a count of the dead
            pass
        seen_spans.append(span)
        group = "armed" if bare.group("what") in ("corps", "bodies") and re.search(
            r"assaillant|attacker|terroris|jihad|des leurs|cote assaillants", numeric) else "any"
        whose = re.match(rf"\s+(?:de|d|of)\s+(?:the\s+)?{_NOUN}\b", numeric[bare.end():bare.end() + 40]) \
            if bare.group("what") in ("corps", "bodies", "corpses", "cadavres") else None
        if whose:
            group = _group(whose)  # "15 corps de soldats": the soldiers' count
        side = bare.group("side").strip()
        if group == "any" and side and side not in _GENERIC_DEAD:
            group = f"side {side}"  # "4 MNLA dead … 5 Al Qaeda dead": two sides, not rival figures
        dead[group] = dead.get(group, 0) + (1 if bare.group("n") == "one" else int(bare.group("n")))
    for m in _DIED_LATER.finditer(numeric):
        span = (m.start("n"), m.end())
        if not any(span[0] < b and a < span[1] for a, b in seen_spans) and not re.search(r"\bof (?:the )?$", numeric[:m.start()]) \
                and re.search(r"\b(?:more|of the|of them|later|subsequently|succumb\w*)\b", m.group(0)):
            seen_spans.append((m.start(), m.end()))
            dead["other"] = dead.get("other", 0) + (1 if m.group("n") == "one" else int(m.group("n")))
    for m in _SUCCUMBED_LIST.finditer(numeric):  # "one soldier and the civilian succumbed to their wounds"
        start = max([0, m.start() - 110] + [b.end() for b in _CLAUSE.finditer(numeric, 0, m.start())])
        window = numeric[start:m.start()]
        for _group_name, n, s, e in _contiguous(_items(window, wound_after=False), window, from_end=True):
            span = (start + s, start + e)
            if not any(span[0] < b and a < span[1] for a, b in seen_spans):
                seen_spans.append(span)
                dead["other"] = dead.get("other", 0) + n
    for m in _SUCCUMBED.finditer(numeric):
        span = (m.start(), m.end())
        if not any(span[0] < b and a < span[1] for a, b in seen_spans) and not re.search(
                r"\b(?:were|have been|sont|ont ete)\b", numeric[max(0, m.start() - 40):m.start()]):
            seen_spans.append(span)
            dead["other"] = dead.get("other", 0) + 1
    for m in _TO_DEATH.finditer(numeric):  # "tortured a young herder to death", "beat 2 men to death"
        obj = " " + m.group("obj")
        victims = _contiguous(_items(obj, wound_after=False), obj, from_end=False) or _any_victim(obj)
        span = (m.start("obj"), m.end("obj"))
        if victims and not any(span[0] < b and a < span[1] for a, b in seen_spans):
            seen_spans.append(span)
            for group, n, _s, _e in victims:
                dead[group] = dead.get(group, 0) + n
    if _FOUND.search(numeric):  # "the body of a girl was found", "le corps sans vie d'un berger retrouvé"
        for m in _ONE_BODY.finditer(numeric):
            span = (m.start(), m.end())
            if not any(span[0] < b and a < span[1] for a, b in seen_spans) and m.group("noun") not in _NOT_A_VICTIM:
                seen_spans.append(span)
                dead["any"] = dead.get("any", 0) + 1
    toll = _TOLL_TO.search(numeric)
    if toll and not any(toll.start("n") < b and a < toll.end("n") for a, b in seen_spans):
        # "the death toll had risen to 5 after one of the injured died": the toll, which holds him
        seen_spans.append((toll.start("n"), toll.end("n")))
        if _DIED_LATER.search(numeric) or _SUCCUMBED.search(numeric):
            dead.pop("other", None)
        dead["any"] = int(toll.group("n"))
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


# How a coder's note states the count it gives ("Unknown fatalities coded as 10",
# "fatalities coded as 3", "(coded as 15 fatalities)", "assessed as low as 3") and
# how it divides a count among the events it reports ("Fatalities split across 3 events").
_CODED = re.compile(
    r"\b(?:(?:unknown |unspecified )?(?:fatalities|deaths|casualties|death toll)\s+(?:were |was |are |is )?(?:coded|assessed|recorded|estimated)"
    r"(?:\s+(?:according to|based on|using|at)\s+(?:the\s+|a\s+)?low(?:est)?\s+estimate(?:\s+of)?)?\s+(?:as\s+)?(?:low\s+)?(?:as\s+)?(?:\()?(?P<a>\d+)"
    r"|coded as (?P<b>\d+) (?:fatalities|deaths|dead|killed)|\(assumed (?P<c>\d+)\)"
    r"|(?:fatalities|deaths|casualties)\s+(?:were |was |are |is )?(?:assessed|estimated) as low\b[^.;]{0,100}?\bcoded as (?P<d>\d+)"
    r"|\bcoded as (?P<e>\d+) pending\b)")
# A coder's list of the dead: "Fatalities: 2 soldiers, 3 militants".
_LISTED = re.compile(r"\bfatalities:\s*(?P<list>\d+(?:\s+[a-z]+){0,2}(?:\s*(?:,|and|&)\s*\d+(?:\s+[a-z]+){0,2})*)")
# "one of 12 similar incidents that killed 25 people": the toll shared out among them.
_ONE_OF = re.compile(r"\bone of (?P<n>\d+) (?:separate |similar |distinct )?(?:events|incidents|attacks|explosions)\b")
_SPLIT = re.compile(
    r"\b(?:fatalities|deaths|casualties|the dead|death toll|toll)\s+(?:are |were |is |was |have been )?(?:\w+ )?(?:split|spread|divided|distributed|shared)"
    r"\s+(?:evenly\s+|equally\s+)?(?:across|between|over|among|into|in)\s+(?P<rest>[^.;]{0,80})")
_SPLIT_COUNT = re.compile(r"^(?:the\s+)?(?:\()?(?P<n>\d+)(?:\))?\s+(?:\w+\s+)?(?:events|dates|days|locations|villages|places|incidents"
                          r"|attacks|separate events|localities|communes|sites)")
_CODED_EVENTS = re.compile(r"\b(?:coded|recorded) as (?P<n>\d+) (?:separate )?events\b")
_SHARE = re.compile(r"\((?P<n>\d+)\)")


_CODED_UNKNOWN = re.compile(r"\b(?:loss\w*|casualt\w*|killed|dead|deaths?|pertes|an unknown number|several|many)\b[^.;()]{0,40}"
                            r"\(?(?:coded as|assessed as|assumed) (?P<n>\d+)\b(?! events| separate| at geo)")


def coder_statement(text: str, total: int | None, others: int | None = None) -> int | None:
    """The count a coder's note gives for this event, or None when it states none.
    ``others``: the dead the sentences without the statement count, to which a figure
    coded for an unknown number ("suffered losses (coded as 10)") adds."""
    coded = _CODED.search(text)
    value = total
    listed = _LISTED.search(text)
    if coded:
        value = int(next(g for g in coded.groups() if g is not None))
    elif listed:
        coded = listed
        value = sum(int(n) for n in re.findall(r"\d+", listed.group("list")))
    else:
        unknown = _CODED_UNKNOWN.search(text)
        if unknown:
            coded = unknown
            value = int(unknown.group("n")) + (others or 0)
    split = _SPLIT.search(text)
    parts = None
    if split:
        rest = split.group("rest")
        share = _SHARE.search(rest)
        n = _SPLIT_COUNT.match(rest)
        if share and not (n and n.start("n") <= share.start("n") < n.end("n")):
            return int(share.group("n"))
        if n:
            parts = int(n.group("n"))
        elif re.match(r"^(?:the\s+)?(?:two|both)\b", rest) or re.search(r"\band\b", rest):
            parts = 2
    if not parts:  # "coded as 4 events … with fatalities split between events": the count is elsewhere
        events = _CODED_EVENTS.search(text) or _ONE_OF.search(text)
        if events and (re.search(r"\b(?:fatalities|deaths)\b", text) or events.re is _ONE_OF):
            parts = int(events.group("n"))
    if value is not None and parts and parts > 1:
        value = value // parts
    return value if (coded or parts) else None


_SELF_DETONATION = re.compile(r"\b(?:blew (?:himself|herself|themselves) up|exploded (?:himself|herself)|detonated (?:his|her) (?:vest|belt|bomb|explosives?|charge)"
                              r"|s est fait exploser|se sont fait exploser|actionne sa ceinture)\b")
_CAUSE = re.compile(r"\b(?:(?:the |a )?(?:killing|killings|death|deaths|murder|assassination|lynching|meurtre|assassinat|mort)s? (?:of|de|du|des)\b"
                    r"|who (?:was|were|had been) (?:killed|shot|assassinated|murdered)|qui (?:a|ont|avait|avaient) ete (?:tue|abattu|assassine)"
                    r"|(?:shot dead|killed) earlier|tue\w* (?:la veille|plus tot)"
                    r"|\b(?:after|following|in response to|in reaction to|in retaliation for|to protest|to denounce|over the|apres|suite a"
                    r"|en reaction a|pour protester contre|pour denoncer)\b(?=[^.;]*\b(?:kill|death|dead|shot|murder|tue|mort|assassin)))[^.;]*")


# A killing told with no count the patterns read ("shot dead a local councillor",
# "Park ranger shot dead by poachers", "killed one of them"): one death, ACLED's reading of a
# victim named in the singular — unless the words say there were more, or none.


def _lone_death(sentences: list[str]) -> int:
    for text in sentences:
        kill = _LONE_KILL.search(text)
        if kill and not _NOT_LONE.search(text[kill.end():kill.end() + 60]) \
                and not _MANY_BEFORE.search(text[max(0, kill.start() - 50):kill.start()]) \
                and not _NO_DEATH.search(text) and not _CAUSE.search(text):
            return 1
        if re.search(r"\b(?:killed|killing|executed|executing|shot dead|shooting dead)\s+one of (?:them|the \w+)\b", text):
            return 1
    return 0


# Events that kill no one in ACLED's coding (a death makes them another event): the
# dead a brief "Arrests: …" or "Security measures: …" names belong to the event it is about.
_NO_DEAD = frozenset(("Peaceful protest", "Protest with intervention", "Arrests", "Change to group/activity", "Other",
                      "Looting/property destruction", "Agreement", "Headquarters or base established",
                      "Non-violent transfer of territory"))


def count_event(numeric_sentences: list[str], sub_event_type: str | None = None) -> Count:
    """``count`` with ACLED's conventions for the event's type: a peaceful protest or one
    the police break up kills no one (deaths make it excessive force or a riot), nor do
    arrests, looting, agreements and the other non-violent types, and the
    deaths a protest or riot is about ("to protest the killing of three men") are not its
    own; a suicide bomber who blew himself up with no one else dead is one death; and the
    count a coder's note states ("coded as 10", "split across 3 events") stands."""
    sentences = numeric_sentences
    if sub_event_type in _NO_DEAD:
        result = Count()
        result.zero = True
        stated = coder_statement(" ".join(numeric_sentences), None)
        if stated:
            result.dead = {"any": stated}
        return result
    if sub_event_type == "Violent demonstration":
        sentences = [_CAUSE.sub(" ", t) for t in sentences]
    result = count(sentences)
    joined = " ".join(numeric_sentences)
    if sub_event_type == "Suicide bomb" and not result.total and _SELF_DETONATION.search(joined):
        result.dead = {"armed": 1}
    if result.total is None and sub_event_type not in _NO_LONE_DEATH:
        lone = _lone_death(sentences)
        if lone:
            result.dead = {"other": lone}
    others = count([t for t in sentences if not _CODED_UNKNOWN.search(t)]).total
    stated = coder_statement(joined, result.total, others)
    if stated is not None and stated != result.total:
        result.dead = {"any": stated}
    return result




def count(numeric_sentences: list[str]) -> Count:
    """The event's dead, from the numeric views of its sentences.

    Within a sentence the victims add up; across sentences, figures for the same side
    are restatements or rival claims, so the lowest stands — unless a sentence updates
    the toll ("le bilan s'est alourdi à 7", "rose to 7")."""
    per_group: dict[str, list[int]] = {}
    updates: dict[str, int] = {}
    further: dict[str, int] = {}
    result = Count()
    updated = any(_UPDATE.search(text) for text in numeric_sentences)
    # "Certaines sources parlent de 20 morts, mais ce chiffre n'a pas pu être vérifié": a
    # rival figure, which never raises the toll another sentence gives
    stated = [bool(sentence_deaths(t)[0]) and not _RIVAL.search(t) for t in numeric_sentences]
    for number, text in enumerate(numeric_sentences):
        dead, wounded, zero = sentence_deaths(text)
        if dead and _RIVAL.search(text) and any(stated):
            low = min(sum(v for v in sentence_deaths(t)[0].values()) for t, ok in zip(numeric_sentences, stated) if ok)
            if sum(dead.values()) >= low:
                dead = {}
        if updated and "other" in dead and (_DIED_LATER.search(text) or _SUCCUMBED.search(text)):
            # "the toll rose to 19 … three of the wounded had since died": inside the new toll
            del dead["other"]
        result.wounded += wounded
        result.zero = result.zero or zero
        named = {k: v for k, v in dead.items() if k != "any"}
        if number and named and _FURTHER.search(text) and not _UPDATE.search(text):
            for group, n in named.items():
                further[group] = further.get(group, 0) + n
            continue
        if "any" in dead and not named:
            per_group.setdefault("any", []).append(dead["any"])
            if _UPDATE.search(text):  # "portant le bilan à 4 morts": the revised toll stands
                updates["any"] = dead["any"]
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
    if further and "any" in result.dead:
        result.dead["any"] += sum(further.values())  # an unattributed toll, and more dead told after it
    for group, n in further.items():
        result.dead[group] = result.dead.get(group, 0) + n
    return result
