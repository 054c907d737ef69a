"""Every number in a brief is a ``Figure``: its value, how it is written in the brief's
language, and the recipe that reproduces it.

A recipe is a plain dict. ``kind: events`` recipes are store queries (``EventFilter``
fields) with an aggregate (count, or the sum of a column) — ``reproduce`` runs them
again. ``kind: call`` recipes name a library function, its parameters and the attribute
or cell read from its result — ``reproduce`` calls it again. ``kind: published`` is a
figure quoted from a publication, which the recipe names. Every recipe also carries
the data it rests on: ingest runs, event ids (when few), forecast run, dataset vintages.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal

from veille.errors import InvalidValue
from veille.store import EventFilter, Store

LOCALES = {"en": "en_GB", "fr": "fr_FR"}
FORMATS = {"int": "#,##0", "float1": "#,##0.0", "float2": "#,##0.00", "pct": "#,##0.0", "pp": "+#,##0.00;-#,##0.00",
           "km": "#,##0", "usd_m": "#,##0.0", "share": "#,##0.000"}
MAX_LISTED_EVENTS = 25


def format_number(value: float | int | None, style: str, lang: str) -> str:
    """A number written the way the language writes it: 1,234.5 / 1 234,5 (narrow
    no-break spaces), percentages with their sign (12.5% / 12,5 %), signed points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if style not in FORMATS:
        raise InvalidValue(f"unknown number style {style!r}")
    number = value * 100 if style == "pct" else value
    text = format_decimal(number, format=FORMATS[style], locale=LOCALES[lang])
    if lang == "fr":
        text = text.replace("-", "\u2212")  # the typographic minus
    if style == "pct":
        return text + ("\u202f%" if lang == "fr" else "%")
    if style == "pp":
        return text + ("\u00a0pt" if lang == "fr" else " pp")
    if style == "km":
        return text + "\u00a0km"
    if style == "usd_m":
        return text + ("\u00a0M$" if lang == "fr" else " m US$")
    return text


@dataclass
class Figure:
    id: str
    label: str
    value: Any
    text: str
    recipe: dict

    @property
    def how(self) -> str:
        return describe(self.recipe)

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "value": self.value, "text": self.text, "recipe": self.recipe,
                "how": self.how}


@dataclass
class FigureBook:
    """The figures of one brief, numbered in the order they are made."""

    lang: str
    figures: list[Figure] = field(default_factory=list)

    def add(self, value, label: str, recipe: dict, style: str = "int") -> Figure:
        if "kind" not in recipe:
            raise InvalidValue(f"figure {label!r}: its recipe needs a kind")
        plain = _plain(value)
        figure = Figure(f"F{len(self.figures) + 1}", label, plain, format_number(plain, style, self.lang), recipe)
        self.figures.append(figure)
        return figure

    def as_list(self) -> list[dict]:
        return [f.as_dict() for f in self.figures]


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def events_recipe(store: Store, where: EventFilter, aggregate: str = "count", function: str = "Store.events",
                  **extra) -> dict:
    """The recipe of a figure counted from the store, with the runs and events behind it."""
    clause, params = where.where()
    rows = store.events(EventFilter(**{**_filter_fields(where), "columns": ("event_id", "ingest_run_id")}))
    recipe = {"kind": "events", "function": function, "aggregate": aggregate,
              "query": {k: _jsonable(v) for k, v in _filter_fields(where).items() if v not in ((), None)},
              "sql": f"SELECT ... FROM events{clause}", "sql_params": [_jsonable(p) for p in params],
              "events": int(len(rows)), "ingest_runs": sorted(int(r) for r in rows["ingest_run_id"].dropna().unique())}
    if len(rows) <= MAX_LISTED_EVENTS:
        recipe["event_ids"] = rows["event_id"].tolist()
    recipe.update(extra)
    return recipe


def _filter_fields(where: EventFilter) -> dict:
    return {"countries": where.countries, "sources": where.sources, "event_types": where.event_types,
            "date_from": where.date_from, "date_to": where.date_to}


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def aggregate_events(store: Store, recipe: dict):
    query = dict(recipe["query"])
    for key in ("date_from", "date_to"):
        if key in query:
            query[key] = dt.date.fromisoformat(query[key])
    for key in ("countries", "sources", "event_types"):
        if key in query:
            query[key] = tuple(query[key])
    aggregate = recipe["aggregate"]
    if aggregate == "count":
        return store.count_events(EventFilter(**query))
    if aggregate.startswith("sum:"):
        column = aggregate[4:]
        frame = store.events(EventFilter(**query, columns=(column,)))
        return int(frame[column].fillna(0).sum())
    raise InvalidValue(f"unknown aggregate {aggregate!r}")


