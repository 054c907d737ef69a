"""Imports through the API (administrators): a partner's UCDP, ACLED or GDELT file is
checked at once — refused before anything is written when it is not what it claims —
then imported in the background by the same code as ``veille ingest``, in the server's
own process (the one that holds the database). Every import is in the audit log."""

from __future__ import annotations

import concurrent.futures
import secrets
import shutil
import tempfile
from pathlib import Path

from veille.errors import InvalidValue, NotFound
from veille.store import access
from veille.web.auth import require

SOURCES = ("ucdp", "ucdp_candidate", "acled", "gdelt")


def _worker(app) -> concurrent.futures.ThreadPoolExecutor:
    if getattr(app.state, "import_worker", None) is None:
        app.state.import_worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="veille-import")
    return app.state.import_worker


def start_import(ctx, source: str, filename: str, stream) -> dict:
    """Save the upload, sniff it (refusing a bad file now), import it in the background."""
    from veille.sources.ingest import ingest_layout, sniff_all
    from veille.sources.reference import refresh_reference

    user = require(ctx.caller, "admin")
    if source not in SOURCES:
        raise InvalidValue(f"source must be one of {', '.join(SOURCES)}, got {source[:20]!r}")
    folder = Path(tempfile.mkdtemp(prefix="veille-upload-"))
    name = Path(filename or "upload.csv").name or "upload.csv"
    path = folder / name
    with open(path, "wb") as out:
        shutil.copyfileobj(stream, out, 1 << 20)
    try:
        [layout] = sniff_all(source, [path])
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job_id = "i_" + secrets.token_hex(6)
    jobs = ctx.request.app.state.import_jobs
    jobs[job_id] = {"job_id": job_id, "source": source, "file": name, "status": "running", "counts": None,
                    "error": None}
    access.audit(ctx.store, "import.start", user, job_id, {"source": source, "file": name}, ctx.ip())
    pool = ctx.request.app.state.pool

    def run() -> None:
        with pool.checkout() as store:
            _run(store)

    def _run(store) -> None:
        try:
            report = ingest_layout(store, source, layout)
            refresh_reference(store)
            jobs[job_id].update(status="done", counts=report.counts(), run_id=report.run_id)
            access.audit(store, "import.done", user, job_id, report.counts())
        except Exception as exc:  # noqa: BLE001 - the job says why it failed; nothing was kept
            jobs[job_id].update(status="failed", error=getattr(exc, "message", None) or type(exc).__name__)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    jobs[job_id]["future"] = _worker(ctx.request.app).submit(run)
    return {k: v for k, v in jobs[job_id].items() if k != "future"}


def import_status(ctx, job_id: str) -> dict:
    require(ctx.caller, "admin")
    job = ctx.request.app.state.import_jobs.get(job_id)
    if job is None:
        raise NotFound(f"no import {job_id!r}")
    return {k: v for k, v in job.items() if k != "future"}
