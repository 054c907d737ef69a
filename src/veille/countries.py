"""Country names and codes as the sources write them → ISO 3166-1 alpha-3.

ISO names come from pycountry; the sources' own spellings (UCDP's "Ivory Coast",
"DR Congo (Zaire)", GDELT's FIPS 10-4 codes) are listed here.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pycountry

WEST_AFRICA = ("BEN", "BFA", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "MLI", "MRT",
               "NER", "NGA", "SEN", "SLE", "TGO")
COASTAL_FOCUS = ("TGO", "BEN", "GHA", "CIV")
SAHEL_FRONT = ("BFA", "MLI", "NER")

# Names the sources use that ISO does not.
_OVERRIDES = {
    "ivory coast": "CIV", "cote d'ivoire": "CIV", "cote divoire": "CIV",
    "dr congo": "COD", "democratic republic of congo": "COD", "zaire": "COD",
    "congo": "COG", "republic of congo": "COG", "congo brazzaville": "COG",
    "russia": "RUS", "soviet union": "RUS", "syria": "SYR", "iran": "IRN",
    "bosnia-herzegovina": "BIH", "bosnia and herzegovina": "BIH", "cambodia": "KHM", "kampuchea": "KHM",
    "myanmar": "MMR", "burma": "MMR", "laos": "LAO", "vietnam": "VNM", "south vietnam": "VNM",
    "north korea": "PRK", "south korea": "KOR", "yemen": "YEM", "north yemen": "YEM",
    "south yemen": "YEM", "tanzania": "TZA", "bolivia": "BOL", "venezuela": "VEN",
    "moldova": "MDA", "macedonia": "MKD", "macedonia, fyr": "MKD", "north macedonia": "MKD",
    "serbia": "SRB", "yugoslavia": "SRB", "kosovo": "XKX", "palestine": "PSE",
    "gambia": "GMB", "the gambia": "GMB", "cape verde": "CPV", "cabo verde": "CPV",
    "swaziland": "SWZ", "eswatini": "SWZ", "kingdom of eswatini": "SWZ",
    "turkey": "TUR", "turkiye": "TUR", "czech republic": "CZE", "east timor": "TLS",
    "timor-leste": "TLS", "taiwan": "TWN", "brunei": "BRN", "micronesia": "FSM",
    "madagascar": "MDG", "malagasy": "MDG", "rhodesia": "ZWE", "zimbabwe": "ZWE",
    "united states of america": "USA", "united states": "USA", "united kingdom": "GBR",
    "guinea-bissau": "GNB", "guinea bissau": "GNB", "burkina faso": "BFA", "upper volta": "BFA",
    "dahomey": "BEN", "central african republic": "CAF", "car": "CAF", "sudan": "SDN",
    "south sudan": "SSD", "libya": "LBY", "egypt": "EGY", "niger": "NER", "nigeria": "NGA",
    "mali": "MLI", "togo": "TGO", "benin": "BEN", "ghana": "GHA", "senegal": "SEN",
    "mauritania": "MRT", "chad": "TCD", "cameroon": "CMR", "guinea": "GIN", "liberia": "LBR",
    "sierra leone": "SLE", "algeria": "DZA", "morocco": "MAR", "tunisia": "TUN",
    "western sahara": "ESH", "ethiopia": "ETH", "somalia": "SOM", "kenya": "KEN",
    "mozambique": "MOZ", "uganda": "UGA", "rwanda": "RWA", "burundi": "BDI",
}

# GDELT 1.0 and 2.0 geography uses FIPS 10-4 country codes.
FIPS_TO_ISO3 = {
    "AG": "DZA", "AO": "AGO", "BN": "BEN", "BC": "BWA", "UV": "BFA", "BY": "BDI", "CM": "CMR",
    "CV": "CPV", "CT": "CAF", "CD": "TCD", "CN": "COM", "CF": "COG", "CG": "COD", "IV": "CIV",
    "DJ": "DJI", "EG": "EGY", "EK": "GNQ", "ER": "ERI", "ET": "ETH", "GB": "GAB", "GA": "GMB",
    "GH": "GHA", "GV": "GIN", "PU": "GNB", "KE": "KEN", "LT": "LSO", "LI": "LBR", "LY": "LBY",
    "MA": "MDG", "MI": "MWI", "ML": "MLI", "MR": "MRT", "MP": "MUS", "MO": "MAR", "MZ": "MOZ",
    "WA": "NAM", "NG": "NER", "NI": "NGA", "RW": "RWA", "TP": "STP", "SG": "SEN", "SE": "SYC",
    "SL": "SLE", "SO": "SOM", "SF": "ZAF", "OD": "SSD", "SU": "SDN", "WZ": "SWZ", "TZ": "TZA",
    "TO": "TGO", "TS": "TUN", "UG": "UGA", "WI": "ESH", "ZA": "ZMB", "ZI": "ZWE", "US": "USA",
    "UK": "GBR", "FR": "FRA", "IS": "ISR", "SY": "SYR", "IZ": "IRQ", "IR": "IRN", "AF": "AFG",
    "PK": "PAK", "IN": "IND", "RS": "RUS", "CH": "CHN", "SA": "SAU", "YM": "YEM", "LE": "LBN",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").lower().strip()
    return re.sub(r"\s+", " ", text)


@functools.lru_cache(maxsize=4096)
def country_iso3(name: str | None) -> str | None:
    """ISO3 for a country name or code as a source writes it; None when unknown."""
    if name is None:
        return None
    folded = _fold(str(name))
    if not folded or folded in {"nan", "none", "na"}:
        return None
    candidates = [folded, re.sub(r"\s*\(.*?\)\s*", "", folded).strip()]
    candidates += re.findall(r"\((.*?)\)", folded)
    for candidate in candidates:
        if candidate in _OVERRIDES:
            return _OVERRIDES[candidate]
    for candidate in candidates:
        if len(candidate) == 3 and pycountry.countries.get(alpha_3=candidate.upper()):
            return candidate.upper()
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    return None


def country_name(iso3: str) -> str:
    found = pycountry.countries.get(alpha_3=iso3)
    if iso3 == "CIV":
        return "Côte d'Ivoire"
    return found.name if found else iso3


def iso3_from_numeric(code: object) -> str | None:
    """ISO3 from an ISO 3166-1 numeric code (ACLED's ``iso`` column)."""
    try:
        number = int(float(str(code)))
    except ValueError:
        return None
    found = pycountry.countries.get(numeric=f"{number:03d}")
    return found.alpha_3 if found else None
