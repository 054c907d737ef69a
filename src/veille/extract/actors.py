"""Who did it, and to whom: actor mentions resolved through veille's actor registry,
then put in ACLED's order (``actor1`` the perpetrator, ``actor2`` the target).

Mentions come from two lexicons:

- the registry's own aliases (English, French, Arabic transliterations, acronyms):
  "JNIM", "GSIM", "État islamique au Sahel", "EIGS", "katiba Macina", "VDP",
  "Koglwéogo", "Dan Na Ambassagou"; acronyms only in capitals;
- descriptions of unnamed sides, in both languages: "hommes armés", "gunmen",
  "terroristes", "jihadists" (an armed group), "soldats", "FAT", "troops" (the state's
  military), "gendarmes", "police", "civils", "villagers", "manifestants", "foule"…

An unnamed armed side becomes the event country's "Unidentified Armed Group (…)"; a
state side the forces of the country its demonym or acronym names ("armée béninoise",
"Togolese soldiers", "FAMa"), else of the event's country. A named group that claims an
attack, or to which it is attributed, is its perpetrator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from veille.extract.text import Sentence, fold, fold_word

COUNTRY_NAMES = {"TGO": "Togo", "BEN": "Benin", "BFA": "Burkina Faso", "NER": "Niger", "MLI": "Mali", "GHA": "Ghana",
                 "CIV": "Ivory Coast", "NGA": "Nigeria", "SEN": "Senegal", "GIN": "Guinea", "MRT": "Mauritania",
                 "TCD": "Chad", "DZA": "Algeria", "LBR": "Liberia", "CMR": "Cameroon", "FRA": "France"}
_FORCE_COUNTRY = {"fat": "TGO", "fab": "BEN", "fama": "MLI", "faci": "CIV", "frci": "CIV", "fan": "NER", "gaf": "GHA",
                  "togolais": "TGO", "togolaise": "TGO", "togolaises": "TGO", "togolese": "TGO", "beninois": "BEN",
                  "beninoise": "BEN", "beninoises": "BEN", "beninese": "BEN", "burkinabe": "BFA", "burkinabes": "BFA",
                  "nigerien": "NER", "nigerienne": "NER", "nigeriens": "NER", "nigeriennes": "NER", "malien": "MLI",
                  "malienne": "MLI", "maliens": "MLI", "maliennes": "MLI", "malian": "MLI", "ghaneen": "GHA",
                  "ghaneenne": "GHA", "ghanaian": "GHA", "ghana": "GHA", "ivoirien": "CIV", "ivoirienne": "CIV",
                  "ivoiriens": "CIV", "ivoiriennes": "CIV", "ivorian": "CIV", "nigerian": "NGA", "togo": "TGO",
                  "benin": "BEN", "mali": "MLI", "niger": "NER", "faso": "BFA", "burkina": "BFA", "cote": "CIV",
                  "ivoire": "CIV", "coast": "CIV", "francaise": "FRA", "french": "FRA", "francaises": "FRA"}

GENERIC: tuple[tuple[str, str, re.Pattern], ...] = tuple((side, template, re.compile(r"\b(?:" + pattern + r")\b")) for side, template, pattern in (
    ("armed", "unidentified-armed-group",
     r"hommes armes(?: non identifies)?|individus armes|assaillants?|terroristes?|jihadistes?|djihadistes?|groupes? armes?"
     r"|groupes? terroristes?|bandits?(?: armes)?|ravisseurs|combattants|elements? armes|hani|gunmen|gunman|armed men"
     r"|armed individuals|attackers?|assailants?|militants?|jihadists?|terrorists?|insurgents?|kidnappers|abductors"
     r"|armed bandits?|fighters|extremists?|braconniers(?: armes)?|poachers|smugglers|armed robbers|robbers|coupeurs de route"
     r"|suicide bomber|bomber|kamikaze|islamistes? armes|unknown gunmen|unidentified gunmen|men on motorbikes"),
    ("armed", "islamist-militia", r"islamist(?:e)?s?(?: (?:militants?|fighters|gunmen|armes|militia))?"),
    ("state", "military-forces",
     r"soldats?|militaires?|l armee|armee (?:togolaise|beninoise|burkinabe|nigerienne|malienne|ivoirienne|ghaneenne)"
     r"|the army|army|troops?|soldiers?|military|forces armees|armed forces|fds|forces de defense et de securite"
     r"|defence and security forces|fat|fab|fama|faci|fan|gaf|patrouille|patrol|operation mirador|etat major|general staff"
     r"|defence ministry|defense ministry|ministere de la defense|ministry of defence|vecteurs aeriens|aviation|air force"
     r"|armee de l air|unite|unit|convoi militaire|military convoy|marines?"
     r"|(?:burkinabe|malian|nigerien|togolese|beninese|ghanaian|ivorian|french|chadian|nigerian|joint|special|security"
     r"|government|state|defen[cs]e and security|allied|regional) forces"
     r"|forces (?:burkinabe|maliennes|nigeriennes|togolaises|beninoises|ivoiriennes|ghaneennes|francaises|speciales"
     r"|conjointes|de securite|gouvernementales)"),
    ("state", "gendarmerie", r"gendarmes?|gendarmerie"),
    ("state", "police-forces", r"police|policiers?|police officers?|policem[ae]n|commissariat|police station|forces de l ordre"
                               r"|task force|douaniers?|customs officers?|customs officials?|customs|douanes?|police republicaine"
                               r"|border guards?|garde frontiere|gardes frontieres|agents? de police"),
    ("state", "national-guard", r"garde nationale|national guard|gardes nationaux"),
    ("state", "forest-guards", r"eaux et forets|forest guards?|forestiers|gardes forestiers|park rangers|rangers"),
    ("civil", "civilians",
     r"civils?|civilians?|villageois|villagers|habitants|residents|population|agriculteurs|cultivateurs|farmers?"
     r"|commercants?|traders?|passagers|passengers|fideles|worshippers|orpailleurs|miners|bergers|herders?|eleveurs"
     r"|femmes|women|enfants|children|eleves|pupils|enseignants|teachers|chef (?:de|du) village|village chief|chief"
     r"|conseillers municipaux|councillors|elus?|agents de sante|health workers|infirmier|nurse|chauffeur|drivers?"
     r"|personnes|people|familles|families|deplaces|displaced|pretre|priest|imam|pecheurs|fishermen|patiente?"
     r"|apprenti|motos? taxis|conducteurs|voleur|thief|suspects?|jeune homme|young men|men|hommes"
     r"|merchants?|shopkeepers?|vendors?|herdsm[ae]n|pastoralists?|marketgoers|pilgrims?|refugees?|individuals|citizens?"),
    ("protester", "protesters", r"manifestants|protesters|demonstrators|marcheurs|grevistes|strikers|marchers"),
    ("rioter", "rioters", r"emeutiers|rioters|foule|mob|crowd|jeunes en colere|angry youths?"),
    ("journalist", "journalists", r"journalistes?|journalists?|reporters"),
    ("student", "students", r"etudiants|students|eleves|pupils"),
))
_CLAIM = re.compile(r"\b(?:revendiqu\w*|claim\w*|attribu\w*|blam\w*|accus\w*|imputee?s?|porte la marque|responsibility|"
                    r"mis en cause|auteurs? presumes?|affilie|linked|presumes?|presumed|suspected|allegedly|reportedly"
                    r"|selon des sources locales)\b")
_AUXILIARY = re.compile(r"^(?:vdp|koglweogo|dozo)-")  # auxiliaries fighting beside the army
_STATE_TELLS = re.compile(r"\b(?:the )?(?:police|army|military|gendarmerie|soldiers|security sources?|les? (?:police|gendarmerie|armee))"
                          r"(?: (?:in|at|of|a|de|du) [a-z]+(?: [a-z]+)?)? (?:say|says|said|told|reported|confirmed|disent|ont indique"
                          r"|a indique|affirment|rapportent)\b")
_SUSPECTED_FIGHTERS = re.compile(
    r"\b(?:suspected|presumed|presumes?|presumees?|soupconnes? d etre (?:des |un )?|suspected of being (?:members of )?)"
    r"(?:\w+ ){0,2}?(?:terroristes?|terrorists?|jihadistes?|djihadistes?|jihadists?|militants|insurgents?|assaillants?"
    r"|members? of (?:a |an |the )?(?:\w+ )?(?:jihadist|armed|terrorist|islamist) groups?|membres? d (?:un|une) (?:groupe|organisation)"
    r" (?:arme|terroriste|jihadiste|djihadiste))\b"
    r"|\bsuspected of being (?:members|fighters) of\b")
_SUSPECTED_HELPERS = re.compile(r"\b(?:complices?|informateurs?|informants?|accomplices?|collaborat\w*|financiers?|logisticiens?"
                                r"|suppliers?|fournisseurs?|facilitat\w*)\b")
_MILITIA_AUXILIARY = re.compile(r"^(?:dozo|koglweogo|dan-na-ambassagou)")  # militias of their own, beside the state
_AUX_NAMES = r"(?:dozos?(?: hunters)?|chasseurs (?:traditionnels )?dozos?|koglweogos?|dan na ambassagou)"
_AUXILIARY_ATTACKERS = re.compile(
    rf"\b(?:attackers|assailants|assaillants|raiders|killers|perpetrators|auteurs|men|hommes)\b[^.]{{0,30}}\b(?:as|comme)\s+"
    rf"(?:des |les |the |some )?{_AUX_NAMES}"
    rf"|\b(?:of|des|du) (?:the )?{_AUX_NAMES}\b[^.]{{0,40}}\b(?:survivors?|witnesses|temoins|rescapes) (?:say|said|disent|racontent)"
    rf"|\b{_AUX_NAMES}\b[^.]{{0,40}}\b(?:attacked|killed|raided|burn\w*|set fire|stormed|shot|tue\w*|attaqu\w*|incendi\w*"
    rf"|massacr\w*|execut\w*|abattu\w*)")
_UNCLAIMED = re.compile(r"\b(?:no (?:group|one) (?:has |had |have )?(?:immediately |yet |so far )?claimed|aucune revendication"
                        r"|n a pas (?:encore )?ete revendique\w*|not (?:yet )?(?:been )?claimed|sans revendication"
                        r"|(?:n a|n ont) (?:pas )?(?:encore )?(?:ete )?revendique)\b")
_IDENTITY_ARMED = re.compile(r"^\s*(?:[a-z]+ ){0,1}(?:armes|armed|militia|militiamen|militiaman|milices?|miliciens|youths?|jeunes|fighters|combattants"
                             r"|hunters|chasseurs|gunmen|assailants|attackers|raiders|assaillants)\b")
_IDENTITY_ARMED_BEFORE = re.compile(r"\b(?:miliciens?|milices?|militia|eleveurs|youths?|jeunes|entre|between|opposant"
                                    r"|communautes?|communities|members of the)\s+(?:[a-z]+\s+){0,2}$"
                                    # "tué à coups de machette par un éleveur peul": the agent of the harm
                                    r"|\b(?:tue|tuee|abattu|abattue|blesse|blessee|killed|shot|attacked|attaque|attaquee)\b[^.]{0,30}"
                                    r"\b(?:par|by) (?:un|une|des|les|a|an|the|some)\s+(?:eleveur|eleveurs|herder|herders|herdsman"
                                    r"|herdsmen|berger|bergers|agriculteur|agriculteurs|farmer|farmers|jeunes?|youths?)\s+$")
# The registry's identity groups by every name and alias, folded ("peulhs" → Fulani), but for
# names that are also places or common words ("Gourma", "Tem", "Marka", "Dendi"), which are
# not read as groups in running text.
_IDENTITY_AMBIGUOUS = frozenset(("tem", "marka", "gourma", "gurma", "moose", "bwa", "teda", "daza", "we", "jula", "dendi",
                                 "fula", "kunta", "beri beri", "idnan", "idnane", "kel adagh", "samo", "bete", "bozo"))
_IDENTITY_PLURALS = {"fulani": ("peule", "peules", "peulhe", "peulhes"), "dogon": ("dogons",), "mossi": ("mossis",),
                     "bambara": ("bambaras",), "songhai": ("songhais",), "dioula": ("dioulas",), "senoufo": ("senoufos",),
                     "lobi": ("lobis",), "bariba": ("baribas",), "konkomba": ("konkombas",)}


@cache
def _identity_lexicon() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern of the registry's identity-group names and the group's name by folded word."""
    from veille.actors.registry import load

    names: dict[str, str] = {}
    for group in load().groups:
        for word in (group.name, *group.aliases, *_IDENTITY_PLURALS.get(group.id, ())):
            key = fold(word)
            if key and key not in _IDENTITY_AMBIGUOUS and not re.search(r"[()]", word):
                names.setdefault(key, group.name)
    words = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b"), names


