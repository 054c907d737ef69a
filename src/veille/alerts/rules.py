"""Alert rules from a YAML file, and the checks behind each kind of rule.

A check takes the analysis event frame and one ``Rule`` and returns ``Alert`` values.
An alert's id is a hash of (rule id, unit, period), so a rule that fires again on a
later run for the same unit and period yields the same id and the store keeps one row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from veille.analysis._frame import month_index, month_label, political_violence
from veille.analysis.actors import involvements
from veille.analysis.indicators import ARMED_GROUP_TYPES
from veille.analysis.spillover import newly_affected_units
from veille.analysis.trends import monthly_counts, surges, unit_column
from veille.countries import country_name
from veille.errors import InputRefused, InvalidValue
from veille.model import Tlp

RULES_FILE = Path(__file__).with_name("rules.yaml")
SEVERITIES = ("low", "medium", "high", "critical")
STATE_FORCES = 1


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    title: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    countries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id or not str(self.id).replace("-", "").replace("_", "").isalnum():
            raise InvalidValue(f"a rule id must be letters, digits, - and _, got {self.id!r}")
        if self.kind not in CHECKS:
            raise InvalidValue(f"rule {self.id}: kind must be one of {', '.join(CHECKS)}, got {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise InvalidValue(f"rule {self.id}: severity must be one of {', '.join(SEVERITIES)}, "
                               f"got {self.severity!r}")

    def param(self, name: str, default: Any) -> Any:
        return self.params.get(name, default)


@dataclass(frozen=True)
class Alert:
    alert_id: str
    rule: str
    kind: str
    severity: str
    country_iso3: str | None
    unit: str | None
    unit_name: str | None
    period: str
    title: str
    detail: str
    value: float | None
    evidence: tuple[str, ...]
    tlp: str = Tlp.GREEN.value
    new: bool = True

    def as_dict(self) -> dict:
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["evidence"] = list(self.evidence)
        return out


def alert_id(rule_id: str, unit: str | None, period: str) -> str:
    return hashlib.sha256(f"{rule_id}|{unit or ''}|{period}".encode()).hexdigest()[:20]


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """The rules in ``path`` (the bundled rules.yaml by default), checked."""
    path = Path(path) if path else RULES_FILE
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputRefused(str(path), f"cannot be read ({exc.strerror})", "a YAML file of alert rules") from None
    except yaml.YAMLError as exc:
        raise InputRefused(str(path), f"is not valid YAML ({exc})", "a YAML file of alert rules") from None
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise InputRefused(str(path), "has no list under 'rules'", "rules: [{id, kind, severity, title, params}]")
    rules, seen = [], set()
    for number, entry in enumerate(document["rules"], start=1):
        if not isinstance(entry, dict):
            raise InputRefused(str(path), f"rule {number} is not a mapping", "id, kind, severity, title, params")
        unknown = set(entry) - {"id", "kind", "severity", "title", "params", "countries"}
        if unknown:
            raise InputRefused(str(path), f"rule {number} has unknown key(s) {sorted(unknown)}",
                               "id, kind, severity, title, params, countries")
        try:
            rule = Rule(id=str(entry.get("id", "")), kind=str(entry.get("kind", "")),
                        severity=str(entry.get("severity", "")), title=str(entry.get("title", "{rule}")),
                        params=dict(entry.get("params") or {}), countries=tuple(entry.get("countries") or ()))
        except InvalidValue as exc:
            raise InputRefused(str(path), f"rule {number}: {exc.message}") from None
        if rule.id in seen:
            raise InputRefused(str(path), f"rule id {rule.id!r} occurs twice", "unique rule ids")
        seen.add(rule.id)
        rules.append(rule)
    return rules


# ---- building alerts ---------------------------------------------------------------

def _tlp_of(events: pd.DataFrame, ids) -> str:
    """The most restrictive TLP among the evidence: an alert is as sensitive as its events."""
    if "tlp" not in events.columns:
        return Tlp.GREEN.value
    levels = events.loc[events["event_id"].isin(list(ids)), "tlp"].dropna().map(lambda t: Tlp(t).rank)
    return list(Tlp)[int(levels.max())].value if len(levels) else Tlp.GREEN.value


def _make(rule: Rule, events: pd.DataFrame, country: str | None, unit: str | None, unit_name: str | None,
          period: str, value: float | None, evidence, detail: str, **extra) -> Alert:
    names = {"rule": rule.id, "country": country_name(country) if country else "", "unit": unit or "",
             "unit_name": unit_name or unit or "", "period": period, "value": value or 0, **rule.params, **extra}
    try:
        title = rule.title.format(**names)
    except (KeyError, ValueError, IndexError):
        title = f"{rule.id}: {unit_name or unit} ({country}) {period}"
    evidence = tuple(sorted(set(evidence)))
    return Alert(alert_id(rule.id, unit, period), rule.id, rule.kind, rule.severity, country, unit, unit_name,
                 period, title, detail, None if value is None else float(value), evidence,
                 _tlp_of(events, evidence))


def _names(events: pd.DataFrame, column: str) -> dict:
    name_column = column.replace("_pcode", "")
    if name_column == column or name_column not in events.columns:
        return {}
    pairs = events[[column, name_column]].dropna().drop_duplicates(column)
    return dict(zip(pairs[column].astype(str), pairs[name_column]))


def check_new_admin2(events: pd.DataFrame, rule: Rule) -> list[Alert]:
    lookback = int(rule.param("lookback", 12))
    names = _names(events, "admin2_pcode")
    found = newly_affected_units(events, level=2, lookback=lookback)
    out = []
    for row in found.itertuples(index=False):
        detail = ("first political-violence event on record" if row.first_ever else
                  f"first political-violence event after {row.quiet_months} quiet months")
        out.append(_make(rule, events, row.country_iso3, row.pcode, names.get(row.pcode), row.month,
                         row.events, row.event_ids, detail, lookback=lookback))
    return out


def check_surge(events: pd.DataFrame, rule: Rule) -> list[Alert]:
    unit = rule.param("unit", "admin1")
    names = _names(events, unit_column(unit))
    table = surges(events, unit=unit, min_events=int(rule.param("min_events", 3)))
    out = []
    for row in table[table["surge"]].itertuples(index=False):
        detail = (f"{row.week_events} political-violence events in the week to {row.week_end}, against a weekly "
                  f"average of {row.previous_weekly_average:.2f} in the four weeks before")
        out.append(_make(rule, events, row.country_iso3, row.unit, names.get(row.unit, row.unit), str(row.week_end),
                         row.week_events, row.event_ids, detail))
    return out


def check_fatalities(events: pd.DataFrame, rule: Rule) -> list[Alert]:
    unit = rule.param("unit", "admin1")
    threshold = float(rule.param("threshold", 50))
    column = unit_column(unit)
    names = _names(events, column)
    counts = monthly_counts(events, unit)
    over = counts[counts["fatalities"] >= threshold]
    if over.empty:
        return []
    pv = political_violence(events).dropna(subset=[column])
    keys = pd.Series(pv[column].astype(str).to_numpy() + "|" + month_label(month_index(pv["event_date"])))
    ids = pd.Series(pv["event_id"].to_numpy()).groupby(keys.to_numpy()).agg(list)
    out = []
    for row in over.itertuples(index=False):
        out.append(_make(rule, events, row.country_iso3, row.unit, names.get(row.unit, row.unit), row.month,
                         row.fatalities, ids.get(f"{row.unit}|{row.month}", []),
                         f"{row.fatalities} fatalities in {row.events} political-violence events (threshold "
                         f"{threshold:g})"))
    return out


def check_security_forces_near_border(events: pd.DataFrame, rule: Rule) -> list[Alert]:
    max_km = float(rule.param("max_km", 50))
    pv = political_violence(events)
    hit = pv[(pv["inter2"] == STATE_FORCES) & pv["inter1"].isin(ARMED_GROUP_TYPES) & (pv["border_km"] <= max_km)]
    hit = hit.dropna(subset=["admin2_pcode"]).assign(month=lambda f: month_label(month_index(f["event_date"]))
                                                     if len(f) else [])
    out = []
    for (pcode, month), group in hit.groupby(["admin2_pcode", "month"]):
        nearest = float(group["border_km"].min())
        out.append(_make(rule, events, group["country_iso3"].iloc[0], pcode, group["admin2"].iloc[0], month, nearest,
                         group["event_id"], f"{len(group)} attack(s) by armed groups on state forces within "
                         f"{max_km:g} km of the Sahel front; nearest {nearest:.1f} km",
                         fatalities=int(group["fatalities"].sum())))
    return out


def check_new_actor(events: pd.DataFrame, rule: Rule) -> list[Alert]:
    level = rule.param("level", "country")
    column = {"country": "country_iso3", "admin1": "admin1_pcode"}.get(level)
    if column is None:
        raise InvalidValue(f"rule {rule.id}: level must be country or admin1, got {level!r}")
    excluded = tuple(rule.param("exclude_prefixes", []))
    names = _names(events, column)
    rows = involvements(political_violence(events)).dropna(subset=[column])
    rows = rows[rows["role"].isin(["actor1", "actor2"])]  # associated actors' types are not recorded
    kind = rows["inter1"].where(rows["role"] == "actor1", rows["inter2"])
    rows = rows[kind.isin(ARMED_GROUP_TYPES)]
    if excluded:
        rows = rows[~rows["actor"].str.startswith(excluded)]
    first = rows.sort_values(["event_date", "event_id"]).drop_duplicates(["actor", column])
    out = []
    for row in first.itertuples(index=False):
        area = getattr(row, column)
        month = month_label(month_index(pd.Series([row.event_date])))[0]
        unit = f"{area}:{row.actor}"
        out.append(_make(rule, events, row.country_iso3, unit, names.get(str(area), country_name(row.country_iso3)),
                         month, None, [row.event_id], f"first political-violence event of {row.actor} in {area}",
                         actor=row.actor))
    return out


CHECKS: dict[str, Callable[[pd.DataFrame, Rule], list[Alert]]] = {
    "new_admin2": check_new_admin2,
    "surge": check_surge,
    "fatalities": check_fatalities,
    "security_forces_near_border": check_security_forces_near_border,
    "new_actor": check_new_actor,
}

__all__ = ["CHECKS", "RULES_FILE", "SEVERITIES", "Alert", "Rule", "alert_id", "load_rules"]
