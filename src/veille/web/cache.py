"""Caches of the web process.

``ResultCache``: a small time-bounded cache for analysis pages: the same reader,
filters and data within ``seconds`` get the same result without recomputing Gi* or the
spillover table. ``ResponseCache``: whole encoded answers of the read API routes, for
one data generation of the store (``veille.store.generation``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any


class ResultCache:
    def __init__(self, seconds: float, size: int = 64):
        self.seconds = seconds
        self.size = size
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit and now - hit[0] < self.seconds:
                self._items.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclass(frozen=True)
class Answer:
    """An encoded answer: its body, media type, ETag, and what the route needs besides
    (an export's row count for the audit log)."""

    body: bytes
    media_type: str
    etag: str
    extra: Any = None


def answer(body: bytes, media_type: str = "application/json", extra: Any = None) -> Answer:
    return Answer(body, media_type, '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"', extra)


class ResponseCache:
    """Encoded answers of the read routes, keyed by the route, its query and the reader
    (see ``veille.web.api.cached``), valid for one data generation of the store and at
    most ``seconds``. A new generation empties the cache: after any committed write no
    answer computed before it is served again. Concurrent misses of one key compute it
    once. Bounded by entries and by bytes; answers bigger than ``largest`` are not kept."""

    def __init__(self, seconds: float, size: int = 2048, max_bytes: int = 256 << 20, largest: int = 16 << 20):
        self.seconds, self.size, self.max_bytes, self.largest = seconds, size, max_bytes, largest
        self._items: OrderedDict[Hashable, tuple[float, Answer]] = OrderedDict()
        self._bytes = 0
        self._generation: Hashable = None
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = self.misses = 0

    def _lookup(self, key: Hashable, generation: Hashable, now: float) -> Answer | None:
        if generation != self._generation:
            self._items.clear()
            self._bytes = 0
            self._generation = generation
            return None
        hit = self._items.get(key)
        if hit and now - hit[0] < self.seconds:
            self._items.move_to_end(key)
            return hit[1]
        return None

    def get(self, key: Hashable, generation: Hashable, compute: Callable[[], Answer]) -> Answer:
        """The answer for ``key`` at ``generation`` (read before the data are), computed
        when missing. ``generation`` must be read before any of the data it guards."""
        with self._lock:
            found = self._lookup(key, generation, time.monotonic())
            if found is not None:
                self.hits += 1
                return found
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            with self._lock:  # another thread may have computed it meanwhile
                found = self._lookup(key, generation, time.monotonic())
                if found is not None:
                    self.hits += 1
                    return found
            started = time.monotonic()
            try:
                value = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self.misses += 1
                if generation == self._generation and len(value.body) <= self.largest:
                    old = self._items.pop(key, None)
                    if old:
                        self._bytes -= len(old[1].body)
                    self._items[key] = (started, value)
                    self._bytes += len(value.body)
                    while self._items and (len(self._items) > self.size or self._bytes > self.max_bytes):
                        _, (_, dropped) = self._items.popitem(last=False)
                        self._bytes -= len(dropped.body)
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