# A group named by its trade ("Fulani herders", "agriculteurs lobi" is read before): a side
# when it acts ("suspected Fulani herders opened fire"), the people hit when it is hit.
_IDENTITY_TRADE = re.compile(r"^ (?:herders?|herdsm[ae]n|pastoralists?|farmers?|eleveurs|bouviers|agriculteurs|cultivateurs)\b")


# A group named as those hit, not as a side: "killed seven members of the Imghad community",
# "a notable of the Fulani community was shot", "attaqué un campement peul" — not "attacked by
# Fulani militiamen", "clashes between members of the Dogon and Fulani communities".
_HARMED_BEFORE = re.compile(r"\b(?:killed|killing|kills|attacked|attacking|attacks|targeted|targeting|abducted|kidnapped|executed"
                            r"|massacred|shot|tue|tues|tuant|tuent|attaque\w*|enleve\w*|cible\w*|assassin\w*|execute\w*)"
                            r"(?: (?!by\b|par\b|between\b|entre\b)[a-z0-9]+){0,6} $")
_HARMED_AFTER = re.compile(r"^(?: [a-z]+){0,2} (?:was|were|has been|have been|a ete|ont ete|est|sont)(?: [a-z]+)?"
                           r" (?:killed|attacked|abducted|kidnapped|shot|executed|murdered|tue\w*|attaque\w*|enleve\w*|assassine\w*|abattu\w*)\b")


