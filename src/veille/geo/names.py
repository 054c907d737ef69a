"""Place names reduced to a comparable form.

Sources spell the same place many ways: "Tillabéri", "Tillaberi", "Région de Tillabéri",
"Borno state", "Plateau-Central", "Plateau Central", "Centre" for Togo's "Centrale".
``normalize_place_name`` folds accents, case, hyphens and apostrophes, drops the
administrative words around a name, and writes French and English compass words one way;
``name_key`` also drops the spaces, so "Mou Houn" meets "Mouhoun".
"""

from __future__ import annotations

import re
import unicodedata

# Administrative words before a name ("Préfecture de Kpendjal", "Region de la Kara").
_PREFIX = re.compile(
    r"^(?:(?:prefecture|region|commune|province|departement|department|cercle|district autonome|district"
    r"|municipalite|sous prefecture|etat|state|lga|zone)"
    r"(?:\s+(?:de la|de l|des|du|de|d|of))?\s+)+"
)
_ARTICLE = re.compile(r"^(?:la|le|les|l)\s+")
_SUFFIX = re.compile(r"\s+(?:state|region|province|prefecture|department|departement|lga"
                     r"|district|commune|cercle)$")
# Compass words, French and English, written one way.
_WORDS = {
    "north": "nord", "northern": "nord", "south": "sud", "southern": "sud",
    "east": "est", "eastern": "est", "west": "ouest", "western": "ouest",
    "central": "centre", "center": "centre", "centrale": "centre", "centrales": "centre",
}
# Kind of unit a prefix announces, used as a hint when searching.
PREFIX_KINDS = {
    "prefecture": ("admin2",), "region": ("admin1",), "commune": ("admin2", "admin3"),
    "province": ("admin2",), "departement": ("admin1", "admin2"), "department": ("admin1", "admin2"),
    "cercle": ("admin2",), "state": ("admin1",), "etat": ("admin1",), "lga": ("admin2",),
}


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation (hyphens, apostrophes) as spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    lowered = ascii_only.lower().replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", lowered).split())


def normalize_place_name(text: str) -> str:
    """A place name folded for comparison: "Préfecture de l'Oti" → "oti",
    "Borno State" → "borno", "Région Centrale" → "centre"."""
    folded = fold(text)
    stripped = _ARTICLE.sub("", _PREFIX.sub("", folded))
    stripped = _SUFFIX.sub("", stripped)
    if not stripped:  # the name was only an administrative word ("Centre", "Region")
        stripped = folded
    return " ".join(_WORDS.get(word, word) for word in stripped.split())


def name_key(text: str) -> str:
    """``normalize_place_name`` without spaces: the exact-match key."""
    return normalize_place_name(text).replace(" ", "")


def prefix_kinds(text: str) -> tuple[str, ...]:
    """Kinds of unit announced by the administrative word a name starts or ends with."""
    words = fold(text).split()
    if not words:
        return ()
    return PREFIX_KINDS.get(words[0], ()) or PREFIX_KINDS.get(words[-1], ())
