"""Where an event happened: place names found in the text, resolved through the bundled
gazetteer and boundaries, disambiguated by the country and units the article names.

1. ``find_mentions`` scans a sentence for capitalised word sequences that are place
   names (admin units of levels 1-3 and GeoNames' populated places, under any of their
   spellings, accents and hyphens folded), and for country names and demonyms. Each
   mention gets a *role* from the words before it: the event's place ("à", "près de",
   "in", "near", "village of"), an origin ("venus du", "from"), a destination ("vers",
   "evacuated to", "fled to"), a border ("frontière avec", "border with"), a statement's
   place ("a reçu à Lomé", "said in Niamey") — and the kind of unit an administrative
   word announces ("préfecture de", "cercle de", "Soum province", "région de").
2. ``resolve`` picks, for one event, the most specific place among the mentions whose
   role is the event's, scores each of its candidates (the country the article is about,
   the admin units it names elsewhere, the announced kind, population) and returns the
   place with its admin units, coordinates and ``geo_precision`` (1 a town or village,
   2 a district-level unit or an unknown village in a known district, 3 a region).
3. With no usable place name, "near the border with Burkina Faso" becomes the event
   country's one region on that border when there is exactly one, and otherwise the
   country alone: a coarse answer rather than a wrong village.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from veille.extract.text import Sentence, fold, fold_word

_WORD = re.compile(r"[^\W\d_]+(?:[.](?=[A-Z]))?|\d+", re.UNICODE)
MAX_WORDS = 5

COUNTRIES: dict[str, str] = {
    "togo": "TGO", "benin": "BEN", "burkina faso": "BFA", "burkina": "BFA", "faso": "BFA", "niger": "NER",
    "mali": "MLI", "ghana": "GHA", "cote d ivoire": "CIV", "ivory coast": "CIV", "nigeria": "NGA",
    "senegal": "SEN", "guinee": "GIN", "guinea": "GIN", "mauritanie": "MRT", "mauritania": "MRT",
    "tchad": "TCD", "chad": "TCD", "algerie": "DZA", "algeria": "DZA", "liberia": "LBR",
}
DEMONYMS: dict[str, str] = {
    "togolais": "TGO", "togolaise": "TGO", "togolaises": "TGO", "togolese": "TGO",
    "beninois": "BEN", "beninoise": "BEN", "beninoises": "BEN", "beninese": "BEN",
    "burkinabe": "BFA", "burkinabes": "BFA", "burkinabe s": "BFA",
    "nigerien": "NER", "nigerienne": "NER", "nigeriens": "NER", "nigeriennes": "NER",
    "malien": "MLI", "malienne": "MLI", "maliens": "MLI", "maliennes": "MLI", "malian": "MLI", "malians": "MLI",
    "ghaneen": "GHA", "ghaneenne": "GHA", "ghaneens": "GHA", "ghanaian": "GHA", "ghanaians": "GHA",
    "ivoirien": "CIV", "ivoirienne": "CIV", "ivoiriens": "CIV", "ivoiriennes": "CIV", "ivorian": "CIV",
    "ivorians": "CIV", "nigerian": "NGA", "nigerians": "NGA", "nigeriane": "NGA",
}
# Armies and forces named by acronym: their country is the event's, almost always.
FORCE_ACRONYMS = {"fat": "TGO", "fab": "BEN", "fama": "MLI", "faci": "CIV", "fan": "NER", "gaf": "GHA",
                  "fds togolaises": "TGO"}

_STOP = frozenset(
    "a au aux avec ce ces dans de des du elle en et il ils la le les leur lui mais me nous on ou par pas pour qu "
    "que qui sa se ses son sur ta te tes ton tu un une vos votre est sont ete etre the of and to in on at by for "
    "from with as is was were are be been it its this that these those an or not but he she they we you his her "
    "their our all some any no one two three after before during since while when where who what which said "
    "selon lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday "
    "sunday janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre january february "
    "march april may june july august september october november december police army armee gendarmerie "
    "president minister ministre government gouvernement etat state forces force national nationale "
    "republic republique islamic islamique sahel aucun aucune plusieurs several many local residents "
    "habitants selon source sources agence agency jeunes youth people personnes deux trois quatre cinq "
    "dix vingt cent mille hundred thousand dozens soldiers soldats militaires commune prefecture region province "
    "village town city ville district department departement cercle prefet gouverneur governor mayor maire chef "
    "chief commander commandant colonel general capitaine captain lieutenant sergeant nord sud est ouest north "
    "south east west centre center central haut upper lower bas grand grande petit new old saint sainte mont "
    "man say sam pa ma mon ta san kong loko lama gogo bodi kande pya dako sola lassa yade leon baga koka tora "
    "bama mani boni sept bouche bas ce cela dont donc car comme encore meme aussi ainsi alors tous toutes tout "
    "toute deja plus moins tres bien bon bonne mal war peace paix guerre".split())
# Names folded here that are common words when sentence-initial or in titles.
_WEAK = frozenset("kara oti mono niger comoe volta noun".split())
ROLE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("statement", re.compile(r"(?:\b(?:recu|recue|reunis?|reunies|rencontre|rencontres|met|meeting|said|told \w+"
                             r"|declare|annonce|indique|conference|summit|sommet|held|tenue?|lance|inaugure|"
                             r"presente|presented|signe|signed)\b[\w ]{0,25}\b(?:a|in|at)\s*"
                             r"|\b(?:source|sources|official|officials|responsable|responsables|correspondant|correspondent)"
                             r"(?: \w+){0,2} (?:a|in|at|based in|basee? a)\s*)$")),
    ("origin", re.compile(r"(?:\b(?:venus?|venues?|arrives?|provenance|originaires?|crossed|came|coming|fleeing|fled|"
                          r"fuyant|repli\w*|withdrew|returned|rentres?|depeches?|envoyes?|dispatched|sent|deployed)\s+(?:\w+ )?(?:de la |de l |du |des |de |d |from "
                          r"(?:the )?|back from )(?:l |la |le |the )?)$")),
    ("origin", re.compile(r"\bdepuis\s+(?:la |le |l )?$")),
    ("destination", re.compile(r"(?:\b(?:vers|direction (?:de |du |des |d )?(?:la |le |l )?|towards?|evacues? (?:vers|a|sur)"
                               r"|evacuated to|transferes? (?:a|vers)|transferred to|taken to|rejoint|rejoindre"
                               r"|walked back to|fled to|fleeing to|fui (?:vers|a)|refuge (?:a|in|at|au)|admis (?:a|au)"
                               r"|(?:evacu\w*|taken|transferred|transfere\w*|rushed|admitted|admis|conduit\w*|transport\w*|brought|achemine\w*|referred"
                               r"|dirige\w*|died|dies|decede\w*|succomb\w*|soigne\w*|treated|treatment|recovering|hospitali\w*|wounded"
                               r"|injured|bless\w*|pris en charge|interne\w*)\b[\w ]{0,50}?"
                               r"\b(?:hopital|hospital|teaching hospital|centre de sante)(?: de zone| regional| general| district| municipal)? (?:de |d |of |in |at )?"
                               r"|headed (?:for|to)|moved to|heading to|back (?:in|into) |crossed (?:back )?into"
                               r"|(?:had |have |has )?left for|leaving for|partie?s? (?:pour|vers)|fled towards?"
                               r"|pour)\s*(?:la |le |l |the )?(?:\w+ (?:et|and) )?)$")),  # "vers Ténenkou et Mopti"
    ("border", re.compile(r"(?:\b(?:frontiere|frontieres|border|borders|frontier)\s+(?:commune )?(?:avec |with |du |de |des |d |de la "
                          r"|de l |between |entre )?(?:le |la |l |the )?(?:\w+ (?:et|and) )?)$")),
)
_LOCATED_LEFT = re.compile(r"\b(?:village|villages|community|communities|town|locality|localite|hamlet|hameau|settlement"
                           r"|mining site|site|camp|campement)\s+(?:\w+\s+)?(?:in|of|du|de|d|au|en)\s+(?:the\s+)?$")
_JUSTICE_LEFT = re.compile(r"\b(?:presente\w*|transfer\w*|defere\w*|brought before|taken to|remis\w*|conduit\w*|achemine\w*"
                           r"|sent to|handed over)\b[^.]{0,60}\b(?:cour|tribunal|court|criet|parquet|prison|maison d arret"
                           r"|juge|prosecutor|procureur)\b[^.]{0,50}$")
_FROM_LEFT = re.compile(r"\b(?:from|de|du|de la|de l)\s+(?:the |la |le |l )?$")
_GARRISON_RIGHT = re.compile(r"^\s*(?:garrison|barracks|military (?:base|camp)|police (?:command|headquarters|station)|garnison"
                             r"|caserne|base|camp militaire)\b")
_HOSPITAL_RIGHT = re.compile(r"^\s*(?:[a-z]+ ){0,2}hospital\b")
_OUTLET_RIGHT = re.compile(r"^\s*(?:[a-z]+ ){0,1}(?:fm|radio|tv|infos?|online|news|times|herald|chronicle|gazette|echo|express)\b")
_OUTLET_LEFT = re.compile(r"\b(?:radio|radio rurale|radio communautaire|radio locale|community radio) (?:de |d |of )?$")
_CARED_LEFT = re.compile(r"\b(?:died|dies|succumb\w*|treated|treatment|admitted|taken|rushed|evacuated|transferred|referred"
                         r"|receiving|recovering|responding to treatment|hospitali\w*)\b[\w ]{0,20}$")
ADMIN_LEFT = re.compile(r"\b(?P<word>prefectures?|communes?|cercles?|provinces?|departements?|departments?|regions?|districts?"
                        r"|municipalite|municipality|sous prefecture|localite|village|villages|hameau|town|city"
                        r"|ville|chef lieu|capitale)\s+(?:voisine?s? )?(?:de la |de l |des |du |de |d |of |of the )?$")
ADMIN_RIGHT = re.compile(r"^\s*(?P<word>province|region|prefecture|district|department|municipality|municipal|commune|cercle|departement"
                         r"|area|zone|village|town)\b")
KIND_WORDS = {
    "prefecture": ("admin2",), "prefectures": ("admin2",), "province": ("admin2",), "provinces": ("admin2",),
    "cercle": ("admin2",), "cercles": ("admin2",), "departement": ("admin2",), "departements": ("admin2",),
    "department": ("admin2",), "departments": ("admin2",), "district": ("admin2",), "districts": ("admin2",), "municipalite": ("admin2",),
    "municipality": ("admin2",), "municipal": ("admin2",), "sous prefecture": ("admin2", "admin3"),
    "commune": ("admin2", "admin3"), "communes": ("admin2", "admin3"), "region": ("admin1",), "regions": ("admin1",),
    "localite": ("populated place", "admin3"), "village": ("populated place", "admin3"),
    "villages": ("populated place", "admin3"), "hameau": ("populated place",), "town": ("populated place", "admin3"),
    "city": ("populated place", "admin2"), "ville": ("populated place", "admin2", "admin3"),
    "chef lieu": ("populated place",), "capitale": ("populated place",), "area": (), "zone": (),
}
SECONDARY_LEFT = re.compile(r"(?:\b(?:entre|between|reliant|linking|connecting)\s+[A-ZÀ-Þ][\w' -]{0,25}\s+(?:et|and|à|a|to)\s+"
                            r"(?:la |le |l |the )?|[A-ZÀ-Þ][\w']+-)$")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # admin1 | admin2 | admin3 | populated place
    country_iso3: str | None
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    admin2_pcode: str | None
    latitude: float
    longitude: float
    population: int = 0
    pcode: str | None = None
    primary: bool = True


@dataclass(frozen=True)
class Mention:
    sentence: int
    start: int  # character offsets in the sentence
    end: int
    surface: str
    key: str
    candidates: tuple[Place, ...]
    role: str = "event"  # event | origin | destination | border | statement | secondary | dateline
    kinds: tuple[str, ...] = ()  # kinds of unit the administrative words around it announce
    country: str | None = None  # for country names and demonyms
    cue: bool = False  # an explicit place cue precedes it ("village de", "près de", "in")
    unknown: bool = False  # a village the gazetteer lacks, named as one ("le village de Kompa")
    located: bool = False  # a country a place is said to lie in ("a community in Burkina Faso")


@dataclass
class Location:
    country_iso3: str | None = None
    admin1: str | None = None
    admin1_pcode: str | None = None
    admin2: str | None = None
    admin2_pcode: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    score: float = 0.0
    how: str = "none"
    evidence: list[str] = field(default_factory=list)


@cache
def place_index() -> tuple[dict[str, tuple[Place, ...]], dict[str, Place]]:
    """Folded spelling → places it may name; and P-code → the admin unit itself."""
    import shapely

    from veille.geo import admin_units, boundary_changes, gazetteer

    units = admin_units()
    units = units[units["level"] >= 1]
    by_pcode = {row.pcode: row for row in units.itertuples(index=False)}
    points = shapely.point_on_surface(units.geometry.values)
    index: dict[str, list[Place]] = {}
    unit_places: dict[str, Place] = {}

    def chain(pcode: str) -> dict[int, str]:
        out, code = {}, pcode
        while code in by_pcode:
            out[by_pcode[code].level] = code
            code = by_pcode[code].parent_pcode
        return out

    for unit, point in zip(units.itertuples(index=False), points):
        levels = chain(unit.pcode)
        a1, a2 = levels.get(1), levels.get(2)
        place = Place(unit.name, f"admin{unit.level}", unit.country_iso3, by_pcode[a1].name if a1 else None, a1,
                      by_pcode[a2].name if a2 else None, a2, float(point.y), float(point.x), 0, unit.pcode)
        unit_places[unit.pcode] = place
        for i, spelling in enumerate(dict.fromkeys([unit.name, *unit.alt_names])):
            key = fold(spelling)
            if key:
                index.setdefault(key, []).append(place if i == 0 else _alternate(place))
    # Regions of a newer map that lie within one of ours ("the Savannah Region", "la région du
    # Liptako"): the unit of ours, named with the word "region" only, for a bare "Savannah" or
    # "Soum" names a landscape or a province too (data/geo/boundary_changes.csv).
    for change in boundary_changes().itertuples(index=False):
        if change.other_vintage != "later" or change.relation not in ("within", "same") or change.pcode not in unit_places:
            continue
        name = fold(change.other_name)
        for key in (f"{name} region", f"region du {name}", f"region de la {name}", f"region de l {name}",
                    f"region des {name}", f"region de {name}"):
            index.setdefault(key, []).append(_alternate(unit_places[change.pcode]))
    for row in gazetteer().itertuples(index=False):
        population = int(row.population) if _present(row.population) else 0
        place = Place(row.name, "populated place", _text(row.country_iso3), _text(row.admin1), _text(row.admin1_pcode),
                      _text(row.admin2), _text(row.admin2_pcode), float(row.latitude), float(row.longitude), population)
        spellings = [row.name] + [a for a in str(row.alternatenames).split("|") if a and _latin(a)]
        for i, spelling in enumerate(dict.fromkeys(spellings)):
            key = fold(spelling)
            if key and not key.isdigit():
                index.setdefault(key, []).append(place if i == 0 else _alternate(place))
    return {k: tuple(v) for k, v in index.items()}, unit_places


def _present(value) -> bool:
    try:
        return value is not None and value == value and str(value) != "<NA>"
    except TypeError:
        return False


def _text(value) -> str | None:
    return str(value) if _present(value) and str(value) else None


def _alternate(place: Place) -> Place:
    return Place(**{**place.__dict__, "primary": False})


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


@cache
def border_regions() -> dict[tuple[str, str], tuple[str, ...]]:
    """(country, neighbour) → the country's admin-1 P-codes that touch the neighbour."""
    import shapely

    from veille.geo import admin_units

    level0 = admin_units(level=0)
    level1 = admin_units(level=1)
    # A small buffer in degrees (about 5 km) closes the slivers between two sources' borders.
    shapes = dict(zip(level0["country_iso3"], shapely.buffer(level0.geometry.values, 0.05)))
    out: dict[tuple[str, str], list[str]] = {}
    for unit in level1.itertuples(index=False):
        for neighbour, shape in shapes.items():
            if neighbour != unit.country_iso3 and unit.geometry.intersects(shape):
                out.setdefault((unit.country_iso3, neighbour), []).append(unit.pcode)
    return {k: tuple(sorted(v)) for k, v in out.items()}


