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
from veille.errors import VeilleError
from veille.store import EventFilter, Store, open_store

SHARED_ACLED = Path(__file__).resolve().parents[3] / "shared" / "data" / "acled"


CURATED = ("acled", "ucdp", "ucdp_candidate")


@dataclass
class DemoContext:
    db: str
    console: Console
    acled_dir: Path | None = None
    store: Store | None = None
    reports: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    out_dir: Path = Path("veille-demo")
    written: list = field(default_factory=list)


def bundled_inputs(data: Path) -> list[tuple[str, list[Path]]]:
    # The random 1,000-event sample of UCDP GED is for tests: a sample is not a count,
    # and counting it would tell the forecasts that the world was quiet.
    return [
        ("ucdp", sorted(p for p in (data / "ucdp").glob("ucdp_ged_*.csv") if "sample" not in p.name)),
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


def stage_analysis(ctx: DemoContext) -> None:
    """Spillover and hot spots where the curated data allow: the Sahel's spread (with the
    ACLED files) and the coastal states' latest months."""
    from veille.analysis import (
        emerging_hotspots,
        hotspot_summary,
        load_events,
        plot_hotspots,
        plot_spillover,
        spillover,
        unit_geometries,
    )
    from veille.model import MonthRange

    assert ctx.store is not None
    events = load_events(ctx.store, sources=CURATED)
    if events.empty:
        return
    sahel = [c for c in ("BFA", "MLI", "NER") if (events["country_iso3"] == c).sum() > 500]
    table = Table("country", "period", "events", "0-20 km", "20-50", "50-100", "100+", "median km",
                  "new admin-2", title="Spillover: political violence by distance from the front")
    if sahel:
        months = MonthRange.parse("2012-01:2020-07")
        spread = spillover(events, countries=tuple(sahel), months=months)
        ctx.written.append(plot_spillover(spread, ctx.out_dir / "spillover_sahel.png"))
        spread["year"] = spread["month"].str[:4]
        for (country, year), rows in spread[spread["year"] >= "2015"].groupby(["country_iso3", "year"]):
            table.add_row(country, year, *(f"{int(rows[c].sum()):,}" for c in (
                "events", "events_0_20", "events_20_50", "events_50_100", "events_100_plus")),
                f"{rows['median_km'].median():.0f}" if rows["median_km"].notna().any() else "·",
                f"{int(rows['new_admin2'].sum()):,}")
        hot = emerging_hotspots(events, "admin2", tuple(sahel), months)
        ctx.written.append(plot_hotspots(hot, unit_geometries("admin2", tuple(sahel)),
                                         ctx.out_dir / "hotspots_sahel_admin2.png"))
        summary = hotspot_summary(hot)
        patterns = summary[summary["category"] != ""]["category"].value_counts()
        ctx.console.print(table)
        ctx.console.print("Hot spots (admin-2, Sahel, as of 2020-07): " +
                          ", ".join(f"{n} {c}" for c, n in patterns.items()))
        table = Table("country", "period", "events", "0-20 km", "20-50", "50-100", "100+", "median km",
                      "new admin-2", title="Spillover into the coastal states (latest curated months)")
    coastal = ("TGO", "BEN", "GHA", "CIV")
    recent = events[events["country_iso3"].isin(coastal)]
    if not recent.empty:
        last = MonthRange.parse(f"{str(recent['event_date'].max())[:7]}")
        window = MonthRange(last.end - 11, last.end)
        spread = spillover(events, countries=coastal, months=window)
        for country, rows in spread.groupby("country_iso3"):
            table.add_row(country, f"{window.start}…{window.end}", *(f"{int(rows[c].sum()):,}" for c in (
                "events", "events_0_20", "events_20_50", "events_50_100", "events_100_plus")),
                f"{rows['median_km'].median():.0f}" if rows["median_km"].notna().any() else "·",
                f"{int(rows['new_admin2'].sum()):,}")
        ctx.console.print(table)


def stage_alerts(ctx: DemoContext) -> None:
    from veille.alerts import run_alerts

    assert ctx.store is not None
    alerts = run_alerts(ctx.store)
    by_rule: dict[str, int] = {}
    for alert in alerts:
        by_rule[alert.rule] = by_rule.get(alert.rule, 0) + 1
    ctx.console.print(f"Alerts: {len(alerts):,} raised (" +
                      ", ".join(f"{rule} {n:,}" for rule, n in sorted(by_rule.items())) + ")")


def stage_forecast(ctx: DemoContext) -> None:
    """Political-violence events per admin-1, 1-6 months ahead, from the latest month the
    curated data cover; countries whose data stop earlier are left out."""
    import numpy as np

    from veille.forecast import build_panel, forecast, write_forecast_parquet
    from veille.model import Horizon, Month

    assert ctx.store is not None
    panel = build_panel(ctx.store, "admin1")
    ends = panel.vintage["coverage_end"]
    # The latest month that a country with a long series (5+ years) reaches.
    long_enough = {c: Month.parse(m) for c, m in ends.items()
                   if panel.observed[panel.units["country_iso3"].to_numpy() == c].any(axis=0).sum() >= 60}
    if not long_enough:
        return
    origin = max(long_enough.values())
    with ctx.console.status(f"Forecasting from {origin}…"):
        frame = forecast(ctx.store, "admin1", "events", origin, Horizon(1, 6), samples=1000, save=True,
                         countries=tuple(sorted(c for c, m in long_enough.items() if m == origin)))
    ctx.written.append(write_forecast_parquet(frame, ctx.out_dir / f"forecast_admin1_events_{origin}.parquet"))
    first = frame[frame["horizon"] == 1].nlargest(8, "mean")
    table = Table("admin-1", "country", "month", "mean", "P(any)", "90% interval",
                  title=f"Forecast: political-violence events, one month after {origin} (highest eight)")
    for r in first.itertuples():
        low, high = np.quantile(r.draws, [0.05, 0.95])
        table.add_row(str(r.unit_name), str(r.country_iso3), r.month, f"{r.mean:.1f}", f"{r.p_gt0:.2f}",
                      f"{low:.0f}–{high:.0f}")
    ctx.console.print(table)


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
    folder = ctx.out_dir / "briefs"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with ctx.console.status(f"Forecast and briefs for {month}…"):
        try:
            frame = panel_forecast(ctx.store, resolve_countries(region="front"), month)
        except VeilleError as exc:  # each brief then says why it has no forecast
            ctx.console.print(f"[yellow]No forecast for the briefs: {exc.message}[/yellow]")
            frame = None
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


def stage_dashboard(ctx: DemoContext) -> None:
    from veille.web.demo import stage_dashboard as web_stage

    web_stage(ctx)


STAGES: list[Callable[[DemoContext], None]] = [stage_ingest, stage_reference, stage_summary, stage_analysis,
                                               stage_alerts, stage_forecast, stage_briefs, stage_dashboard]


NEXT_STEPS = (
    ("status", "what the database holds"),
    ("runs", "every import, with its file checksum and counts"),
    ("quarantine list", "records set aside, with file, line and reason"),
    ("export -o events.geojson --country TGO --country BEN", "events for a map"),
    ("actors unmapped", "raw actor names with no canonical actor"),
    ("places search Dapaong --country TGO", "the gazetteer, with why each candidate matched"),
    ("analyse spillover --country BFA --origin MLI --plot spillover.png", "the spread, measured and drawn"),
    ("alerts list", "what the alert rules raised, with their evidence"),
    ("backtest --origins 2017-07:2019-07 --country BFA --country MLI --country NER",
     "the forecasts scored against the benchmarks"),
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
    ctx = DemoContext(db=db, console=console, acled_dir=acled_dir,
                      out_dir=Path(db).resolve().parent / "veille-demo")
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    console.print(f"[bold]veille demo[/bold] — building {db} from the bundled data")
    with open_store(db) as store:
        ctx.store = store
        for stage in STAGES:
            stage(ctx)
    if ctx.written:
        console.print(f"\nWrote {len(ctx.written)} files to {ctx.out_dir}: " +
                      ", ".join(Path(p).name for p in ctx.written))
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
