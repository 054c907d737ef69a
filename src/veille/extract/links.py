"""Reports of the same event: two outlets' stories, a wire and its reprint, a news story
and the curated ACLED or UCDP record. They are linked, never merged: each keeps what
its source said, and analyses count the event once.

Two events are candidates when they share the country, their dates fall within each
other's precision (a day either side for day-precise dates: night attacks and late
reports shift them), and their regions do not contradict each other. A candidate pair
is scored on what else agrees — admin-2 unit, place name or distance, event type and
sub-type, actors, fatalities — and linked above ``THRESHOLD``. Each event links to at
most one event of any other article or source record.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from veille.geo.names import name_key

THRESHOLD = 4.0
METHOD = "extract.links v1: date window, admin units, place, type, actors, fatalities"


@dataclass(frozen=True)
class Linkable:
    """The fields linking looks at, from an extracted event or a stored one."""

    id: str
    group: str  # article id or source record: events of one group are never linked to each other
    event_date: dt.date | None
    date_precision: int
    country_iso3: str | None
    admin1_pcode: str | None
    admin1: str | None
    admin2_pcode: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None


def from_extracted(item_id: str, event, group: str) -> Linkable:
    return Linkable(item_id, group, event.event_date, event.date_precision or 1, event.country_iso3,
                    event.admin1_pcode, event.admin1, event.admin2_pcode, event.admin2, event.location,
                    event.latitude, event.longitude, event.event_type, event.sub_event_type, event.actor1,
                    event.actor2, event.fatalities)


def _window(a: Linkable, b: Linkable) -> int:
    widest = max(a.date_precision or 1, b.date_precision or 1)
    return {1: 1, 2: 7, 3: 31}.get(widest, 1)


def _km(a: Linkable, b: Linkable) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat = math.radians((a.latitude + b.latitude) / 2)
    dx = (a.longitude - b.longitude) * 111.32 * math.cos(lat)
    dy = (a.latitude - b.latitude) * 110.57
    return math.hypot(dx, dy)


def pair_score(a: Linkable, b: Linkable) -> float | None:
    """How strongly two events look like one; None when they cannot be the same."""
    if a.group == b.group:
        return None
    if a.country_iso3 and b.country_iso3 and a.country_iso3 != b.country_iso3:
        return None
    if a.event_date is None or b.event_date is None:
        return None
    gap = abs((a.event_date - b.event_date).days)
    if gap > _window(a, b):
        return None
    a1 = a.admin1_pcode or (name_key(a.admin1) if a.admin1 else None)
    b1 = b.admin1_pcode or (name_key(b.admin1) if b.admin1 else None)
    if a1 and b1 and a1 != b1:
        return None
    score = 2.0 if gap == 0 else 1.0
    if a1 and b1:
        score += 1.0
    a2 = a.admin2_pcode or (name_key(a.admin2) if a.admin2 else None)
    b2 = b.admin2_pcode or (name_key(b.admin2) if b.admin2 else None)
    if a2 and b2:
        score += 1.5 if a2 == b2 else -1.5
    if a.location and b.location and name_key(a.location) == name_key(b.location):
        score += 1.5
    else:
        km = _km(a, b)
        if km is not None:
            score += 1.0 if km < 15 else 0.0 if km < 60 else -1.5
    if a.event_type and b.event_type:
        score += 1.5 if a.event_type == b.event_type else -1.5
        if a.sub_event_type and a.sub_event_type == b.sub_event_type:
            score += 0.5
    actors_a = {x for x in (a.actor1, a.actor2) if x}
    actors_b = {x for x in (b.actor1, b.actor2) if x}
    if actors_a and actors_b:
        score += 0.5 * len(actors_a & actors_b) - (0.5 if not actors_a & actors_b else 0.0)
    if a.fatalities is not None and b.fatalities is not None:
        low, high = sorted((a.fatalities, b.fatalities))
        if low == high:
            score += 0.5 if low else 0.0
        elif high > 3 * max(low, 1) and high - low > 3:
            score -= 1.0
    return score


def best_links(items: Sequence[Linkable], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """Linked pairs (id, id, score): each event's best match in every other group, kept
    when above the threshold and mutual."""
    by_country: dict[str | None, list[Linkable]] = {}
    for item in items:
        by_country.setdefault(item.country_iso3, []).append(item)
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for group in by_country.values():
        group = sorted(group, key=lambda x: x.event_date or dt.date.min)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.event_date and b.event_date and (b.event_date - a.event_date).days > 31:
                    break
                score = pair_score(a, b)
                if score is None or score < threshold:
                    continue
                for x, y in ((a, b), (b, a)):
                    key = (x.id, y.group)
                    if key not in best or score > best[key][0]:
                        best[key] = (score, y.id)
    groups = {item.id: item.group for item in items}
    out = []
    for (x, _y_group), (score, y) in best.items():
        back = best.get((y, groups[x]))
        if back and back[1] == x and x < y:
            out.append((x, y, round(score, 2)))
    return sorted(out)


def link_events(events: Iterable[tuple[str, object, object]], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """Links among extracted events: (id, ExtractedEvent, Article) triples."""
    items = [from_extracted(item_id, event, getattr(article, "id", str(article))) for item_id, event, article in events]
    return best_links(items, threshold)