_PAIR_LEFT = re.compile(r"\(\s*[A-ZÀ-Þ][\w'’ -]{1,40},\s*$")


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), m.group(), fold_word(m.group())) for m in _WORD.finditer(text)]


def _role(left: str, original_left: str) -> str:
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(left):
            return role
    if SECONDARY_LEFT.search(original_left):
        return "secondary"
    return "event"


_CUE = re.compile(r"\b(?:a|au|aux|dans|pres de|pres d|non loin de|non loin d|abords de|abords d|sortie de|sortie d"
                  r"|entree de|entree d|environs de|in|near|at|outside|around|village de|village d|village of|"
                  r"town of|localite de|hameau de|de la ville de|marche de|camp de|poste de|attaque de|"
                  r"of|kilometres de|kilometres d|km de|kilometres from|km from|km of)\s*$")


def find_mentions(sentence: Sentence, extra: dict | None = None) -> list[Mention]:
    """Place, country and demonym mentions in one sentence, with their roles. ``extra``:
    more place names (folded name → places) to look up beside the bundled gazetteer."""
    index, _ = place_index()
    if extra:
        index = _Merged(index, extra)
    text = sentence.text
    tokens = _tokens(text)
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        start, _, word, key = tokens[i]
        if key in DEMONYMS:
            out.append(Mention(sentence.index, start, tokens[i][1], word, key, (), "demonym", (), DEMONYMS[key]))
            i += 1
            continue
        if not word[:1].isupper():
            i += 1
            continue
        found = None
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            joined = " ".join(t[3] for t in tokens[i:i + n])
            if joined in COUNTRIES or joined in index:
                if n > 1 and not tokens[i + n - 1][2][:1].isupper() and tokens[i + n - 1][3] not in ("n", "d", "l"):
                    continue  # "Fada N'Gourma" yes; "Kara et" no
                found = (n, joined)
                break
        if found is None:
            unknown = _unknown_village(sentence, tokens, i)
            if unknown is not None:
                out.append(unknown)
                i += len(_WORD.findall(unknown.surface))
                continue
            i += 1
            continue
        n, joined = found
        end = tokens[i + n - 1][1]
        left = fold(text[max(0, start - 60):start])
        left = left + " " if left and not left.endswith(" ") else left
        right = fold(text[end:end + 30])
        role = _role(left, text[max(0, start - 60):start])
        if role == "event" and _HOSPITAL_RIGHT.match(right) and _CARED_LEFT.search(left):
            role = "destination"  # "one of the injured died at the Tamale Teaching Hospital"
        elif role == "event" and _JUSTICE_LEFT.search(left):
            role = "destination"  # "présentés à la CRIET à Porto-Novo": where suspects are tried, not the event
        elif role == "event" and (_OUTLET_RIGHT.match(right) or _OUTLET_LEFT.search(left)):
            role = "statement"  # "speaking to Bawku Voice FM", "Radio rurale de Kalalé": an outlet, not the place
        elif role == "event" and _FROM_LEFT.search(left) and _GARRISON_RIGHT.match(right):
            role = "origin"  # "soldiers from the Tamale garrison swept through Kpalbe"
        cue = bool(_CUE.search(left)) or bool(ADMIN_LEFT.search(left))
        admin = ADMIN_LEFT.search(left)
        kinds: tuple[str, ...] = KIND_WORDS.get(admin.group("word"), ()) if admin else ()
        after = ADMIN_RIGHT.search(right)
        if after and not kinds:
            kinds = KIND_WORDS.get(after.group("word"), ())
            cue = True
        if joined in COUNTRIES and not (n == 1 and joined in ("faso",)):
            country = COUNTRIES[joined]
            if joined == "niger" and re.match(r"^\s*(?:river|fleuve)\b", right) or re.search(r"\bfleuve\s*$", left):
                i += n
                continue
            located = role == "event" and bool(_LOCATED_LEFT.search(left))
            out.append(Mention(sentence.index, start, end, text[start:end], joined, (), role, (), country, cue,
                               located=located))
            i += n
            continue
        if n == 1 and (joined in _STOP or len(joined) < 3) and not (admin or _CUE.search(left) and len(joined) >= 3
                                                                     and joined not in _STOP):
            i += 1
            continue
        # "(Ouo, Comoe)": a weak name second in a bracketed place-and-unit pair is the unit
        if n == 1 and joined in _WEAK and not cue and not _PAIR_LEFT.search(text, max(0, start - 60), start):
            i += 1
            continue
        sentence_initial = start == 0 or text[:start].strip() in ('"', "(", "-")
        candidates = index.get(joined)
        if not candidates:
            i += n
            continue
        if sentence_initial and not cue and n == 1 and not any(
                c.kind.startswith("admin") or c.population >= 5000 for c in candidates):
            i += 1
            continue
        out.append(Mention(sentence.index, start, end, text[start:end], joined, candidates, role, kinds, None, cue))
        i += n
    return out


