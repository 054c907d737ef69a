"""The canonical actor registry, read from ``actors.yaml`` and ``countries.csv``.

The YAML file holds named actors, per-country templates and identity groups; this module
checks it (unique ids, kinds 1-8, parents that exist, no alias claimed by two actors) and
expands it into ``ActorRecord`` values. Generated actors (``civilians-tgo``,
``fulani-ethnic-militia-mli``) are made eagerly for the region's countries and on demand,
by :func:`synthesize`, for any other country.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from veille.errors import InvalidValue
from veille.model import Actor

# Where generated actors are built eagerly: the 16 West African states, Chad and Cameroon.
REGION_ISO3 = ("BEN", "BFA", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "MLI", "MRT",
               "NER", "NGA", "SEN", "SLE", "TGO", "TCD", "CMR")
ALIAS_LANGS = ("en", "fr", "ar", "mul")

_APOSTROPHES = re.compile(r"[.\'’‘`´ʼʿʾ]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Fold accents, case, apostrophes and punctuation: the key aliases are matched on."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss").replace("ɓ", "b").casefold()
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


def slugify(text: str) -> str:
    return normalize(text).replace(" ", "-")


@dataclass(frozen=True)
class ActorRecord:
    """One canonical actor with what the store keeps beside ``Actor``."""

    actor_id: str
    name: str
    kind: int
    country_iso3: str | None = None
    parent_id: str | None = None
    active_from: int | None = None
    active_to: int | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not (1 <= self.kind <= 8):
            raise InvalidValue(f"actor {self.actor_id}: kind must be an ACLED actor type 1-8, got {self.kind}")

    def as_actor(self) -> Actor:
        return Actor(self.actor_id, self.name, self.kind, self.country_iso3, self.parent_id)


@dataclass(frozen=True)
class Alias:
    alias: str
    alias_normalized: str
    actor_id: str
    lang: str
    countries: tuple[str, ...] = ()  # empty: everywhere


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    name_fr: str
    gwno: int | None


@dataclass(frozen=True)
class Template:
    id: str
    label: str
    kind: int
    state: bool
    parent: str | None
    labels: tuple[str, ...]  # label and its synonyms
    units: tuple[str, ...]


@dataclass(frozen=True)
class GroupSuffix:
    label: str
    id: str
    kind: int


@dataclass(frozen=True)
class IdentityGroup:
    id: str
    name: str
    countries: tuple[str, ...]
    aliases: tuple[str, ...]


class Registry:
    """Everything the resolver needs, built once from the package data."""

    def __init__(self, data: dict[str, Any], country_rows: list[dict[str, str]]):
        self.countries: dict[str, Country] = {}
        self.country_by_key: dict[str, str] = {}
        self.iso3_by_gwno: dict[int, str] = {}
        self._load_countries(country_rows)
        self.templates = [self._template(t) for t in data.get("templates", [])]
        self.template_by_id = {t.id: t for t in self.templates}
        self.suffixes = [GroupSuffix(s["label"], s["id"], int(s["kind"])) for s in data.get("group_suffixes", [])]
        self.groups = [IdentityGroup(g["id"], g["name"], tuple(g.get("countries", ())),
                                     tuple(g.get("aliases", ()))) for g in data.get("identity_groups", [])]
        self.ambiguous = frozenset(normalize(a) for a in data.get("ambiguous", []))
        self.actors: dict[str, ActorRecord] = {}
        self.aliases: list[Alias] = []
        self._load_named(data.get("actors", []))
        self.named_ids = frozenset(self.actors)
        self._generate()
        self._check()
        self.alias_index, self.scoped_index = self._index()
        self.group_by_key = {normalize(n): g for g in self.groups for n in (g.name, *g.aliases)}

    # -- loading -------------------------------------------------------------------------------
    def _load_countries(self, rows: list[dict[str, str]]) -> None:
        for row in rows:
            iso3 = row["iso3"].strip()
            gwno = int(row["gwno"]) if row.get("gwno", "").strip() else None
            self.countries[iso3] = Country(iso3, row["name"].strip(), row["name_fr"].strip(), gwno)
            if gwno is not None:
                self.iso3_by_gwno[gwno] = iso3
            names = [iso3, row["name"], row["name_fr"], *row.get("aliases", "").split("|")]
            for name in names:
                key = normalize(name)
                if key:
                    self.country_by_key.setdefault(key, iso3)

    @staticmethod
    def _template(raw: dict[str, Any]) -> Template:
        labels = (raw["label"], *raw.get("also", ()))
        return Template(raw["id"], raw["label"], int(raw["kind"]), bool(raw.get("state", False)),
                        raw.get("parent"), tuple(labels), tuple(raw.get("unit", ())))

    def _load_named(self, entries: list[dict[str, Any]]) -> None:
        for raw in entries:
            missing = [k for k in ("id", "name", "kind") if k not in raw]
            if missing:
                raise InvalidValue(f"actors.yaml: actor {raw.get('id', raw)!r} lacks {', '.join(missing)}")
            actor_id = raw["id"]
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", actor_id):
                raise InvalidValue(f"actors.yaml: id {actor_id!r} is not a lowercase slug")
            if actor_id in self.actors:
                raise InvalidValue(f"actors.yaml: id {actor_id!r} appears twice")
            active = raw.get("active") or [None, None]
            country = raw.get("country")
            if country is not None and country not in self.countries:
                raise InvalidValue(f"actors.yaml: actor {actor_id!r} has unknown country {country!r}")
            self.actors[actor_id] = ActorRecord(actor_id, raw["name"], int(raw["kind"]), country,
                                                raw.get("parent"), active[0], active[1], raw.get("source", ""))
            aliases = raw.get("aliases") or {}
            if isinstance(aliases, list):
                aliases = {"en": aliases}
            seen = {normalize(raw["name"])}
            self.aliases.append(Alias(raw["name"], normalize(raw["name"]), actor_id, "en"))
            for lang, names in aliases.items():
                if lang not in ALIAS_LANGS:
                    raise InvalidValue(f"actors.yaml: actor {actor_id!r}: alias language {lang!r} is not one of {ALIAS_LANGS}")
                for name in names:
                    key = normalize(name)
                    if key and key not in seen:
                        seen.add(key)
                        self.aliases.append(Alias(str(name), key, actor_id, lang))
            for scoped in raw.get("scoped_aliases", []):
                self.aliases.append(Alias(scoped["alias"], normalize(scoped["alias"]), actor_id, "mul",
                                          tuple(scoped["countries"])))

    def _generate(self) -> None:
        for template in self.templates:
            self.actors.setdefault(template.id, self.template_actor(template, None))
            for iso3 in (self.countries if template.state else REGION_ISO3):
                record = self.template_actor(template, iso3)
                self.actors.setdefault(record.actor_id, record)
        for group in self.groups:
            for suffix in self.suffixes[:1] + [s for s in self.suffixes if s.id == "ethnic-group"]:
                self.actors.setdefault(f"{group.id}-{suffix.id}", self.group_actor(group.id, group.name, suffix, None))
                for iso3 in group.countries:
                    record = self.group_actor(group.id, group.name, suffix, iso3)
                    self.actors.setdefault(record.actor_id, record)

    def _check(self) -> None:
        for record in self.actors.values():
            if record.parent_id is not None and record.parent_id not in self.actors:
                raise InvalidValue(f"actors.yaml: actor {record.actor_id!r} has unknown parent {record.parent_id!r}")
        owners: dict[str, str] = {}
        for alias in self.aliases:
            if alias.countries:
                continue
            if alias.alias_normalized in self.ambiguous:
                raise InvalidValue(f"actors.yaml: alias {alias.alias!r} of {alias.actor_id!r} is listed as ambiguous")
            other = owners.setdefault(alias.alias_normalized, alias.actor_id)
            if other != alias.actor_id:
                raise InvalidValue(f"actors.yaml: alias {alias.alias!r} names both {other!r} and {alias.actor_id!r};"
                                   " scope it to countries or list it under `ambiguous`")
        scoped: dict[tuple[str, str], str] = {}
        for alias in self.aliases:
            for iso3 in alias.countries:
                other = scoped.setdefault((alias.alias_normalized, iso3), alias.actor_id)
                if other != alias.actor_id:
                    raise InvalidValue(f"actors.yaml: alias {alias.alias!r} in {iso3} names both {other!r} and {alias.actor_id!r}")

    def _index(self) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
        plain = {a.alias_normalized: a.actor_id for a in self.aliases if not a.countries}
        scoped = {(a.alias_normalized, c): a.actor_id for a in self.aliases for c in a.countries}
        return plain, scoped

    # -- generated actors ------------------------------------------------------------------------
    def country_name(self, iso3: str) -> str:
        country = self.countries.get(iso3)
        return country.name if country else iso3

    def template_actor(self, template: Template, iso3: str | None) -> ActorRecord:
        if iso3 is None:
            return ActorRecord(template.id, template.label, template.kind, None, None,
                               source="veille generic actor (no country known)")
        name = self.country_name(iso3)
        display = f"{template.label} of {name}" if template.state else f"{template.label} ({name})"
        parent = f"{template.parent}-{iso3.lower()}" if template.parent else None
        return ActorRecord(f"{template.id}-{iso3.lower()}", display, template.kind, iso3, parent,
                           source="veille generic actor, one per country")

    def group_actor(self, group_slug: str, group_name: str, suffix: GroupSuffix, iso3: str | None) -> ActorRecord:
        if iso3 is None:
            return ActorRecord(f"{group_slug}-{suffix.id}", f"{group_name} {suffix.label}", suffix.kind,
                               source="veille generic identity actor (no country known)")
        return ActorRecord(f"{group_slug}-{suffix.id}-{iso3.lower()}",
                           f"{group_name} {suffix.label} ({self.country_name(iso3)})", suffix.kind, iso3,
                           source="veille generic identity actor, one per group and country")

    def country_iso3(self, text: str | None) -> str | None:
        """ISO3 for a country code or name in any spelling UCDP or ACLED use; None if unknown."""
        if text is None:
            return None
        key = normalize(text)
        if key.startswith("the "):
            key = key[4:]
        return self.country_by_key.get(key)


@functools.lru_cache(maxsize=1)
def load() -> Registry:
    """The registry from the package data, read and checked once."""
    package = resources.files("veille.actors")
    data = yaml.safe_load(package.joinpath("actors.yaml").read_text(encoding="utf-8"))
    with package.joinpath("countries.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return Registry(data, rows)


def check_registry(data: dict[str, Any]) -> Registry:
    """Build a registry from already-parsed YAML (tests use it to check edited copies)."""
    package = resources.files("veille.actors")
    with package.joinpath("countries.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return Registry(data, rows)
