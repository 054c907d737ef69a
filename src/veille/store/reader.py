"""A reader's own view of the database: a connection on which every table of
TLP-marked records is a temporary view of the rows one ``Audience`` may see.

Whatever runs over it — the brief builder, an analysis, any SQL in any module — gets
answers at that reader's clearance, because the narrowing is in the database's name
resolution, not in the code that asks. Writes to those tables fail (they are views).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from veille.store.audience import Audience
from veille.store.core import Store

# table → (kind of record, its id column)
MARKED_TABLES = {"events": ("event", "event_id"), "alerts": ("alert", "alert_id"),
                 "responses": ("response", "response_id"), "reports": ("report", "report_id")}


def _qualifier(store: Store) -> str:
    if store.dialect.name == "postgres":  # the schema the store's URL names, or public
        name = store._con.execute("SELECT current_schema()").fetchall()[0][0]
        return '"' + name.replace('"', '""') + '".'
    database = store._con.execute("SELECT current_database()").fetchall()[0][0]
    return '"' + database.replace('"', '""') + '".main.'


@contextlib.contextmanager
def reader_store(store: Store, audience: Audience) -> Iterator[Store]:
    """A Store over its own connection, narrowed to what ``audience`` may see."""
    reader = Store(store.path, migrate=False) if store.dialect.name == "postgres" else store.clone()
    try:
        where = _qualifier(reader)
        for table, (kind, key) in MARKED_TABLES.items():
            reader._con.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM {where}{table} "
                                f"WHERE {audience.visible_literal(kind, key)}")
        if reader.dialect.name == "postgres":
            # PostgreSQL would write through a simple view to its table: this reader writes nothing
            reader._con.execute("SET default_transaction_read_only = on")
        yield reader
    finally:
        with contextlib.suppress(*reader._backend.errors):
            for table in MARKED_TABLES:
                reader._con.execute(f"DROP VIEW IF EXISTS {table}")
        reader.close()


__all__ = ["MARKED_TABLES", "reader_store"]