# Words that name an unknown capitalised name as a village, before it ("le hameau de X",
# "the village of X") or after it ("X, dans la commune de Y", "X, in the Y district",
# "X (cercle de Y)", "X, a farming village").
_VILLAGE_LEFT = re.compile(r"\b(?:village|villages|hameau|localite|bourgade|campement|hamlet|town|community|settlement|zone|secteur"
                           r"|(?:poste|camp|base|position|detachement|garnison)(?: militaire| avance\w*| de gendarmerie| de police)?)"
                           r"\s+(?:de |d |of |of the )?$"
                           r"|\b(?:lieu|localite|location|place|village)\s*:\s*(?:village de |localite de )?$")  # an incident form's field
_PLACE_LEFT = re.compile(r"\b(?:a|au|pres de|pres d|abords de|abords d|non loin de|non loin d|environs de|hauteur de"
                         r"|hauteur d|near|at|in|outside|struck|hit|attacked|stormed|raided|contre|de|d|du|kilometres de"
                         r"|kilometres d|km de|km d|kilometres from|km from)\s*$")
_UNIT = r"(?:commune|prefecture|cercle|departement|region|province|district|municipalit\w*|sous prefecture|circle|department)"
_VILLAGE_RIGHT = re.compile(r"^\s*(?:,|\(|-)\s*(?:(?:(?:also|aussi|egalement) )?(?:dans|in|of) (?:la |le |l |the )?(?:\w+ ){0,2}" + _UNIT
                            + r"|(?:\w+ ){1,2}" + _UNIT + r"\b"  # "near Bourgniéssou, Tanguiéta commune"
                            + r"|(?:a|an|un|une) (?:\w+ )?(?:suburb|neighbou?rhood|quartier|faubourg|outskirts?) (?:of|de|d)\b"
                            # "at Kulungugu, a border town in the Pusiga District", "Tambalug, a farming community near Garu"
                            + r"|(?:a|an|un|une) (?:\w+ )?(?:town|village|community|hamlet|settlement|locality|localite|hameau)"
                            r" (?:in|of|near|close to|on|de|du|pres de|dans|a)\b"
                            + r"|(?:in|dans) (?:\w+ ){1,2}" + _UNIT + r"|" + _UNIT + r" (?:de |d |du |of )"
                            + r"|(?:un |une |a |an )(?:\w+ )?(?:village|localite|hameau|hamlet|town|community|bourgade)\b"
                            + r"|the (?:\w+ ){0,3}(?:capital|town)\b|chef lieu d"
                            + r"|a (?:une |un )?(?:\w+ ){0,2}(?:kilometres|km)\b)")