def identity_words() -> re.Pattern:
    """The pattern of every identity group's name the registry knows, folded."""
    return _identity_lexicon()[0]


# Soldiers or police who only tell of the event: "Police said …", "the army told AFP", "selon la gendarmerie".
_TOLD_AFTER = re.compile(r"(?: [a-z]+){0,3}? (?:said|says|told|confirmed|reported|stated|announced|indique|a indique|ont indique"
                         r"|a annonce|a confirme|ont confirme|a precise|rapporte)\b")
_TOLD_BEFORE = re.compile(r"\b(?:according to|selon|d apres)(?: the| la| le| les| l| des| a)?(?: [a-z]+){0,2} $")


# The second of a pair of groups: "between Bariba farmers and Fulani herders", "entre
# agriculteurs lobi et éleveurs peuls".
_PAIR_BEFORE = re.compile(r"\b(?:between|entre)\s+(?:[a-z]+\s+){1,3}(?:and|et)\s+(?:[a-z]+\s+)?$")


@dataclass(frozen=True)
class ActorMention:
    sentence: int
    start: int
    end: int
    surface: str
    side: str  # armed | state | civil | protester | rioter | journalist | student | identity | external
    template: str | None = None  # generic actor template ("military-forces") for descriptions
    actor_id: str | None = None  # for named actors and identity groups
    country: str | None = None  # the country a demonym or acronym attaches to it
    claimed: bool = False  # claims, or is blamed for, the event
    aside: bool = False  # named only as an affiliation or as active in the area (read in its own sentence)
    victim: bool = False  # an identity group named as the people hit ("members of the Imghad community")
    source: bool = False  # a state side named only as who told it ("police said", "selon la gendarmerie")


@cache
def _first_words() -> dict[str, int]:
    """First word of every long alias → the most words an alias starting with it has."""
    named, _, _ = _named_index()
    out: dict[str, int] = {}
    for key in named:
        words = key.split()
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


@cache
def _named_index() -> tuple[dict[str, str], dict[str, str], int]:
    """Folded alias → actor id (long names, any case) and acronym → id (capitals only)."""
    from veille import actors

    named, acronyms = {}, {}
    kinds = {a.actor_id: a.kind for a in actors.registry()}
    longest = 1
    for row in actors.aliases_table().itertuples(index=False):
        alias, actor_id = str(row.alias), row.actor_id
        if kinds.get(actor_id) in (7,) or actor_id.startswith(("civilians", "protesters", "rioters")):
            continue
        letters = re.sub(r"[^A-Za-z]", "", alias)
        if alias.isupper() and len(letters) <= 7:
            if len(letters) >= 3 or alias in ("EI",):
                acronyms[alias.replace(" ", "")] = actor_id
            continue
        key = fold(alias)
        if len(key) >= 4:
            named.setdefault(key, actor_id)
            longest = max(longest, len(key.split()))
    for extra, actor_id in (("JNIM", "jnim"), ("GSIM", "jnim"), ("EIGS", "is-sahel"), ("ISGS", "is-sahel"),
                            ("ISSP", "is-sahel"), ("ISWAP", "iswap"), ("VDP", "vdp-bfa")):
        acronyms.setdefault(extra, actor_id)
    for extra, actor_id in (("etat islamique au sahel", "is-sahel"), ("etat islamique dans le grand sahara", "is-sahel"),
                            ("islamic state in the greater sahara", "is-sahel"), ("islamic state sahel province", "is-sahel"),
                            ("islamic state s sahel province", "is-sahel"), ("katiba macina", "katiba-macina"),
                            ("boko haram", "boko-haram-jas"), ("koglweogo", "koglweogo-bfa"), ("dozos", "dozo"),
                            ("dozo", "dozo"), ("chasseurs traditionnels dozos", "dozo"), ("russian fighters", "wagner-group"),
                            ("azawad liberation front", "azawad-liberation-front"), ("front de liberation de l azawad", "azawad-liberation-front")):
        named.setdefault(extra, actor_id)
    return named, acronyms, longest


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


