"""Raw actor name (any source's spelling) → canonical actor.

Order: exact id or name → alias (accent/case/punctuation folded; country-scoped aliases
first) → patterns (ACLED's and UCDP's naming conventions) → fuzzy (rapidfuzz, high
threshold, only when one actor is clearly best). docs/actors.md describes each step.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from veille.actors.registry import ActorRecord, Registry, load, normalize, slugify

METHODS = ("exact", "alias", "pattern", "fuzzy")
FUZZY_THRESHOLD = 92.0  # rapidfuzz ratio on folded names
FUZZY_MARGIN = 4.0  # the runner-up (another actor) must trail by more than this
FUZZY_MIN_LENGTH = 8  # shorter names (acronyms) never match fuzzily


@dataclass(frozen=True)
class Resolution:
    actor_id: str
    name: str
    kind: int
    method: str
    score: float  # 100 for exact, alias and pattern; the rapidfuzz ratio for fuzzy


# Actors made by patterns that the registry does not list (another country's civilians, an
# ethnic militia not in identity_groups …), kept so actors_table(ids) can describe them.
_synthesized: dict[str, ActorRecord] = {}

_XXX = re.compile(r"^XXX(?P<gwno>\d+)$")
_PERIOD = r"\((?P<period>\d{4}\s*-\s*(?:\d{4})?)\)"
_FORCES = re.compile(
    r"^(?:(?P<qual>Mutiny of|Former) )?(?P<force>Military|Police) Forces of (?P<country>.+?)"
    rf"(?: {_PERIOD}(?: (?P<unit>.+))?)?$", re.IGNORECASE)
_GOVERNMENT = re.compile(rf"^(?:(?P<qual>Former) )?Government of (?P<country>.+?)(?: {_PERIOD})?$", re.IGNORECASE)
_LABEL_COUNTRY = re.compile(r"^(?P<label>[^()]+?)\s*\((?P<country>[^()]+)\)$")
_TRAILING_PAREN = re.compile(r"^(?P<base>.+?)\s*\((?P<inner>[^()]*)\)$")
_SUPPORTERS = re.compile(r"^Supporters of (?P<party>.+)$", re.IGNORECASE)
_MUTINY = re.compile(r"^(?P<qual>Mutiny of|Former) (?P<rest>.+)$", re.IGNORECASE)
_INTERNATIONAL = {"international", "multinational", "unknown"}


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean(raw: object) -> str:
    return " ".join(str(raw).split())


def resolve(raw_name: object, country_iso3: str | None = None) -> Resolution | None:
    """The canonical actor a raw name stands for, or None (also for an empty name).

    ``country_iso3`` (an ISO3 code or a country name) is the event's country: it decides
    names that mean different actors in different places (UCDP's "IS", "Civilians").
    """
    if _is_missing(raw_name):
        return None
    text = _clean(raw_name)
    if not text:
        return None
    country = None if _is_missing(country_iso3) else load().country_iso3(str(country_iso3))
    return _resolve_cached(text, country)


@functools.lru_cache(maxsize=200_000)
def _resolve_cached(text: str, country: str | None) -> Resolution | None:
    reg = load()
    record = reg.actors.get(text) or _name_index().get(text)
    if record is not None:
        return _resolution(record, "exact")
    key = normalize(text)
    if not key:
        return None
    if country is not None and (key, country) in reg.scoped_index:
        return _resolution(reg.actors[reg.scoped_index[key, country]], "alias")
    if key in reg.alias_index:
        return _resolution(reg.actors[reg.alias_index[key]], "alias")
    if key in reg.ambiguous:
        return None
    for pattern in _PATTERNS:
        record = pattern(reg, text, country)
        if record is not None:
            return _resolution(record, "pattern")
    return _fuzzy(reg, key)


def _resolution(record: ActorRecord, method: str, score: float = 100.0) -> Resolution:
    return Resolution(record.actor_id, record.name, record.kind, method, float(score))


@functools.lru_cache(maxsize=1)
def _name_index() -> dict[str, ActorRecord]:
    reg = load()  # named actors only: generated names ("Government of Mali") go through patterns
    return {reg.actors[i].name: reg.actors[i] for i in reg.named_ids}


def _known(reg: Registry, record: ActorRecord) -> ActorRecord:
    """The registry's record when it has this id, else the synthesized one (remembered)."""
    existing = reg.actors.get(record.actor_id)
    if existing is not None:
        return existing
    return _synthesized.setdefault(record.actor_id, record)


# -- patterns: each takes (registry, cleaned name, event country) and returns a record or None ------
def _unknown_party_code(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """UCDP's "XXX" + Gleditsch-Ward code: an unidentified armed group in that country."""
    match = _XXX.match(text)
    if not match:
        return None
    iso3 = reg.iso3_by_gwno.get(int(match["gwno"]))
    if iso3 is None:
        return None
    return _known(reg, reg.template_actor(reg.template_by_id["unidentified-armed-group"], iso3))


def _composite(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """ACLED's "A and/or B": one composite actor, `a-or-b` (docs/actors.md, composite names)."""
    if " and/or " not in text:
        return None
    parts = [resolve(part, country) for part in text.split(" and/or ")]
    if any(p is None for p in parts):
        return None
    actor_id = "-or-".join(p.actor_id for p in parts)
    name = " and/or ".join(p.name for p in parts)
    return _known(reg, ActorRecord(actor_id, name, parts[0].kind, source="ACLED composite actor"))


def _state_forces(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """ "Military Forces of Mali (2021-)", "Police Forces of Burkina Faso (2015-) Gendarmerie"."""
    match = _FORCES.match(text)
    if not match:
        return None
    iso3 = reg.country_iso3(match["country"])
    if iso3 is None:
        return None
    base_id = "military-forces" if match["force"].lower() == "military" else "police-forces"
    template = reg.template_by_id[base_id]
    unit = match["unit"]
    if unit:
        named = resolve(unit, iso3)
        if named is not None and named.method in ("exact", "alias"):
            return reg.actors[named.actor_id]
        unit_key = normalize(unit)
        for candidate in reg.templates:
            if unit_key in {normalize(u) for u in candidate.units}:
                template = candidate
                break
    record = _known(reg, reg.template_actor(template, iso3))
    return _qualified(reg, record, match["qual"])


def _qualified(reg: Registry, record: ActorRecord, qualifier: str | None) -> ActorRecord:
    """ "Mutiny of X", "Former X": an actor of its own, tied to X by parent."""
    if not qualifier:
        return record
    prefix = "mutiny" if qualifier.lower().startswith("mutiny") else "former"
    label = "Mutiny of" if prefix == "mutiny" else "Former"
    return _known(reg, ActorRecord(f"{prefix}-{record.actor_id}", f"{label} {record.name}", record.kind,
                                   record.country_iso3, record.actor_id, source=f"veille: {label.lower()} qualifier"))


def _government(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """ACLED's "Government of Mali (2013-)" is the government; UCDP's "Government of Mali"
    (no period) is the state as a conflict party, i.e. its military forces."""
    match = _GOVERNMENT.match(text)
    if not match:
        return None
    iso3 = reg.country_iso3(match["country"])
    if iso3 is None:
        return None
    if match["period"] or match["qual"]:
        record = _known(reg, reg.template_actor(reg.template_by_id["government"], iso3))
        return _qualified(reg, record, match["qual"])
    return _known(reg, reg.template_actor(reg.template_by_id["military-forces"], iso3))


def _label_country(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """ "Civilians (Togo)", "Fulani Ethnic Militia (Mali)", "Doundoudougou Communal Militia (Burkina Faso)"."""
    match = _LABEL_COUNTRY.match(text)
    if not match:
        return None
    inner = normalize(match["country"])
    if inner in _INTERNATIONAL:
        iso3 = None
    else:
        iso3 = reg.country_iso3(match["country"])
        if iso3 is None:
            return None
    return _labelled(reg, match["label"], iso3)


def _labelled(reg: Registry, label: str, iso3: str | None) -> ActorRecord | None:
    key = normalize(label)
    template = _template_labels().get(key)
    if template is not None:
        return _known(reg, reg.template_actor(template, iso3))
    for suffix in reg.suffixes:
        suffix_key = normalize(suffix.label)
        if key.endswith(" " + suffix_key):
            qualifier = key[: -len(suffix_key)].strip()
            group = reg.group_by_key.get(qualifier)
            slug, name = (group.id, group.name) if group else (slugify(qualifier), label[: -len(suffix.label)].strip())
            return _known(reg, reg.group_actor(slug, name, suffix, iso3))
    return None


@functools.lru_cache(maxsize=1)
def _template_labels() -> dict:
    return {normalize(label): t for t in load().templates for label in t.labels}


def _bare_generic(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """UCDP's bare "Civilians" or "Fulani": the generic actor in the event's country."""
    record = _labelled(reg, text, country)
    if record is not None:
        return record
    group = reg.group_by_key.get(normalize(text))
    if group is None:
        return None
    return _known(reg, reg.group_actor(group.id, group.name, reg.suffixes[0], country))


def _supporters(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """UCDP's "Supporters of <party>": the party's militants (political militia)."""
    match = _SUPPORTERS.match(text)
    if not match:
        return None
    suffix = f"-{country.lower()}" if country else ""
    return _known(reg, ActorRecord(f"supporters-{slugify(match['party'])}{suffix}", text, 3, country,
                                   source="veille: UCDP supporters of a party"))


def _mutiny_of_named(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    match = _MUTINY.match(text)
    if not match:
        return None
    inner = resolve(match["rest"], country)
    if inner is None or inner.method == "fuzzy":
        return None
    return _qualified(reg, _record(reg, inner.actor_id), match["qual"])


def _trailing_paren(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """ "G5S: G5 Sahel Force (2017-)", "MSA: Movement for Azawad Salvation (MSA-D)": a period or
    faction note after a named actor."""
    match = _TRAILING_PAREN.match(text)
    if not match:
        return None
    inner = resolve(match["base"], country)
    if inner is None or inner.method == "fuzzy":
        return None
    return _record(reg, inner.actor_id)


def _joint_side(reg: Registry, text: str, country: str | None) -> ActorRecord | None:
    """UCDP's joint sides, "Government of Mali, Government of Russia (Soviet Union)": the
    first-named (leading) party, when every party resolves."""
    parts = [p for p in (s.strip() for s in text.split(",")) if p]
    if len(parts) < 2:
        return None
    resolved = [resolve(p, country) for p in parts]
    if any(r is None for r in resolved):
        return None
    return _record(reg, resolved[0].actor_id)


def _record(reg: Registry, actor_id: str) -> ActorRecord:
    return reg.actors.get(actor_id) or _synthesized[actor_id]


_PATTERNS = (_unknown_party_code, _composite, _state_forces, _government, _label_country, _bare_generic,
             _supporters, _mutiny_of_named, _trailing_paren, _joint_side)


# -- fuzzy --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _fuzzy_choices() -> tuple[list[str], list[str]]:
    reg = load()
    keys = [k for k in reg.alias_index if len(k) >= FUZZY_MIN_LENGTH]
    return keys, [reg.alias_index[k] for k in keys]


def _fuzzy(reg: Registry, key: str) -> Resolution | None:
    if len(key) < FUZZY_MIN_LENGTH:
        return None
    keys, ids = _fuzzy_choices()
    hits = process.extract(key, keys, scorer=fuzz.ratio, limit=8, score_cutoff=FUZZY_THRESHOLD - FUZZY_MARGIN)
    if not hits:
        return None
    best_key, best_score, best_index = hits[0]
    if best_score < FUZZY_THRESHOLD:
        return None
    best_id = ids[best_index]
    for _, score, index in hits[1:]:
        if ids[index] != best_id and score > best_score - FUZZY_MARGIN:
            return None  # two actors are about as close: refuse to guess
    return _resolution(reg.actors[best_id], "fuzzy", best_score)


# -- vectorized -----------------------------------------------------------------------------------------
RESULT_COLUMNS = ("actor_id", "actor_name", "actor_kind", "method", "score")


def resolve_many(names: pd.Series, countries: pd.Series | None = None) -> pd.DataFrame:
    """``resolve`` over a Series, once per distinct (name, country): columns actor_id,
    actor_name, actor_kind (nullable Int64), method, score; the same index as ``names``."""
    names = pd.Series(names)
    name_codes, name_uniques = pd.factorize(names, use_na_sentinel=True)
    if countries is None:
        keys = name_codes.astype(np.int64)
        country_uniques: list = [None]
        country_codes = np.zeros(len(names), dtype=np.int64)
    else:
        countries = pd.Series(countries)
        if len(countries) != len(names):
            raise ValueError(f"names and countries differ in length: {len(names)} and {len(countries)}")
        country_codes, country_uniques = pd.factorize(countries, use_na_sentinel=True)
        country_codes = country_codes.astype(np.int64) + 1  # 0: no country
        keys = name_codes.astype(np.int64) * (len(country_uniques) + 1) + country_codes
    key_codes, key_uniques = pd.factorize(keys)
    first = np.zeros(len(key_uniques), dtype=np.int64)
    first[key_codes[::-1]] = np.arange(len(keys))[::-1]  # a row of each distinct key
    ids, labels, kinds, methods, scores = [], [], [], [], []
    for row in first:
        name_code = name_codes[row]
        resolution = None
        if name_code >= 0:
            country = None
            if countries is not None and country_codes[row] > 0:
                country = country_uniques[country_codes[row] - 1]
            resolution = resolve(name_uniques[name_code], country)
        if resolution is None:
            ids.append(None), labels.append(None), kinds.append(pd.NA), methods.append(None), scores.append(np.nan)
        else:
            ids.append(resolution.actor_id), labels.append(resolution.name), kinds.append(resolution.kind)
            methods.append(resolution.method), scores.append(resolution.score)
    take = key_codes
    return pd.DataFrame({
        "actor_id": pd.array(np.asarray(ids, dtype=object)[take], dtype="string"),
        "actor_name": pd.array(np.asarray(labels, dtype=object)[take], dtype="string"),
        "actor_kind": pd.array(np.asarray(kinds, dtype=object)[take], dtype="Int64"),
        "method": pd.array(np.asarray(methods, dtype=object)[take], dtype="string"),
        "score": np.asarray(scores, dtype=float)[take],
    }, index=names.index)


def split_names(names: pd.Series, sep: str = ";") -> pd.Series:
    """One row per name of fields holding several ("A; B", ACLED's assoc_actor_*), index kept."""
    parts = pd.Series(names).dropna().astype(str).str.split(sep).explode().str.strip()
    return parts[parts != ""]


def resolve_joined(names: pd.Series, countries: pd.Series | None = None, sep: str = ";") -> pd.Series:
    """Canonical ids for fields holding several names, joined with "; " in the same order;
    a name that does not resolve is left out; null when none resolves."""
    parts = split_names(names, sep)
    part_countries = None if countries is None else pd.Series(countries).loc[parts.index]
    resolved = resolve_many(parts.reset_index(drop=True),
                            None if part_countries is None else part_countries.reset_index(drop=True))
    resolved.index = parts.index
    joined = resolved["actor_id"].dropna().groupby(level=0).agg("; ".join)
    return joined.reindex(pd.Series(names).index).astype("string")


def unmapped_names(names: pd.Series, countries: pd.Series | None = None) -> pd.DataFrame:
    """Raw names that resolve to no actor, with how often each occurs, most frequent first.

    Fields holding several names separated by ";" are split first. Columns: name, count."""
    parts = split_names(names)
    part_countries = None if countries is None else pd.Series(countries).loc[parts.index]
    frame = pd.DataFrame({"name": parts.to_numpy(),
                          "country": None if part_countries is None else part_countries.to_numpy()})
    counts = frame.groupby(["name", "country"], dropna=False).size().rename("count").reset_index()
    resolved = resolve_many(counts["name"], None if countries is None else counts["country"])
    missing = counts[resolved["actor_id"].isna().to_numpy()]
    out = missing.groupby("name", as_index=False)["count"].sum()
    out = out.sort_values(["count", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out["count"] = out["count"].astype("int64")
    return out