def _unknown_village(sentence: Sentence, tokens: list, i: int) -> Mention | None:
    """A capitalised name the gazetteer lacks, read as the event's village when the words
    around it say it is one."""
    text = sentence.text
    j = i
    def inside(k: int) -> bool:  # "Maï" of "Garin Maï Zaki": a stop word between two capitalised words
        return k > i and k + 1 < len(tokens) and tokens[k + 1][2][:1].isupper() \
            and text[tokens[k][1]:tokens[k + 1][0]] in ("-", " ")

    while j < len(tokens) and j - i < 3 and tokens[j][2][:1].isupper() and (tokens[j][3] not in _STOP or inside(j)) \
            and len(tokens[j][3]) >= 3 and (j == i or text[tokens[j - 1][1]:tokens[j][0]] in ("-", " ")):
        j += 1
    if j == i:
        return None
    start, end = tokens[i][0], tokens[j - 1][1]
    left = fold(text[max(0, start - 40):start])
    left = left + " " if left and not left.endswith(" ") else left
    right = fold(text[end:end + 60])
    if _VILLAGE_LEFT.search(left) is None and not (_PLACE_LEFT.search(left) and _VILLAGE_RIGHT.match(right)):
        return None
    role = _role(left, text[max(0, start - 60):start])
    if role != "event":
        return None
    key = " ".join(t[3] for t in tokens[i:j])
    return Mention(sentence.index, start, end, text[start:end], key, (), role, ("populated place",), None, True, True)