_HEALTH_CMA = re.compile(r"(?:\b(?:au|du|le|vers le|evacue\w* (?:au|vers le)|pris en charge au|admis au|hospitalise\w* au)\s*$)"
                         r"|\|\s*(?:de|d)\s+[a-z]")


def find_mentions(sentence: Sentence) -> list[ActorMention]:
    named, acronyms, longest = _named_index()
    out: list[ActorMention] = []
    text, folded = sentence.text, sentence.folded
    # "No group has claimed the blast, but fighters linked to JNIM operate there": no one blamed
    claimed_sentence = bool(_CLAIM.search(folded)) and not _UNCLAIMED.search(folded)
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    keys = [fold_word(t[2]) for t in tokens]
    first = _first_words()
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        if word.upper() == "CMA" and _HEALTH_CMA.search(folded[max(0, start - 40):start] + " | " + folded[end:end + 20]):
            i += 1  # "pris en charge au CMA de Barsalogho": a medical centre, not the Azawad movements
            continue
        if word in acronyms or word.upper() in acronyms and word.upper() == word:
            out.append(ActorMention(sentence.index, start, end, word, "named", actor_id=acronyms[word.upper()],
                                    claimed=claimed_sentence))
            i += 1
            continue
        hit = None
        longest_here = first.get(keys[i], 0)
        for n in range(min(longest_here, len(tokens) - i), 0, -1):
            key = " ".join(keys[i:i + n])
            if key in named:
                hit = (n, key)
                break
        if hit:
            n, key = hit
            stop = tokens[i + n - 1][1]
            out.append(ActorMention(sentence.index, start, stop, text[start:stop], "named", actor_id=named[key],
                                    claimed=claimed_sentence))
            i += n
            continue
        i += 1
    # Identity groups: militias when armed or opposed to another group, else descriptors of victims.
    identity_words, identity_names = _identity_lexicon()
    found: list[re.Match] = []
    for m in identity_words.finditer(folded):
        if found and found[-1].end() + 1 == m.start() and folded[m.start() - 1] == " ":
            continue  # "the Tuareg Imghad community": one group, named twice
        after, before = folded[m.end():m.end() + 30], folded[max(0, m.start() - 40):m.start()]
        paired = any(identity_names[f.group(1)] != identity_names[m.group(1)]
                     and (pair := _PAIR_BEFORE.search(folded, max(0, f.start() - 30), m.start())) and pair.start() < f.start()
                     for f in found)
        if _IDENTITY_ARMED.match(after) or _IDENTITY_ARMED_BEFORE.search(before) or paired or _IDENTITY_TRADE.match(after) \
                or re.search(r"\b(?:communaute|community|communities)\b", before + after):
            found.append(m)
            hit = _HARMED_BEFORE.search(folded, max(0, m.start() - 60), m.start()) or _HARMED_AFTER.match(folded[m.end():m.end() + 60])
            out.append(ActorMention(sentence.index, m.start(), m.end(), m.group(1), "identity",
                                    actor_id=identity_names[m.group(1)], victim=bool(hit) and not _IDENTITY_ARMED.match(after)))
    for side, template, pattern in GENERIC:
        for m in pattern.finditer(folded):
            country = _attached_country(folded, m.start(), m.end())
            source = side == "state" and bool(_TOLD_AFTER.match(folded, m.end()) or _TOLD_BEFORE.search(folded, 0, m.start()))
            out.append(ActorMention(sentence.index, m.start(), m.end(), m.group(0), side, template=template, country=country,
                                    source=source))
    out.sort(key=lambda a: a.start)
    return [replace(m, aside=True) if m.side == "named" and (_affiliation(m, folded) or _only_present(m, folded))
            or m.side in ("named", "armed") and _OTHER_ATTACKS.search(folded, max(0, m.start - 70), m.start) else m
            for m in out]


# "the latest in a string of attacks blamed on Islamist militants": who is blamed for
# other attacks, not who carried out this one
_OTHER_ATTACKS = re.compile(r"\b(?:string|series|spate|wave|serie|vague) (?:of |d |de )(?:\w+ ){0,2}?(?:attacks|attaques|raids|killings)"
                            r" (?:\w+ ){0,2}?(?:blamed on|attributed to|by|attribuees? (?:a|au|aux)|imputees? (?:a|au|aux))"
                            r"(?: (?:suspected|presumed|presumes?))?\s*$")


_FORCE_ACRONYMS = frozenset(("fat", "fab", "fama", "faci", "fan", "gaf", "frci"))  # an army's own name: its country


def _attached_country(folded: str, start: int, end: int) -> str | None:
    word = folded[start:end]
    if word in _FORCE_ACRONYMS:
        return _FORCE_COUNTRY[word]
    head = word.split()[0] if " " in word else None
    if head in _FORCE_COUNTRY and head not in _FORCE_ACRONYMS:
        # "french forces", "malian troops": the country inside the mention — unless another is
        # listed first ("french and burkinabe forces", "french and/or burkinabe forces")
        lead = re.search(r"\b(\w+) (?:and|or|et|ou)(?: ?/ ?or)? $", folded[max(0, start - 25):start])
        if lead and lead.group(1) in _FORCE_COUNTRY:
            return _FORCE_COUNTRY[lead.group(1)]
        return _FORCE_COUNTRY[head]
    after = folded[end:end + 30].split()
    before = folded[max(0, start - 25):start].split()
    for token in after[:3]:
        if token in _FORCE_COUNTRY:
            return _FORCE_COUNTRY[token]
        if token in ("de", "du", "of", "the", "des", "la", "d", "l", "et", "and"):
            continue
        break
    for token in reversed(before[-2:]):
        if token in _FORCE_COUNTRY:
            return _FORCE_COUNTRY[token]
    return None


