"""Batch work past one process: a Dask ``distributed`` cluster, given by its scheduler's
address or started here with N local worker processes (the ``[dask]`` extra).

The work is always split the same way — one task per independent piece, results put
back in the order of the pieces — so a run on a cluster gives exactly what the same
run gives in one process; only the time differs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from veille import settings
from veille.errors import SettingError, VeilleError


class ClusterError(VeilleError):
    """The Dask cluster could not be reached or started."""

    status = 503


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ClusterError("running on a Dask cluster needs the [dask] extra: pip install 'veille[dask]'") from None
    return distributed


@contextlib.contextmanager
def dask_client(address: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to the scheduler at ``address`` (default the setting
    ``dask_scheduler``), or else to a local cluster of ``workers`` processes (default
    ``dask_workers``) with one thread each, closed on the way out."""
    distributed = _distributed()
    address = address if address is not None else settings.get("dask_scheduler")
    if address:
        try:
            client = distributed.Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    workers = settings.get("dask_workers", workers)
    if workers < 1:
        raise SettingError(f"a local cluster needs at least one worker, got {workers}")
    # One thread per worker: the models train single-threaded, and processes keep the
    # GIL out of the way. No dashboard: nothing here serves pages.
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def map_ordered(fn: Callable[..., Any], items: Sequence[Any], client: Any = None,
                **shared: Any) -> list[Any]:
    """``[fn(item, **shared) for item in items]``, on the cluster when ``client`` is given:
    ``shared`` (large inputs every task reads) is sent to each worker once, one task
    runs per item, and the results come back in the order of ``items``."""
    if client is None:
        return [fn(item, **shared) for item in items]
    scattered = {name: client.scatter(value, broadcast=True, hash=False) for name, value in shared.items()}
    futures = client.map(fn, list(items), pure=False, **scattered)
    try:
        return client.gather(futures)
    finally:
        for future in futures:
            future.release()


__all__ = ["ClusterError", "dask_client", "map_ordered"]