class _Merged(dict):
    """Two name indexes read as one, without copying the large one."""

    def __init__(self, first: dict, second: dict):
        super().__init__()
        self.first, self.second = first, second

    def __contains__(self, key) -> bool:
        return key in self.first or key in self.second

    def get(self, key, default=None):
        found = self.first.get(key, ()) + self.second.get(key, ())
        return found or default

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found


def country_prior(mentions: list[Mention], hint: str | None = None) -> Counter:
    """How strongly the article points at each country: named countries and demonyms
    (not as origins, destinations or borders), and places that exist in one country only."""
    weights: Counter = Counter()
    weights.hint = hint  # type: ignore[attr-defined]
    if hint:
        weights[hint] += 3.0
    for m in mentions:
        if m.country:
            if m.role == "demonym":
                weights[m.country] += 1.5
            elif m.role in ("event", "secondary", "statement"):
                weights[m.country] += 2.0
            elif m.role == "border":
                weights[m.country] -= 0.5
            continue
        if m.role in ("origin", "destination", "border"):
            continue
        countries = list(dict.fromkeys(c.country_iso3 for c in m.candidates))  # in index order: ties break the same way every run
        if m.role == "dateline":  # where the story was filed: often, not always, the country it is about
            if len(countries) == 1:
                weights[countries[0]] += 0.5
            continue
        if len(countries) == 1:
            # a name only an alternate of the place ("Yakubu" for Bauchi) says less than its own name;
            # a unit named as one ("commune de Kalalé") says more than a village that may have a namesake
            unit = m.kinds and any(c.kind in m.kinds and c.kind in ("admin1", "admin2") for c in m.candidates)
            weights[countries[0]] += 3.0 if unit else 1.0 if any(c.primary for c in m.candidates) else 0.3
        else:
            for country in countries:
                weights[country] += 0.2
    return weights


