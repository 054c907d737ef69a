"""Canonical actors: a reviewed registry (``actors.yaml``) and the resolver that maps any
source's spelling of an actor onto it. See docs/actors.md."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from veille.actors.registry import ActorRecord, normalize
from veille.actors.registry import load as _load
from veille.actors.resolve import (
    METHODS,
    Resolution,
    _synthesized,
    resolve,
    resolve_joined,
    resolve_many,
    split_names,
    unmapped_names,
)
from veille.model import Actor

__all__ = [
    "METHODS", "Actor", "ActorRecord", "Resolution", "actor", "actors_table", "aliases_table",
    "country_iso3", "normalize", "registry", "resolve", "resolve_joined", "resolve_many",
    "split_names", "unmapped_names",
]

ACTORS_COLUMNS = ("actor_id", "name", "kind", "country_iso3", "parent_id", "active_from", "active_to", "source")
ALIASES_COLUMNS = ("alias", "alias_normalized", "actor_id", "lang")


def registry() -> list[Actor]:
    """Every actor the registry lists (named and generated), as ``model.Actor`` values."""
    return [record.as_actor() for record in _load().actors.values()]


def actor(actor_id: str) -> ActorRecord | None:
    """The actor with this id: listed in the registry, or made by a pattern in this process."""
    return _load().actors.get(actor_id) or _synthesized.get(actor_id)


def country_iso3(name: str | None) -> str | None:
    """ISO3 for a country code or name as UCDP or ACLED spell it ("Ivory Coast" → CIV)."""
    return _load().country_iso3(name)


def actors_table(actor_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Rows for the store's ``actors`` table: the whole registry, plus the actors behind
    ``actor_ids`` that patterns made for places or groups the registry does not list
    (pass the ids an import resolved to). Unknown ids are skipped."""
    records = dict(_load().actors)
    for actor_id in actor_ids or ():
        record = actor(actor_id)
        if record is not None:
            records.setdefault(actor_id, record)
    frame = pd.DataFrame([[getattr(r, c) for c in ACTORS_COLUMNS] for r in records.values()],
                         columns=list(ACTORS_COLUMNS))
    for column in ("kind", "active_from", "active_to"):
        frame[column] = frame[column].astype("Int64")
    return frame


def aliases_table() -> pd.DataFrame:
    """Rows for the store's ``actor_aliases`` table: each named actor's aliases (its name
    included). A country-scoped alias (UCDP's "IS") appears once per actor it can mean."""
    seen, rows = set(), []
    for alias in _load().aliases:
        key = (alias.alias_normalized, alias.actor_id)
        if key not in seen:
            seen.add(key)
            rows.append((alias.alias, alias.alias_normalized, alias.actor_id, alias.lang))
    return pd.DataFrame(rows, columns=list(ALIASES_COLUMNS))