# ---- canonical ids --------------------------------------------------------------------

_TEMPLATE_LABELS = {
    "military-forces": "Military Forces of {name}", "police-forces": "Police Forces of {name}",
    "gendarmerie": "Gendarmerie ({name})", "national-guard": "National Guard ({name})",
    "forest-guards": "Forest Guards ({name})", "unidentified-armed-group": "Unidentified Armed Group ({name})",
    "civilians": "Civilians ({name})", "protesters": "Protesters ({name})", "rioters": "Rioters ({name})",
    "journalists": "Journalists ({name})", "students": "Students ({name})",
    "islamist-militia": "Islamist Militia ({name})", "mutiny-military-forces": "Mutiny of Military Forces of {name}",
}


@cache
def template_actor(template: str, country: str | None) -> str | None:
    """The canonical id of a generic actor in a country ("military-forces", "TGO" → military-forces-tgo)."""
    from veille import actors

    if country is None:
        return None
    name = COUNTRY_NAMES.get(country) or country
    label = _TEMPLATE_LABELS[template].format(name=name)
    resolved = actors.resolve(label, country)
    return resolved.actor_id if resolved else None


@cache
def named_actor(actor_id: str, country: str | None) -> str:
    """A named actor, made country-specific where the registry has a national branch (dozo → dozo-mli)."""
    from veille import actors

    if actor_id == "islamic-state" and country in _IS_PROVINCE:
        return _IS_PROVINCE[country]  # "l'État islamique" in Ménaka is its Sahel province
    if country:
        specific = f"{actor_id}-{country.lower()}"
        if actors.actor(specific) is not None:
            return specific
    return actor_id


# The Islamic State's province where a report names only the Islamic State.
_IS_PROVINCE = {"MLI": "is-sahel", "NER": "is-sahel", "BFA": "is-sahel", "NGA": "iswap"}


@cache
def identity_actor(group: str, country: str | None) -> str | None:
    from veille import actors

    if country is None:
        return None
    resolved = actors.resolve(f"{group} Ethnic Militia ({COUNTRY_NAMES.get(country, country)})", country)
    return resolved.actor_id if resolved else None


# ---- who is actor1, who is actor2 ----------------------------------------------------

_STATE_ATTACKED = re.compile(
    r"\b(?:attaqu\w*|attack\w*|assaut|embuscade|ambush\w*|raid|fired on|tire\w* sur|pris pour cible|targeted|stormed|visant)\b"
    r"[^.]{0,70}\b(?:position|poste|post|base|camp|brigade|commissariat|police station|patrouille|patrol|convoi|convoy"
    r"|unite|unit|checkpoint|poste de controle|detachement|outpost|soldats|soldiers|militaires|troops|gendarm\w*|polic\w*"
    r"|forces|army|armee|vdp|dozos?|chasseurs|gardes?|agents)"
    r"|\b(?:repouss\w*|repel\w*|tombee? dans une embuscade|ambushed|came under attack|essuye des tirs|pris pour cible"
    r"|was attacked|were attacked|a ete attaquee?|ont ete attaques|attaquee|a ete la cible|been attacked)\b")
_STATE_OFFENSIVE = re.compile(
    r"\b(?:soldats?|militaires?|soldiers?|troops?|l armee|the army|army|armee|fds|fat|fama|faci|forces|military|gendarm\w*"
    r"|police|unite|unit|operation mirador|elements? de l operation|elements? des faci|dozos?|chasseurs|vdp|volontaires"
    r"|koglweogo|self defen[cs]e|hunters)\b[^.]{0,80}\b(?:neutralis\w*|killed|tue"
    r"|tues|mene\w*|conducted|carried out|launched|lance\w*|raided|ratissage|offensive|accroche\w*|clashed|repris|retaken"
    r"|retook|regained|demantel\w*|dismantled|detruit|destroyed|intercept\w*|arrest\w*|interpell\w*|arret\w*|frapp\w*|struck"
    r"|bombard\w*|detained|seized|saisi\w*|installe\w*|established)\b"
    r"|\b(?:operation|ratissage|offensive|reconnaissance|search operation|raid)\b")


# A violence whose agent, after a passive verb, is the state or an armed group.
_HARM = (r"(?:killed|executed|beaten|beat up|tortured|shot(?: dead)?|murdered|molested|assaulted|abused|raped|gunned down"
         r"|tue\w*|executee?s?|battue?s?|torture\w*|abattue?s?)")


def _by(agents: str) -> re.Pattern:
    """A harm verb whose agent, after "by" / "par", is one of ``agents``."""
    # "shot dead on Friday evening, allegedly by soldiers": up to five words between
    return re.compile(rf"\b{_HARM}\s+(?:\w+,?\s+){{0,5}}?(?:by|par)\s+(?:(?:a|an|the|some|suspected|presumed|des|les|un|une|de|l)\s+)?"
                      rf"(?:[a-z]+\s+){{0,2}}?(?:{agents})\b")


_BY_STATE = _by(r"soldiers?|troops|police\w*|policem[ae]n|gendarm\w*|security forces|army|military|armed forces"
                r"|forces de (?:defense|securite)|fds|militaires|soldats|armee")
_BY_ARMED = _by(r"jihadists?|militants?|gunmen|armed men|assailants?|attackers?|terrorists?|insurgents?|bandits?|djihadistes?"
                r"|jihadistes?|terroristes?|hommes armes|assaillants|individus armes")


_ARMED_HARM = re.compile(r"\b(?:jihadists?|militants?|gunmen|armed men|assailants|attackers|terrorists|insurgents|bandits"
                         r"|djihadistes|jihadistes|terroristes|hommes armes|assaillants|individus armes)\s+(?:(?:had|have|has|reportedly"
                         r"|allegedly|ont|avaient|auraient)\s+)?(?:killed|shot|executed|murdered|beheaded|abducted|tue\w*|abattu\w*"
                         r"|execute\w*|enleve\w*)\b")