def _named_units(mentions: list[Mention]) -> Counter:
    """Admin-unit P-codes the article names (each mention counts for all its readings)."""
    named: Counter = Counter()
    for m in mentions:
        if m.role in ("origin", "destination", "border", "dateline"):
            continue
        readings = [c for c in m.candidates if c.kind in ("admin1", "admin2") and c.pcode]
        if m.kinds and any(c.kind in m.kinds for c in readings):  # "région de Tombouctou" names the region, not the cercle
            readings = [c for c in readings if c.kind in m.kinds]
        for c in readings:
            named[c.pcode] += 1
    return named


def score_candidate(place: Place, mention: Mention, prior: Counter, named: Counter) -> float:
    score = {"populated place": 3.0, "admin3": 3.0, "admin2": 2.0, "admin1": 1.0}[place.kind]
    if place.primary:
        score += 2.0
    if mention.kinds and place.kind in mention.kinds:
        score += 25.0
    elif mention.kinds and place.kind not in mention.kinds and "populated place" not in mention.kinds:
        score -= 25.0 if place.kind == "populated place" else 5.0  # "région de Tombouctou" is not the town
    hint = getattr(prior, "hint", None)
    if hint and place.country_iso3 != hint and prior.get(place.country_iso3, 0.0) < 2.0:
        score -= 30.0  # the source covers one country: another needs the text to name it
    top = prior.most_common(1)
    if top and top[0][1] > 0:
        if place.country_iso3 == top[0][0]:
            score += 20.0
        score += 6.0 * max(-1.0, min(3.0, prior.get(place.country_iso3, 0.0)))
    if place.admin2_pcode and place.kind != "admin2" and named.get(place.admin2_pcode):
        score += 30.0
    if place.admin1_pcode and place.kind != "admin1" and named.get(place.admin1_pcode):
        score += 15.0
    if place.population:
        score += min(10.0, 2.0 * math.log10(place.population + 1))
    return score