def describe(recipe: dict) -> str:
    """A recipe in one readable line, for the brief's appendix (the full recipe is in
    the brief's data and in ``--data`` JSON)."""
    kind = recipe.get("kind")
    if kind == "events":
        q = recipe["query"]
        where = " ".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in q.items()
                         if k not in ("date_from", "date_to", "event_types"))
        span = f"{q.get('date_from', '')}..{q.get('date_to', '')}"
        ids = recipe.get("event_ids")
        listed = f" · events {', '.join(ids)}" if ids else f" · {recipe['events']:,} events"
        return (f"{recipe['aggregate']} of Store.events({where} political violence {span}) · ingest runs "
                f"{', '.join(map(str, recipe['ingest_runs'])) or '-'}{listed}")
    if kind in ("call", "call_frame"):
        if kind == "call_frame":
            head = describe(recipe["input"])
        else:
            params = ", ".join(f"{k}={_short(v)}" for k, v in recipe.get("params", {}).items())
            inputs = ", ".join(f"{k}={describe(v)}" for k, v in recipe.get("inputs", {}).items())
            head = f"{recipe['function']}({', '.join(p for p in (inputs, params) if p)})"
        if "attribute" in recipe:
            return f"{head}.{recipe['attribute']}" + (f" x {recipe['scale']:g}" if recipe.get("scale") else "")
        picks = [f"{k}={v}" for k, v in recipe.get("select", {}).items()]
        picks += [f"{k} in {a}..{b}" for k, (a, b) in recipe.get("between", {}).items()]
        picks += [f"{k} ends '{v}'" for k, v in recipe.get("endswith", {}).items()]
        what = recipe.get("statistic") or f"{recipe.get('reduce') or 'value'} of {recipe.get('column', 'draws')}"
        return f"{head} → rows {' & '.join(picks) or 'all'} → {what}"
    if kind == "events_frame":
        return "events(" + "; ".join(f"{','.join(q['countries'])}/{','.join(q['sources'])}" for q in recipe["queries"]) \
            + f" {recipe['queries'][0]['date_from']}..{recipe['queries'][0]['date_to']})" if recipe["queries"] else "events()"
    if kind == "forecast_run":
        return f"forecast run {recipe.get('run_id')} (veille.store.forecasts.load_forecast_run)" if recipe.get("run_id") \
            else describe(recipe["call"])
    if kind == "ratio":
        return f"({describe(recipe['numerator'])}) / ({describe(recipe['denominator'])})"
    if kind == "sum":
        return " + ".join(f"({describe(p)})" for p in recipe["parts"])
    if kind == "event":
        return f"{recipe['column']} of event {recipe['event_id']} ({recipe.get('source', '')}; Store.event)"
    if kind == "published":
        return f"published: {recipe['source']}"
    return str(recipe)


def _short(value) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, dict):
        return ",".join(f"{k}:{v}" for k, v in value.items())
    return str(value)


def reproduce(store: Store, figure: Figure | dict, cache: dict | None = None):
    """Recompute a figure from its recipe alone (``cache`` shares results between figures)."""
    recipe = figure.recipe if isinstance(figure, Figure) else figure["recipe"]
    if recipe["kind"] == "events":
        return aggregate_events(store, recipe)
    if recipe["kind"] in ("call", "call_frame"):
        from veille.reports.recipes import call_recipe

        return call_recipe(store, recipe, cache)
    if recipe["kind"] == "ratio":
        top = reproduce(store, {"recipe": recipe["numerator"]}, cache)
        bottom = reproduce(store, {"recipe": recipe["denominator"]}, cache)
        return top / bottom if bottom else None
    if recipe["kind"] == "sum":
        return sum(reproduce(store, {"recipe": part}, cache) for part in recipe["parts"])
    if recipe["kind"] == "event":
        value = store.event(recipe["event_id"])[recipe["column"]]
        return None if value is None or value != value else int(value)
    if recipe["kind"] == "published":  # a cited figure: the recipe names the publication
        return recipe["value"]
    raise InvalidValue(f"figure recipe of unknown kind {recipe['kind']!r}")


__all__ = ["Figure", "FigureBook", "aggregate_events", "describe", "events_recipe", "format_number", "reproduce"]
