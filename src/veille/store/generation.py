"""The data generation: a number that changes after every committed write through a
store, so that a reader may reuse an answer computed at the same generation.

Every connection a ``Store`` hands out is wrapped in ``CountedConnection``, which looks
at each statement's first word: a statement that may change data, run on its own,
bumps the generation once it has returned (committed); inside a transaction it marks
the transaction, and its ``COMMIT`` bumps. Bumping *after* the commit is what keeps a
cached answer fresh: whoever reads the new number reads the new data too.

Bookkeeping writes that no cached read depends on (the audit log, sessions, API
tokens' last use) do not bump, or every request would empty the cache.

One process writes a DuckDB file, so the counter is complete there. On PostgreSQL
other processes may write too; ``current`` then adds the server's WAL position, which
moves forward with every commit anywhere in the cluster (so it errs towards a miss).
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from typing import Any

# A statement's first word, and whether it can only read.
_FIRST = re.compile(r"\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*([A-Za-z]+)", re.S)
_READS = {"SELECT", "DESCRIBE", "SHOW", "EXPLAIN", "SUMMARIZE", "FROM", "VALUES", "TABLE"}
_WRITE_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|COPY)\b", re.I)
_BOOKKEEPING = re.compile(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(audit_log|sessions|tokens)\b", re.I)


class Generation:
    """A counter shared by all connections of one database in this process."""

    def __init__(self) -> None:
        self._value = 0
        self._lock = threading.Lock()

    @property
    def value(self) -> int:
        return self._value

    def bump(self) -> None:
        with self._lock:
            self._value += 1


_REGISTRY: dict[str, Generation] = {}
_REGISTRY_LOCK = threading.Lock()
_MEMORY = itertools.count()


def generation_for(path: str) -> Generation:
    """The one ``Generation`` of the database at ``path`` (each ``:memory:`` its own)."""
    if path in ("", ":memory:") or path.startswith(":memory:"):
        path = f":memory:#{next(_MEMORY)}"
    elif "://" not in path:
        path = os.path.realpath(path)
    with _REGISTRY_LOCK:
        return _REGISTRY.setdefault(path, Generation())


def kind_of(sql: str) -> str:
    """``read``, ``write``, ``bookkeeping``, ``begin``, ``commit`` or ``rollback``."""
    found = _FIRST.match(sql)
    word = found.group(1).upper() if found else ""
    if word in _READS:
        return "read"
    if word == "WITH":
        return "write" if _WRITE_WORDS.search(sql) else "read"
    if word in ("BEGIN", "START"):
        return "begin"
    if word in ("COMMIT", "END"):
        return "commit"
    if word in ("ROLLBACK", "ABORT"):
        return "rollback"
    if word in ("SET", "RESET", "PRAGMA") and not _WRITE_WORDS.search(sql):
        return "read"
    if _BOOKKEEPING.match(sql):
        return "bookkeeping"
    return "write"  # anything else (CALL, CHECKPOINT, an unknown word) is taken to change data


class CountedConnection:
    """A database connection (DuckDB's, or ``PgConnection``) that bumps ``generation``
    after each committed write; everything else passes through unchanged."""

    def __init__(self, con: Any, generation: Generation):
        self._inner = con
        self._generation = generation
        self._open = False  # inside BEGIN … COMMIT/ROLLBACK
        self._dirty = False  # that transaction wrote

    @property
    def generation(self) -> Generation:
        return self._generation

    @property
    def unwrapped(self) -> Any:
        """The connection underneath, for callers that must call it directly (and then
        report their writes with ``executed``)."""
        return self._inner

    def execute(self, sql: str, *args, **kwargs):
        kind = kind_of(sql)
        try:
            result = self._inner.execute(sql, *args, **kwargs)
        except BaseException:
            if kind == "write" and not self._open:
                self._generation.bump()  # it may have done part of its work; a miss costs little
            if kind in ("commit", "rollback"):
                self._open = self._dirty = False
            raise
        self._after(kind)
        return result

    def executemany(self, sql: str, *args, **kwargs):
        result = self._inner.executemany(sql, *args, **kwargs)
        self._after(kind_of(sql))
        return result

    def sql(self, sql: str, *args, **kwargs):
        result = self._inner.sql(sql, *args, **kwargs)
        self._after(kind_of(sql))
        return result

    def executed(self, sql: str) -> None:
        """A statement run on the inner connection directly (a DuckDB replacement scan
        must be called from the frame that holds its data) is counted as if run here."""
        self._after(kind_of(sql))

    def copy_in(self, *args, **kwargs):  # PostgreSQL's bulk load
        result = self._inner.copy_in(*args, **kwargs)
        self._after("write")
        return result

    def _after(self, kind: str) -> None:
        if kind == "begin":
            self._open, self._dirty = True, False
        elif kind == "commit":
            if self._dirty:
                self._generation.bump()
            self._open = self._dirty = False
        elif kind == "rollback":
            self._open = self._dirty = False
        elif kind == "write":
            if self._open:
                self._dirty = True
            else:
                self._generation.bump()

    def cursor(self) -> CountedConnection:
        return CountedConnection(self._inner.cursor(), self._generation)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


__all__ = ["CountedConnection", "Generation", "generation_for", "kind_of"]
