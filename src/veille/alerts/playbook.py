"""The response playbook: a data file mapping alert kinds and indicator levels to
recommended responses, and the function that reads alerts and indicators against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from veille.alerts.rules import CHECKS, SEVERITIES
from veille.errors import InputRefused, InvalidValue
from veille.store.responses import CATEGORIES

PLAYBOOK_FILE = Path(__file__).with_name("playbook.yaml")
INDICATORS = ("deadliness", "danger_to_civilians", "diffusion", "fragmentation", "civilian_fatality_share",
              "sahel_new_arrivals", "growth_impact_pp_lost", "projected_idps_increase")
RECOMMENDATION_COLUMNS = ("entry_id", "category", "action", "action_fr", "owner", "due_days", "country_iso3",
                          "trigger", "trigger_value", "alert_ids")


@dataclass(frozen=True)
class PlaybookEntry:
    id: str
    category: str
    action: str
    action_fr: str
    owner: str
    due_days: int
    alert_kinds: tuple[str, ...] = ()
    min_severity: str = "low"
    indicator: str | None = None
    at_least: float | None = None
    countries: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise InvalidValue(f"entry {self.id}: category must be one of {', '.join(CATEGORIES)}, "
                               f"got {self.category!r}")
        if bool(self.alert_kinds) == bool(self.indicator):
            raise InvalidValue(f"entry {self.id}: 'when' needs either alert_kinds or an indicator, not both")
        unknown = [k for k in self.alert_kinds if k not in CHECKS]
        if unknown:
            raise InvalidValue(f"entry {self.id}: unknown alert kind(s) {', '.join(unknown)} "
                               f"(kinds: {', '.join(CHECKS)})")
        if self.min_severity not in SEVERITIES:
            raise InvalidValue(f"entry {self.id}: min_severity must be one of {', '.join(SEVERITIES)}")
        if self.indicator and self.indicator not in INDICATORS:
            raise InvalidValue(f"entry {self.id}: indicator must be one of {', '.join(INDICATORS)}, "
                               f"got {self.indicator!r}")
        if self.indicator and self.at_least is None:
            raise InvalidValue(f"entry {self.id}: an indicator entry needs at_least")
        if self.due_days < 0:
            raise InvalidValue(f"entry {self.id}: due_days must not be negative")
        if not self.action.strip() or not self.action_fr.strip():
            raise InvalidValue(f"entry {self.id}: action and action_fr are both required")


def load_playbook(path: str | Path | None = None) -> list[PlaybookEntry]:
    """The entries of ``path`` (the bundled playbook.yaml by default), checked."""
    path = Path(path) if path else PLAYBOOK_FILE
    expected = "entries: [{id, category, when, action, action_fr, owner, due_days}]"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputRefused(str(path), f"cannot be read ({exc.strerror})", "a YAML response playbook") from None
    except yaml.YAMLError as exc:
        raise InputRefused(str(path), f"is not valid YAML ({exc})", "a YAML response playbook") from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise InputRefused(str(path), "has no list under 'entries'", expected)
    entries, seen = [], set()
    for number, raw in enumerate(document["entries"], start=1):
        if not isinstance(raw, dict):
            raise InputRefused(str(path), f"entry {number} is not a mapping", expected)
        unknown = set(raw) - {"id", "category", "when", "action", "action_fr", "owner", "due_days"}
        if unknown:
            raise InputRefused(str(path), f"entry {number} has unknown key(s) {sorted(unknown)}", expected)
        when = raw.get("when") or {}
        if not isinstance(when, dict) or set(when) - {"alert_kinds", "min_severity", "indicator", "at_least",
                                                       "countries"}:
            raise InputRefused(str(path), f"entry {number}: 'when' must hold alert_kinds/min_severity or "
                                          "indicator/at_least, and optionally countries")
        try:
            entry = PlaybookEntry(
                id=str(raw.get("id", "")), category=str(raw.get("category", "")), action=str(raw.get("action", "")),
                action_fr=str(raw.get("action_fr", "")), owner=str(raw.get("owner", "")),
                due_days=int(raw.get("due_days", 14)), alert_kinds=tuple(when.get("alert_kinds") or ()),
                min_severity=str(when.get("min_severity", "low")), indicator=when.get("indicator"),
                at_least=None if when.get("at_least") is None else float(when["at_least"]),
                countries=tuple(when.get("countries") or ()))
        except (InvalidValue, TypeError, ValueError) as exc:
            raise InputRefused(str(path), f"entry {number}: {getattr(exc, 'message', exc)}") from None
        if not entry.id or entry.id in seen:
            raise InputRefused(str(path), f"entry {number}: id {entry.id!r} is empty or occurs twice", "unique ids")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def recommend(alerts: pd.DataFrame, indicators: pd.DataFrame | None = None,
              playbook: list[PlaybookEntry] | None = None) -> pd.DataFrame:
    """What the playbook recommends, one row per entry and country.

    ``alerts``: rows of ``list_alerts`` (kind, severity, country_iso3, alert_id, title).
    ``indicators``: rows of country_iso3, indicator, value (the brief's latest levels).
    Columns: entry_id, category, action, action_fr, owner, due_days, country_iso3,
    trigger (what fired: alert kinds or ``indicator >= level``), trigger_value (the
    indicator's value, or the number of alerts), alert_ids (list)."""
    playbook = load_playbook() if playbook is None else playbook
    rows = []
    for entry in playbook:
        if entry.alert_kinds and len(alerts):
            rank = SEVERITIES.index(entry.min_severity)
            hit = alerts[alerts["kind"].isin(entry.alert_kinds)
                         & (alerts["severity"].map(SEVERITIES.index) >= rank)]
            if entry.countries:
                hit = hit[hit["country_iso3"].isin(entry.countries)]
            for country, group in hit.groupby(hit["country_iso3"].fillna("")):
                rows.append(_row(entry, country or None, " or ".join(sorted(set(group["kind"]))), float(len(group)),
                                 sorted(group["alert_id"])))
        elif entry.indicator and indicators is not None and len(indicators):
            hit = indicators[(indicators["indicator"] == entry.indicator) & (indicators["value"] >= entry.at_least)]
            if entry.countries:
                hit = hit[hit["country_iso3"].isin(entry.countries)]
            for row in hit.itertuples(index=False):
                rows.append(_row(entry, row.country_iso3, f"{entry.indicator} >= {entry.at_least:g}",
                                 float(row.value), []))
    return pd.DataFrame(rows, columns=list(RECOMMENDATION_COLUMNS))


def _row(entry: PlaybookEntry, country: str | None, trigger: str, value: float, alert_ids: list[str]) -> dict:
    return {"entry_id": entry.id, "category": entry.category, "action": entry.action, "action_fr": entry.action_fr,
            "owner": entry.owner, "due_days": entry.due_days, "country_iso3": country, "trigger": trigger,
            "trigger_value": value, "alert_ids": alert_ids}


__all__ = ["INDICATORS", "PLAYBOOK_FILE", "RECOMMENDATION_COLUMNS", "PlaybookEntry", "load_playbook", "recommend"]