_SPECIFICITY = {"populated place": 0, "admin3": 0, "admin2": 1, "admin1": 2}


def resolve(mentions: list[Mention], article_mentions: list[Mention], hint: str | None = None,
            preferred_sentences: tuple[int, ...] = ()) -> Location:
    """The event's place from the mentions of its own sentences (``mentions``), judged
    against everything the article says (``article_mentions``)."""
    prior = country_prior(article_mentions, hint)
    units = _named_units(article_mentions)
    usable = [m for m in mentions if m.candidates and m.role in ("event", "secondary")]
    named = {m.country for m in article_mentions if m.country and m.role in ("event", "secondary", "statement", "demonym")}
    top = prior.most_common(1)
    # An article that names its country again and again: a namesake village in a country it never names is not meant.
    strong = top[0][0] if top and top[0][1] >= 4.0 and top[0][0] in named else None
    # "at Gnangdeen, a community in Burkina Faso not far from the border with Ghana": the country
    # the event's own sentence puts it in, over the places of the article's other country
    own = {m.country for m in mentions if m.country and m.located and m.sentence in preferred_sentences}
    own_country = next(iter(own)) if len(own) == 1 else None
    best: tuple[float, Place, Mention] | None = None
    for m in usable:
        candidates = m.candidates
        if own_country:
            candidates = tuple(c for c in candidates if c.country_iso3 == own_country)
            if not candidates:
                continue
        if hint:  # a source covering one country: elsewhere only where the text names the other country
            candidates = tuple(c for c in candidates if c.country_iso3 == hint or prior.get(c.country_iso3, 0.0) >= 2.0)
            if not candidates:
                continue
        elif strong:
            candidates = tuple(c for c in candidates if c.country_iso3 == strong or c.country_iso3 in named)
            if not candidates:
                continue
        ranked = sorted(((score_candidate(c, m, prior, units), c) for c in candidates), key=lambda x: -x[0])
        score, place = ranked[0]
        # Prefer the trigger sentence, then specific places, then event over secondary roles.
        bonus = (8.0 if m.sentence in preferred_sentences else 0.0) - 6.0 * _SPECIFICITY[place.kind] \
            - (10.0 if m.role == "secondary" else 0.0) + (3.0 if m.cue else 0.0)
        if best is None or score + bonus > best[0]:
            best = (score + bonus, place, m)
    if best is not None:
        total, place, mention = best
        precision = 1 if place.kind in ("populated place", "admin3") else 2 if place.kind == "admin2" else 3
        loc = Location(place.country_iso3, place.admin1, place.admin1_pcode,
                       place.admin2 if place.kind != "admin1" else None,
                       place.admin2_pcode if place.kind != "admin1" else None,
                       place.name, place.latitude, place.longitude, precision, total, "gazetteer",
                       [mention.surface])
        if place.kind == "admin1":
            loc.admin1 = place.name
            loc.admin1_pcode = place.pcode
        if place.kind == "admin2":
            loc.admin2 = place.name
            loc.admin2_pcode = place.pcode
        village = _village_in(mentions, mention, place, preferred_sentences)
        if village is not None:
            loc.location = village.surface
            loc.geo_precision = 3 if place.kind == "admin1" else 2
            loc.evidence.append(village.surface)
        return loc
    loc = _coarse(mentions, article_mentions, prior, own_country)
    village = _village_in(mentions, None, None, preferred_sentences)
    if village is not None and loc.country_iso3:
        loc.location = village.surface
        loc.evidence.append(village.surface)
    return loc


