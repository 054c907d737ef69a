"""Keep the store's reference tables (admin units, actors, aliases) in step with the
bundled boundaries, the actor registry and the events that point at them."""

from __future__ import annotations

from veille import actors, geo
from veille.store import Store


def refresh_reference(store: Store, admin_units: bool | None = None) -> dict[str, int]:
    """Write admin units (when asked, or when the table is empty) and every actor the
    registry lists or an event resolved to."""
    counts = {}
    if admin_units or (admin_units is None and store.table_counts().get("admin_units", 0) == 0):
        counts["admin_units"] = store.replace_reference("admin_units", geo.admin_units_table())
    counts["actors"] = store.replace_reference("actors", actors.actors_table(store.actor_ids()))
    counts["actor_aliases"] = store.replace_reference("actor_aliases", actors.aliases_table())
    return counts
