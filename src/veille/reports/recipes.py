"""Recipes that call library functions: how a brief's computed figures are reproduced.

A ``call`` recipe: ``{"kind": "call", "function": "veille.impact.growth_effect",
"params": {...}, "inputs": {name: sub-recipe}, "attribute": "coef"}`` or, for a
DataFrame result, ``"select": {column: value}`` and ``"column"`` (and ``"reduce": "sum"``
when several rows are selected). Sub-recipes: ``events_frame`` (store queries, one per
country and source, read with the analysis columns), ``forecast_run`` (a stored forecast
run by id, or the forecast call that made it) and nested ``call`` recipes.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pandas as pd

from veille.errors import InvalidValue
from veille.store import EventFilter, Store

ALLOWED = {
    "veille.impact.growth_effect", "veille.impact.displacement_model", "veille.impact.displacement",
    "veille.impact.sahel_arrivals", "veille.impact.project_growth_impact", "veille.impact.project_displacement",
    "veille.impact.annual_fatalities", "veille.impact.observed_fatalities", "veille.impact.civilian_harm",
    "veille.impact.military_expenditure", "veille.impact.military_trends", "veille.impact.stale_figures",
    "veille.analysis.conflict_indicators", "veille.analysis.spillover", "veille.analysis.emerging_hotspots",
    "veille.forecast.forecast", "veille.reports.brief.near_border_events",
}


def events_frame_recipe(queries: list[dict]) -> dict:
    return {"kind": "events_frame", "queries": queries}


def call(function: str, params: dict | None = None, inputs: dict | None = None, **read) -> dict:
    if function not in ALLOWED:
        raise InvalidValue(f"{function} is not a function recipes may call")
    recipe = {"kind": "call", "function": function, "params": params or {}, "inputs": inputs or {}}
    recipe.update(read)
    return recipe


def _query(query: dict) -> EventFilter:
    from veille.analysis import ANALYSIS_COLUMNS

    fields = dict(query)
    for key in ("date_from", "date_to"):
        if key in fields:
            fields[key] = dt.date.fromisoformat(fields[key])
    for key in ("countries", "sources", "event_types"):
        if key in fields:
            fields[key] = tuple(fields[key])
    return EventFilter(**fields, columns=ANALYSIS_COLUMNS)


def evaluate(store: Store, recipe: dict, cache: dict | None = None):
    """The result a (sub-)recipe stands for; ``cache`` keeps results across figures."""
    if cache is not None:
        import json

        key = json.dumps({k: v for k, v in recipe.items() if k not in ("select", "column", "reduce", "attribute",
                                                                      "between", "endswith", "scale")},
                         sort_keys=True, default=str)
        if key not in cache:
            cache[key] = _evaluate(store, recipe, cache)
        return cache[key]
    return _evaluate(store, recipe, None)


def _evaluate(store: Store, recipe: dict, cache: dict | None):
    kind = recipe["kind"]
    if kind == "events_frame":
        from veille.analysis import ANALYSIS_COLUMNS

        parts = [store.events(_query(q)) for q in recipe["queries"]]
        parts = [p for p in parts if len(p)]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(ANALYSIS_COLUMNS))
    if kind == "forecast_run":
        if recipe.get("run_id"):
            from veille.store.forecasts import load_forecast_run

            frame = load_forecast_run(store, recipe["run_id"])
            frame.attrs["target"] = recipe.get("target", frame.attrs.get("target"))
            return frame
        return evaluate(store, recipe["call"], cache)
    if kind == "call":
        module, _, name = recipe["function"].rpartition(".")
        if recipe["function"] not in ALLOWED:
            raise InvalidValue(f"{recipe['function']} is not a function recipes may call")
        function = getattr(importlib.import_module(module), name)
        params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in recipe.get("params", {}).items()}
        if recipe["function"] == "veille.forecast.forecast":
            from veille.model import Horizon, Month

            params["train_end"] = Month.parse(params["train_end"])
            params["horizons"] = Horizon.parse(params["horizons"])
            params["store"] = store
        if recipe["function"] == "veille.impact.observed_fatalities":
            from veille.model import Month

            params["end"] = Month.parse(params["end"])
            params["store"] = store
        if "months" in params and isinstance(params["months"], str):
            from veille.model import MonthRange

            params["months"] = MonthRange.parse(params["months"])
        if "sources" in params and isinstance(params["sources"], dict):
            params["sources"] = dict(params["sources"])
        inputs = {k: evaluate(store, v, cache) for k, v in recipe.get("inputs", {}).items()}
        return function(**inputs, **params)
    raise InvalidValue(f"unknown recipe kind {kind!r}")


def read(result, recipe: dict, what: str):
    """The figure a recipe reads from a result: an attribute, or a cell (or the sum,
    max or count of cells) of the rows it selects."""
    import numpy as np

    scale = recipe.get("scale", 1)
    if "attribute" in recipe:
        return getattr(result, recipe["attribute"]) * scale
    if not isinstance(result, pd.DataFrame):
        raise InvalidValue(f"recipe of {what} reads nothing from its result")
    rows = result
    for column, value in recipe.get("select", {}).items():
        rows = rows[rows[column].astype(str) == str(value)]
    for column, (low, high) in recipe.get("between", {}).items():
        values = rows[column]
        if pd.api.types.is_numeric_dtype(values):
            rows = rows[(values >= float(low)) & (values <= float(high))]
        else:
            rows = rows[(values.astype(str) >= str(low)) & (values.astype(str) <= str(high))]
    for column, suffix in recipe.get("endswith", {}).items():
        rows = rows[rows[column].astype(str).str.endswith(suffix)]
    if recipe.get("draws") == "sum":
        totals = np.sum(np.stack([np.asarray(d, dtype=float) for d in rows["draws"]]), axis=0)
        statistic = recipe["statistic"]
        return float(np.median(totals)) if statistic == "median" else float(np.quantile(totals, float(statistic[1:]) / 100))
    reduce = recipe.get("reduce")
    if reduce == "sum":
        value = rows[recipe["column"]].sum()
    elif reduce == "max":
        value = rows[recipe["column"]].max() if len(rows) else None
    elif reduce == "count":
        value = len(rows)
    else:
        if len(rows) != 1:
            raise InvalidValue(f"recipe selects {len(rows)} rows of {what}, expected one")
        value = rows[recipe["column"]].iloc[0]
    value = value.item() if hasattr(value, "item") else value
    return None if value is None else value * scale


def call_recipe(store: Store, recipe: dict, cache: dict | None = None):
    """Evaluate a call recipe and read the figure from its result."""
    if recipe["kind"] == "call_frame":
        return read(evaluate(store, recipe["input"], cache), recipe, "a forecast")
    return read(evaluate(store, recipe, cache), recipe, recipe["function"])


__all__ = ["ALLOWED", "call", "call_recipe", "evaluate", "events_frame_recipe"]