def _village_in(mentions: list[Mention], chosen: Mention | None, place: Place | None,
                preferred_sentences: tuple[int, ...]) -> Mention | None:
    """The unknown village named with the unit the event resolved to ("le village de
    Kompa, dans la commune de Karimama"), or before the known place it is located by
    ("le hameau de Kpentouangou, à trente kilomètres de Diapaga"): the text's most
    precise place, at the unit's coordinates."""
    villages = [m for m in mentions if m.unknown and m.role == "event"]
    if chosen is not None:
        if place.kind in ("populated place",):
            # before the town in its sentence, or told as in the town's own district ("près de
            # Dinangourou, dans le cercle de Koro", then "de Dinangourou à Koro"; a note's
            # subheading "Mopti region, Bankass cercle — Thursday.", then "the hamlet of X")
            units = {c.pcode for m in mentions if m.kinds for c in m.candidates if c.kind == "admin2"}
            villages = [m for m in villages if m.sentence in preferred_sentences
                        and ((m.sentence == chosen.sentence and m.start < chosen.start)
                             or (place.admin2_pcode and place.admin2_pcode in units))]
        elif place.kind != "admin1":
            villages = [m for m in villages if m.sentence == chosen.sentence or m.sentence in preferred_sentences]
    villages.sort(key=lambda m: (m.sentence not in preferred_sentences, m.sentence, m.start))
    return villages[0] if villages else None


def _article_region(article_mentions: list[Mention], country: str) -> Place | None:
    """The admin-1 unit of ``country`` every place the article names lies in, when its
    places (each read one way only) all lie in one; None when they spread over several."""
    regions: set[str] = set()
    for m in article_mentions:
        if m.role not in ("event", "secondary", "statement") or not m.candidates:
            continue
        here = {c.admin1_pcode if c.kind != "admin1" else c.pcode for c in m.candidates if c.country_iso3 == country}
        if len(here) == 1 and None not in here:
            regions |= here
        elif len(here) > 1:
            return None
    if len(regions) != 1:
        return None
    _, units = place_index()
    return units.get(next(iter(regions)))


def _coarse(mentions: list[Mention], article_mentions: list[Mention], prior: Counter,
            own_country: str | None = None) -> Location:
    """No place name of the event's own: the country (the one its sentence names, else the
    article's), and the region on the border it names."""
    top = [c for c, w in prior.most_common() if w > 0]
    country = own_country or (top[0] if top else None)
    if country is None:
        return Location(how="none")
    loc = Location(country_iso3=country, geo_precision=3, how="country", score=1.0)
    region = _article_region(article_mentions, country)
    if region is not None:
        # "Fresh violence at Kpalbe, in the Savannah Region … police swept through Kpalbe": the
        # one region the whole article names, for an event whose own place the gazetteer lacks
        loc.admin1, loc.admin1_pcode = region.name, region.pcode
        loc.latitude, loc.longitude = region.latitude, region.longitude
        loc.how, loc.score = "article region", 1.5
        return loc
    neighbours = [m.country for m in mentions + article_mentions if m.country and m.role == "border"
                  and m.country != country]
    for neighbour in dict.fromkeys(neighbours):
        regions = border_regions().get((country, neighbour), ())
        if len(regions) == 1:
            _, units = place_index()
            unit = units[regions[0]]
            loc.admin1, loc.admin1_pcode = unit.name, unit.pcode
            loc.latitude, loc.longitude = unit.latitude, unit.longitude
            loc.how = f"border with {neighbour}"
            loc.score = 2.0
            break
    return loc