# "Twelve soldiers killed in an ambush", "3 gendarmes were killed": the state's dead, told first.
_STATE_DEAD = re.compile(
    r"(?:^|[.;:,]\s*|\b(?:at least|au moins|some|about|around)\s+)(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|\w+teen|twenty|thirty|forty|fifty|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|vingt|trente)\s+"
    r"(?:[a-z]+\s+){0,2}?(?:soldiers|troops|gendarmes|policemen|police officers|militaires|soldats|policiers|peacekeepers)"
    r"\s+(?:were\s+|have been\s+|had been\s+|ont ete\s+|sont\s+)?(?:killed|tues|died|morts)\b")


_MUTINY = re.compile(r"\b(?:soldiers?|troops|militaires|soldats|gendarmes)\b[^.;]{0,40}\bmutin(?:ied|y|ying|e|ent|ont|ine)\b"
                     r"|\bmutinous (?:soldiers|troops)\b|\bmutineers?\b|\bmutins\b|\bmilitaires mutines\b|\bsoldats mutines\b")


def assign(sub_event_type: str, mentions: list[ActorMention], country: str | None, folded: str) -> tuple[
        tuple[str | None, str | None], tuple[str | None, str | None]]:
    """((actor1 id, raw), (actor2 id, raw)) for an event of this sub-type. Soldiers who
    mutiny are an actor of their own ("Mutiny of Military Forces of Niger"), the side that
    acts."""
    first, second = _assign(sub_event_type, mentions, country, folded)
    if _MUTINY.search(folded) and (first[0] is None or first[0].startswith(
            ("unidentified-armed-group", "military-forces", "rioters"))):
        mutiny = template_actor("mutiny-military-forces", country)
        if mutiny:
            return (mutiny, first[1]), second
    return first, second


