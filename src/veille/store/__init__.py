"""The one door to persistence.

``Store`` speaks in DataFrames and Arrow tables; the SQL behind it is the subset
DuckDB and PostgreSQL share, with dialect differences kept in ``schema.Dialect``
and the backend module. Nothing outside ``store/`` writes SQL.
"""

from __future__ import annotations

from veille.store.core import EventFilter, MergeCounts, Store, open_store

__all__ = ["EventFilter", "MergeCounts", "Store", "open_store"]
