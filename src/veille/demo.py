"""``veille demo``: the main job on bundled data, as a few small stages passing one
context. Later stages (analysis, forecasts, briefs, the dashboard) join the list."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from veille import settings
from veille.store import EventFilter, Store, open_store

SHARED_ACLED = Path(__file__).resolve().parents[3] / "shared" / "data" / "acled"


@dataclass
class DemoContext:
    db: str
    console: Console
    acled_dir: Path | None = None
    store: Store | None = None
    reports: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def bundled_inputs(data: Path) -> list[tuple[str, list[Path]]]:
    return [
        ("ucdp", sorted((data / "ucdp").glob("ucdp_ged_*.csv"))),
        ("ucdp_candidate", sorted((data / "ucdp").glob("ucdp_candidate_*.csv"))),
        ("gdelt", sorted((data / "gdelt").glob("*.csv"))),
    ]


def stage_reference(ctx: DemoContext) -> None:
    """Admin units, actors and their aliases into their tables."""
    from veille.sources.reference import refresh_reference

    assert ctx.store is not None
    counts = refresh_reference(ctx.store, admin_units=True)
    ctx.console.print(f"Reference tables: {counts['admin_units']:,} admin units, {counts['actors']:,} "
                      f"canonical actors, {counts['actor_aliases']:,} aliases")


def stage_ingest(ctx: DemoContext) -> None:
    from veille.sources.ingest import ingest

    assert ctx.store is not None
    inputs = bundled_inputs(settings.data_dir())
    if ctx.acled_dir and ctx.acled_dir.is_dir():
        files = sorted(ctx.acled_dir.glob("*.csv"))
        if files:
            ctx.console.print(f"Adding {len(files)} ACLED files from {ctx.acled_dir} (read in place, never bundled)")
            inputs.append(("acled", files))
    table = Table("source", "file", "read", "inserted", "updated", "unchanged", "quarantined", title="Imports")
    for source, paths in inputs:
        if not paths:
            continue
        with ctx.console.status(f"Importing {source} ({len(paths)} files)…"):
            reports = ingest(ctx.store, source, paths)
        for r in reports:
            table.add_row(r.source, Path(r.path).name, *(f"{v:,}" for v in r.counts().values()))
            ctx.reports.append(r)
    ctx.console.print(table)


def stage_summary(ctx: DemoContext) -> None:
    assert ctx.store is not None
    ctx.summary = summarize(ctx.store)
    print_summary(ctx.summary, ctx.console)


# ---- briefs (issue 7) ----------------------------------------------------------------

BRIEFS = ((("TGO",), None), (("BEN",), None), (("BFA",), None), ((), "front"))


def stage_briefs(ctx: DemoContext) -> None:
    """Alerts, the playbook's recommendations as proposed responses, then briefs for Togo,
    Benin, Burkina Faso and the region, in English and French, as PDF."""
    from veille.alerts import adopt, list_alerts, recommend, run_alerts
    from veille.reports.brief import latest_month, panel_forecast, resolve_countries, write_brief

    assert ctx.store is not None
    month = latest_month(ctx.store)
    with ctx.console.status("Alerts and recommended responses…"):
        run_alerts(ctx.store, since=(month - 2).first_day)
        alerts = list_alerts(ctx.store, status="open", since=(month - 2).first_day)
        new, _ = adopt(ctx.store, recommend(alerts), month.last_day)
    folder = Path(ctx.db).resolve().parent / "briefs"
    folder.mkdir(exist_ok=True)
    written = []
    with ctx.console.status(f"Forecast and briefs for {month}…"):
        frame = panel_forecast(ctx.store, resolve_countries(region="front"), month)
        for countries, region in BRIEFS:
            name = "region-front" if region else countries[0].lower()
            for lang in ("en", "fr"):
                path = folder / f"brief-{name}-{month}-{lang}.pdf"
                write_brief(ctx.store, countries, month, lang, "pdf", path, region=region, forecast_frame=frame)
                written.append(path)
    ctx.summary["briefs"] = [str(p) for p in written]
    ctx.console.print(f"Alerts since {month - 2}: {len(alerts):,} open; {len(new):,} responses proposed "
                      f"from the playbook (`veille responses list`)")
    ctx.console.print(f"Briefs for {month}, English and French: {len(written)} PDF files in {folder}")


STAGES: list[Callable[[DemoContext], None]] = [stage_ingest, stage_reference, stage_summary, stage_briefs]


NEXT_STEPS = (
    ("status", "what the database holds"),
    ("runs", "every import, with its file checksum and counts"),
    ("quarantine list", "records set aside, with file, line and reason"),
    ("export -o events.geojson --country TGO --country BEN", "events for a map"),
    ("actors unmapped", "raw actor names with no canonical actor"),
    ("places search Dapaong --country TGO", "the gazetteer, with why each candidate matched"),
    ("brief --country TGO --lang fr -o togo.html", "a situation brief, every number linked to its recipe"),
    ("responses overdue", "responses past their due date"),
)


def run_demo(db: str, acled_dir: Path | None = None, fresh: bool = True, console: Console | None = None) -> DemoContext:
    console = console or Console()
    if acled_dir is None and SHARED_ACLED.is_dir():
        acled_dir = SHARED_ACLED
    if fresh:
        for suffix in ("", ".wal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    ctx = DemoContext(db=db, console=console, acled_dir=acled_dir)
    console.print(f"[bold]veille demo[/bold] — building {db} from the bundled data")
    with open_store(db) as store:
        ctx.store = store
        for stage in STAGES:
            stage(ctx)
    prefix = "veille" if db == "veille.duckdb" else f"veille --db {db}"
    console.print("\n[bold]Next[/bold]")
    for command, why in NEXT_STEPS:
        console.print(f"  {prefix} {command}", highlight=False)
        console.print(f"      [dim]{why}[/dim]")
    return ctx


def summarize(store: Store) -> dict:
    """Counts by source, by country and by country and year."""
    by_source = store.event_counts(("source",))
    by_country = store.event_counts(("country_iso3",))
    focus = ("TGO", "BEN", "GHA", "CIV", "BFA", "MLI", "NER", "NGA")
    by_country_year = store.event_counts(("country_iso3", "year"), EventFilter(countries=focus))
    return {
        "events": store.count_events(),
        "by_source": by_source.to_dict("records"),
        "by_country": by_country.sort_values("events", ascending=False).to_dict("records"),
        "by_country_year": by_country_year.to_dict("records"),
        "runs": len(store.runs()),
        "quarantined": int(store.quarantined()["run_id"].count()),
    }


def print_summary(summary: dict, console: Console) -> None:
    console.print(f"\n[bold]{summary['events']:,} events[/bold] from {summary['runs']} import runs; "
                  f"{summary['quarantined']:,} records in quarantine")
    table = Table("source", "events", "fatalities", title="By source")
    for row in summary["by_source"]:
        table.add_row(row["source"], f"{row['events']:,}", f"{int(row['fatalities']):,}")
    console.print(table)
    rows = summary["by_country_year"]
    if rows:
        years = sorted({r["year"] for r in rows})
        recent = [y for y in years if y >= max(years) - 11]
        countries = sorted({r["country_iso3"] for r in rows})
        grid = {(r["country_iso3"], r["year"]): r["events"] for r in rows}
        table = Table("country", *[str(y) for y in recent], "all years",
                      title="Events by country and year (coastal states and the Sahel front; last 12 years with data)")
        for c in countries:
            total = sum(v for (cc, _), v in grid.items() if cc == c)
            table.add_row(c, *[f"{grid.get((c, y), 0):,}" if grid.get((c, y)) else "·" for y in recent], f"{total:,}")
        console.print(table)