def _assign(sub_event_type: str, mentions: list[ActorMention], country: str | None, folded: str) -> tuple[
        tuple[str | None, str | None], tuple[str | None, str | None]]:
    named = [m for m in mentions if m.side == "named" and not m.aside]
    parents = {_parent(m.actor_id) for m in named}
    named = [m for m in named if m.actor_id not in parents] or named  # "JNIM" over "al Qaeda" when both
    armed_named = [m for m in named if _kind(m.actor_id) in (2, 3, 4, 8) and not _is_state_unit(m.actor_id)]
    state_named = [m for m in named if _is_state_unit(m.actor_id)]
    identity = [m for m in mentions if m.side == "identity"]
    by_side: dict[str, list[ActorMention]] = {}
    for m in mentions:
        by_side.setdefault(m.side, []).append(m)

    def state(prefer: tuple[str, ...] = (), army_first: bool = False) -> tuple[str | None, str | None]:
        army = [m for m in by_side.get("state", []) if m.template == "military-forces"]
        if army_first and state_named and army and all(_AUXILIARY.match(m.actor_id or "") for m in state_named) \
                and (army[0].sentence, army[0].start) < (state_named[0].sentence, state_named[0].start):
            # "an attack on an army and volunteer position … four soldiers and seven VDP killed": the
            # army first, its auxiliaries beside it (VDP ambushed, then the army came: the VDP)
            actor = template_actor("military-forces", army[0].country or country)
            if actor:
                return actor, army[0].surface
        if state_named:
            m = state_named[0]
            return named_actor(m.actor_id, country), m.surface
        candidates = by_side.get("state", [])
        if prefer:
            ordered = [m for t in prefer for m in candidates if m.template == t] + candidates
        else:
            order = {"gendarmerie": 0, "national-guard": 1, "forest-guards": 2, "police-forces": 3, "military-forces": 4}
            # A specific force named beside "the army" is the one involved ("gendarmes" at a "poste").
            ordered = sorted(candidates, key=lambda m: order.get(m.template, 5)) if _specific(candidates) else candidates
        for m in ordered:
            actor = template_actor(m.template, m.country or country)
            if actor:
                return actor, m.surface
        return None, None

    def armed() -> tuple[str | None, str | None]:
        composite = _composite(armed_named, folded)
        if composite:
            return composite, None
        claimed = [m for m in armed_named if m.claimed]
        unclaimed = _UNCLAIMED.search(folded)
        chosen = claimed or ([] if unclaimed else armed_named)
        if chosen:
            m = chosen[0]
            return named_actor(m.actor_id, country), m.surface
        militias = [m for m in identity if m.actor_id and not m.victim]
        # "Fulani gunmen": the armed word is the militia's own head noun, not another group
        own_head = all(any(a.sentence == m.sentence and 0 <= a.start - m.end <= 2 for m in militias)
                       for a in by_side.get("armed", []))
        if militias and (not by_side.get("armed") or own_head):
            return identity_actor(militias[0].actor_id, country), militias[0].surface
        islamist = [m for m in by_side.get("armed", []) if m.template == "islamist-militia" and not m.aside]
        if islamist:  # "Islamist militants", "suspected Islamists": ACLED's Islamist militia of the country
            return template_actor("islamist-militia", country), islamist[0].surface
        m = (by_side.get("armed") or [None])[0]
        return template_actor("unidentified-armed-group", country), m.surface if m else None

    def victims() -> tuple[str | None, str | None]:
        if (by_side.get("state") or state_named) and not by_side.get("civil") and re.search(
                r"\b(?:policeman|policemen|policier|policiers|soldier|soldiers|soldat|soldats|gendarmes?|officers?|peacekeepers?"
                r"|agents?|customs|douaniers?|police station|commissariat|poste de police|brigade)\b", folded):
            return state(("police-forces", "gendarmerie", "military-forces"), army_first=True)
        for side, template in (("journalist", "journalists"),):
            if by_side.get(side) and not by_side.get("civil"):
                return template_actor(template, country), by_side[side][0].surface
        m = (by_side.get("civil") or by_side.get("student") or [None])[0]
        return template_actor("civilians", country), m.surface if m else None

    def generic(template: str, side: str) -> tuple[str | None, str | None]:
        m = (by_side.get(side) or [None])[0]
        return template_actor(template, country), m.surface if m else None

    sub = sub_event_type
    if sub in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"):
        protesters = generic("protesters", "protester")
        if sub == "Peaceful protest":
            return protesters, (None, None)
        return protesters, state(("police-forces", "gendarmerie", "military-forces"))
    if sub == "Violent demonstration":
        police = state(("police-forces", "gendarmerie", "military-forces")) if by_side.get("state") else (None, None)
        return generic("rioters", "rioter"), police
    if sub == "Mob violence":
        rioters = generic("rioters", "rioter")
        if re.search(r"\b(?:entre|between|rival|clashed|heurts|affrontements|factions)\b", folded):
            return rioters, rioters
        if by_side.get("state") and re.search(r"\b(?:polic\w*|gendarm\w*|task force)\b[^.]{0,30}\b(?:bless\w*|injur\w*|attaqu\w*|attack\w*|pelted)", folded):
            return rioters, state(("police-forces",))
        return rioters, victims()
    if sub == "Agreement":
        if len(identity) >= 2:
            first, second = identity[0].actor_id, next((m.actor_id for m in identity[1:] if m.actor_id != identity[0].actor_id), None)
            return (identity_actor(first, country), identity[0].surface), \
                (identity_actor(second, country) if second else None, None)
        parties = [m for m in named]
        if len(parties) >= 2:
            return (parties[0].actor_id, parties[0].surface), (parties[1].actor_id, parties[1].surface)
        return state(), armed() if (armed_named or by_side.get("armed")) else (None, None)
    if sub in ("Arrests",):
        if armed_named:
            target = (named_actor(armed_named[0].actor_id, country), armed_named[0].surface)
        elif _SUSPECTED_FIGHTERS.search(folded) and not _SUSPECTED_HELPERS.search(folded):
            # "arrested three men suspected of being members of a jihadist group", "sept présumés
            # terroristes": ACLED's unidentified armed group; suspected informants stay civilians
            target = (template_actor("unidentified-armed-group", country), None)
        else:
            target = victims()
        return state(("gendarmerie", "police-forces", "military-forces")), target
    if sub in ("Disrupted weapons use", "Headquarters or base established", "Government regains territory"):
        other = armed() if (armed_named or by_side.get("armed")) else (None, None)
        return state(), other if sub != "Headquarters or base established" else (None, None)
    if sub in ("Non-violent transfer of territory", "Non-state actor overtakes territory"):
        return armed(), state() if sub == "Non-state actor overtakes territory" else (None, None)
    if sub == "Air/drone strike":
        target = victims() if re.search(r"\bcivil\w*|\bvillagers|\bresidents\b|\bmarche|\bmarket|\benfants|\bchildren", folded) \
            and not re.search(r"terroristes? (?:ont ete )?neutralis|killed [^.]{0,20}(?:militants|terrorists)", folded) else armed()
        striker = state()
        if striker[0] is None:  # "un autre raid aérien a détruit une base": in this region only states strike from the air
            striker = (template_actor("military-forces", country), None)
        return striker, target
    if sub in ("Remote explosive/landmine/IED", "Suicide bomb", "Shelling/artillery/missile attack", "Grenade"):
        military_hit = bool(by_side.get("state") or state_named) and bool(re.search(
            r"\b(?:vehicule (?:de l armee|militaire)|military vehicle|army vehicle|patrouille|patrol|convoi|convoy|soldats?"
            r"|militaires?|soldiers?|troops?|camp militaire|military camp|army base|base|position|gendarm\w*|police|fds"
            r"|military|army|armee|detachment|detachement|outpost|post|poste|minusma|barkhane|peacekeepers?)\b", folded))
        civilian_hit = bool(re.search(r"\b(?:civil\w*|passagers|passengers|bus|tricycle|camion|truck|ambulance|commercants"
                                      r"|enfants|children|chauffeur|driver)\b", folded))
        if civilian_hit and (not military_hit or re.search(r"\b(?:civils?|civilians?|passagers|passengers)\b[^.]{0,40}\b(?:tu|kill|mort|dead)", folded)):
            return armed(), victims()
        return armed(), state() if military_hit else victims()
    if sub in ("Attack", "Abduction/forced disappearance", "Sexual violence", "Looting/property destruction", "Other"):
        perpetrator = armed()
        told = _STATE_TELLS.sub(" ", folded)  # "Police in Agogo say suspected Fulani herdsmen shot dead a farmer"
        state_perp = by_side.get("state") and re.search(
            r"\b(?:soldats?|militaires?|soldiers?|troops?|l armee|the army|army|koglweogo|koglw\w*|forces|fds|fama|faci"
            r"|gendarm\w*|police|policiers|policem[ae]n|police officers?|security forces|defen[cs]e and security forces|forces de defense)\b[^.]{0,100}"
            r"\b(?:tue|killed|executed|execute\w*|abattu|shot|opened fire|rounded up|gathered|beat\w*|battu\w*|assault\w*|murder\w*|raided"
            r"|tortur\w*|arrested and|summar\w*|abuses|exactions|mistreat\w*|burned|ransack\w*|looted)",
            told) and not re.search(r"\b(?:soldats?|soldiers?|militaires?)\b[^.]{0,15}\b(?:tues|were killed|ont ete tues"
                                      r"|killed(?!\s+(?:and \w+ )?(?:\d+|a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
                                      r"|\w+teen|twenty|thirty|forty|fifty|dozens?|scores|hundreds|several|at least|more than|some|his|her|their"
                                      r"|civilians|villagers|people|residents)\b))", folded)
        by_state = bool(by_side.get("state")) and _BY_STATE.search(folded) and not _BY_ARMED.search(folded)
        auxiliaries = [m for m in state_named if _MILITIA_AUXILIARY.match(m.actor_id or "")]
        if auxiliaries and not armed_named and _AUXILIARY_ATTACKERS.search(folded):
            # "witnesses identified the attackers as Dozo hunters": the militia, not the army
            m = auxiliaries[0]
            return (named_actor(m.actor_id, country), m.surface), victims()
        if state_perp and (_BY_ARMED.search(folded) or _ARMED_HARM.search(folded)):
            state_perp = None  # "soldiers found three civilians killed by jihadists", "soldiers said gunmen killed"
        if (state_perp or by_state or (state_named and not armed_named and not by_side.get("armed"))) and not armed_named:
            perpetrator = state()
        elif armed_named or by_side.get("armed") or not any(m.actor_id and not m.victim for m in identity):
            perpetrator = armed()
        else:
            side = next(m for m in identity if m.actor_id and not m.victim)
            perpetrator = (identity_actor(side.actor_id, country), side.surface)
        if sub == "Looting/property destruction" and re.search(r"\b(?:poste de la garde nationale|national guard)\b", folded):
            return perpetrator, state(("national-guard",))
        return perpetrator, victims()
    # Battles
    sides_identity = [m for m in identity if m.actor_id and not m.victim]
    if len({m.actor_id for m in sides_identity}) >= 2 and not armed_named \
            and not any(not m.source for m in by_side.get("state", [])):
        first = sides_identity[0]
        second = next(m for m in sides_identity if m.actor_id != first.actor_id)
        return (identity_actor(first.actor_id, country), first.surface), (identity_actor(second.actor_id, country), second.surface)
    armed_side = armed() if (armed_named or by_side.get("armed") or sides_identity) else \
        (template_actor("unidentified-armed-group", country), None)
    state_side = state(army_first=True) if (by_side.get("state") or state_named) else (None, None)
    if state_side[0] is None:
        others = [m for m in armed_named if m.actor_id != armed_side[0] and _parent(m.actor_id) != armed_side[0]
                  and _parent(armed_side[0]) != m.actor_id]
        if armed_side[0] and others and not _composite(armed_named, folded):
            # "des combattants du GATIA … à la poursuite des assaillants … du côté de l'État islamique"
            return armed_side, (named_actor(others[0].actor_id, country), others[0].surface)
        return armed_side, victims() if by_side.get("civil") else (None, None)
    if _STATE_ATTACKED.search(folded) or _STATE_DEAD.search(folded):
        return armed_side, state_side
    if _STATE_OFFENSIVE.search(folded):
        return state_side, armed_side
    return armed_side, state_side


_COMPOSITES = ((("jnim", "ansar-dine", "katiba-macina", "katiba-serma", "ansarul-islam"), ("is-sahel",), "jnim-or-is-sahel"),
               (("iswap",), ("boko-haram-jas",), "iswap-or-boko-haram-jas"),
               (("is-sahel",), ("ansarul-islam",), "is-sahel-or-ansarul-islam"))


def _composite(named: list[ActorMention], folded: str) -> str | None:
    """ACLED's "A and/or B" actor when a report hesitates between two groups ("JNIM or ISGS militants")."""
    ids = {m.actor_id for m in named}
    for left, right, composite in _COMPOSITES:
        if ids & set(left) and ids & set(right):
            a = min(m.end for m in named if m.actor_id in left + right)
            b = max(m.start for m in named if m.actor_id in left + right)
            if b > a and re.search(r"\b(?:or|ou|and or|et ou|and/or|/)\b|/", folded[a:b]) and b - a < 25:
                return composite
    return None


_ONLY_PRESENT = re.compile(r"^\s*(?:[a-z]+\s+){0,3}?(?:(?:are|is|were|was|have been|has been|remain|sont|est|etaient|etait|restent)\s+"
                           r"(?:(?:also|known to be|believed to be|still|very|egalement|tres|toujours)\s+)?(?:active|present|operating|actifs?|actives?"
                           r"|presents?|presentes?|implantes?)|(?:operate|operates|operating|opere\w*|sevi\w*)\s+(?:in|dans))\b")


def _only_present(mention: ActorMention, folded: str) -> bool:
    """A group named only as being active in the area ("ISWAP fighters are active in the
    area", "le JNIM est actif dans la zone"): no claim, no blame, so not the perpetrator."""
    return bool(_ONLY_PRESENT.match(folded[mention.end:mention.end + 50]))


def _affiliation(mention: ActorMention, folded: str) -> bool:
    """A group named only as another's affiliation: "al Qaeda-linked", "affilié à Al-Qaïda"."""
    after = folded[mention.end:mention.end + 14]
    before = folded[max(0, mention.start - 22):mention.start]
    # "X-linked Y": X is the affiliation; "X allied with Y": Y is.
    return bool(re.match(r"^\s*(?:linked|affiliated|allied|backed|lie|affilie|aligned)\b(?!\s+(?:with|to|avec)\b)", after)
                or re.search(r"\b(?:affilie\w* a|affiliated (?:to|with)|linked to|lie\w* a|loyal to|allegeance a|allied (?:to|with)"
                             r"|aligned with|allie\w* (?:a|avec))\s*(?:l |la |le )?$", before))


@cache
def _parent(actor_id: str | None) -> str | None:
    from veille import actors

    record = actors.actor(actor_id) if actor_id else None
    return record.parent_id if record else None


def _specific(candidates: list[ActorMention]) -> bool:
    return any(m.template in ("gendarmerie", "national-guard", "forest-guards", "police-forces") for m in candidates)


@cache
def _kind(actor_id: str | None) -> int | None:
    from veille import actors

    if actor_id is None:
        return None
    record = actors.actor(actor_id)
    return record.kind if record else None


@cache
def _is_state_unit(actor_id: str | None) -> bool:
    """VDP and other auxiliaries fight on the state's side (ACLED's kind 4 with a state parent)."""
    from veille import actors

    record = actors.actor(actor_id) if actor_id else None
    while record is not None:
        if record.kind in (1, 8):  # state forces, and foreign or UN forces fighting beside them
            return True
        record = actors.actor(record.parent_id) if record.parent_id else None
    return actor_id in ("dozo", "dozo-mli", "dozo-civ", "dozo-bfa", "koglweogo-bfa", "dan-na-ambassagou")
