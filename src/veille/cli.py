"""The command line: thin wrappers over the library. Errors become messages here and
nowhere else (``main``)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TransferSpeedColumn
from rich.table import Table

from veille import __version__, settings
from veille.errors import InvalidValue, VeilleError
from veille.model import Tlp
from veille.store import EventFilter, open_store

app = typer.Typer(help="veille — conflict early warning and response for West Africa's coastal states.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
quarantine_app = typer.Typer(help="Records set aside on import, and why.", no_args_is_help=True)
places_app = typer.Typer(help="Places: admin units and the gazetteer.", no_args_is_help=True)
actors_app = typer.Typer(help="The canonical actor registry.", no_args_is_help=True)
fetch_app = typer.Typer(help="Download from live sources (needs the network).", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(places_app, name="places")
app.add_typer(actors_app, name="actors")
app.add_typer(fetch_app, name="fetch")

out = Console()
err = Console(stderr=True)


class State:
    db: str | None = None


state = State()


def _version(value: bool) -> None:
    if value:
        out.print(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: str | None = typer.Option(None, "--db", envvar="VEILLE_DB",
                                     help="Database file (default ./veille.duckdb)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    state.db = db


def _store(read_only: bool = False):
    return open_store(state.db or settings.get("db"), read_only=read_only)


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"{option}: expected a date as YYYY-MM-DD, got {text!r}") from None


def _progress(transient: bool = True) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TransferSpeedColumn(),
                    TimeElapsedColumn(), console=err, transient=transient, disable=not err.is_terminal)


# ---- ingest -------------------------------------------------------------------------


@app.command()
def ingest(
    source: str = typer.Argument(..., help="ucdp, ucdp_candidate, acled or gdelt."),
    paths: list[Path] = typer.Argument(..., help="Files to import."),
    as_json: bool = typer.Option(False, "--json", help="Write the counts as one JSON object to stdout."),
    encoding: str = typer.Option("utf-8", help="Text encoding of the files (e.g. cp1252)."),
) -> None:
    """Import event files. Every record ends inserted, updated, unchanged or quarantined."""
    from veille.sources.ingest import ingest_layout, sniff_all
    from veille.sources.reference import refresh_reference

    layouts = sniff_all(source, paths, encoding)  # refuse bad files before opening the database
    reports = []
    with _store() as store, _progress() as progress:
        for layout in layouts:
            task = progress.add_task(f"{Path(layout.path).name}", total=Path(layout.path).stat().st_size)
            reports.append(ingest_layout(store, source, layout, lambda n, t=task: progress.advance(t, n)))
            progress.update(task, completed=Path(layout.path).stat().st_size)
        refresh_reference(store)
    totals = {key: sum(r.counts()[key] for r in reports) for key in reports[0].counts()}
    if as_json:
        sys.stdout.write(json.dumps(totals) + "\n")
        return
    table = Table("file", "format", "read", "inserted", "updated", "unchanged", "quarantined")
    for r in reports:
        table.add_row(Path(r.path).name, r.variant, *(f"{v:,}" for v in r.counts().values()))
    if len(reports) > 1:
        table.add_row("total", "", *(f"{v:,}" for v in totals.values()), style="bold")
    out.print(table)
    for r in reports:
        if r.quarantined:
            reasons = ", ".join(f"{field} {n:,}" for field, n in r.reasons.items())
            out.print(f"[yellow]{Path(r.path).name}: {r.quarantined:,} quarantined ({reasons}); "
                      f"see `veille quarantine list --run {r.run_id}`[/yellow]")


@quarantine_app.command("list")
def quarantine_list(
    run: int | None = typer.Option(None, help="Only this ingest run."),
    source: str | None = typer.Option(None, help="Only this source."),
    limit: int = typer.Option(50, help="At most this many rows (0 for all)."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines to stdout."),
) -> None:
    """Show records set aside on import: file, line, field and reason."""
    with _store(read_only=True) as store:
        rows = store.quarantined(run_id=run, source=source, limit=limit or None)
    if as_json:
        for record in rows.to_dict("records"):
            sys.stdout.write(json.dumps({k: (None if v != v else v) for k, v in record.items()}, default=str) + "\n")
        return
    if rows.empty:
        out.print("Nothing is in quarantine.")
        return
    table = Table("run", "file", "line", "field", "reason", show_lines=False)
    for r in rows.itertuples():
        table.add_row(str(r.run_id), Path(r.path).name, str(r.line), str(r.field), r.reason)
    out.print(table)


@app.command()
def runs(as_json: bool = typer.Option(False, "--json")) -> None:
    """Ingest runs: file, checksum, counts and times."""
    with _store(read_only=True) as store:
        frame = store.runs()
    if as_json:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso") + "\n")
        return
    table = Table("run", "source", "file", "read", "ins.", "upd.", "same", "quar.", "status", "started")
    for r in frame.itertuples():
        table.add_row(str(r.run_id), r.source, Path(r.path).name, f"{r.read_count:,}", f"{r.inserted:,}",
                      f"{r.updated:,}", f"{r.unchanged:,}", f"{r.quarantined:,}", r.status,
                      str(r.started_at)[:19])
    out.print(table)


@app.command()
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """What the database holds: events by source, country and year."""
    from veille.demo import summarize

    with _store(read_only=True) as store:
        summary = summarize(store)
    if as_json:
        sys.stdout.write(json.dumps(summary, default=str) + "\n")
        return
    from veille.demo import print_summary

    print_summary(summary, out)


# ---- export / geocode ------------------------------------------------------------------


@app.command()
def export(
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    fmt: str | None = typer.Option(None, "--format", help="csv, parquet, geojson or hxl (default: from the file name)."),
    country: list[str] = typer.Option([], help="ISO3 country code; repeat for several."),
    source: list[str] = typer.Option([], help="Source; repeat for several."),
    event_type: list[str] = typer.Option([], "--type", help="ACLED event type; repeat for several."),
    date_from: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD."),
    max_tlp: Tlp = typer.Option(Tlp.RED, "--max-tlp", help="Leave out records above this TLP."),
) -> None:
    """Export events, filtered, as CSV, Parquet, GeoJSON or HXL-tagged CSV."""
    from veille.reports.export import export_events

    where = EventFilter(countries=tuple(c.upper() for c in country), sources=tuple(source),
                        event_types=tuple(event_type), date_from=_date(date_from, "--from"),
                        date_to=_date(date_to, "--to"), max_tlp=max_tlp)
    with _store(read_only=True) as store:
        count = export_events(store, output, fmt, where)
    out.print(f"Wrote {count:,} events to {output}")


@app.command()
def geocode(
    input: Path = typer.Option(..., "--input", help="CSV with latitude and longitude columns."),
    output: Path = typer.Option(..., "--output", help="CSV to write, with place columns added."),
) -> None:
    """Add country, admin units, PRIO-GRID cell and border distance to points."""
    import pandas as pd

    from veille.geo import geocode_frame
    from veille.sources.reading import check_readable

    check_readable(input)
    frame = pd.read_csv(input, dtype=str, keep_default_na=False)
    missing = [c for c in ("latitude", "longitude") if c not in frame.columns]
    if missing:
        raise InvalidValue(f"{input}: missing column(s) {', '.join(missing)} (expected latitude, longitude)")
    result = geocode_frame(frame)
    result.to_csv(output, index=False)
    located = int(result["country_iso3"].notna().sum())
    out.print(f"Wrote {len(result):,} rows to {output} ({located:,} located)")


# ---- places / actors ---------------------------------------------------------------


@places_app.command("search")
def places_search(
    name: str = typer.Argument(..., help="A place name, any spelling."),
    country: str | None = typer.Option(None, help="ISO3 country to prefer."),
    parent: str | None = typer.Option(None, help="Admin-1 name or P-code to prefer."),
    limit: int = typer.Option(10),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ranked candidates for a place name, with why each one matched."""
    from veille.geo import search_places

    candidates = search_places(name, country_iso3=country, parent=parent, limit=limit)
    if as_json:
        sys.stdout.write(json.dumps([c.__dict__ for c in candidates], default=str) + "\n")
        return
    table = Table("score", "place", "where", "why")
    for c in candidates:
        where = " / ".join(part for part in (c.country_iso3, c.admin1, c.admin2) if part)
        table.add_row(f"{c.score:.0f}", f"{c.name}\n[dim]{c.kind}[/dim]", where, c.why)
    out.print(table)


@actors_app.command("unmapped")
def actors_unmapped(
    min_count: int = typer.Option(1, help="Only names seen at least this often."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Raw actor names in the database that resolved to no canonical actor."""
    with _store(read_only=True) as store:
        names = store.raw_actor_names()
    unmapped = names[names["actor_id"].isna()].groupby("raw_name", as_index=False)["n"].sum()
    unmapped = unmapped[unmapped["n"] >= min_count].sort_values(["n", "raw_name"], ascending=[False, True])
    if as_json:
        sys.stdout.write(unmapped.to_json(orient="records") + "\n")
        return
    total = int(names["n"].sum())
    share = 1 - unmapped["n"].sum() / total if total else 1.0
    out.print(f"{len(unmapped):,} raw names unmapped; {share:.1%} of actor mentions resolved.")
    table = Table("count", "raw name")
    for r in unmapped.head(100).itertuples():
        table.add_row(f"{r.n:,}", r.raw_name)
    out.print(table)


# ---- fetch ------------------------------------------------------------------------


def _fetched(result, source: str, ingest_after: bool, as_json: bool) -> None:
    payload = {"path": str(result.path), "rows": result.rows, "pages": result.pages, "source": result.source}
    if ingest_after:
        from veille.sources.ingest import ingest as run_ingest
        from veille.sources.reference import refresh_reference

        with _store() as store:
            [report] = run_ingest(store, source, [result.path])
            refresh_reference(store)
        payload["ingest"] = report.counts()
    if as_json:
        sys.stdout.write(json.dumps(payload) + "\n")
        return
    out.print(f"Fetched {result.rows:,} events in {result.pages} pages to {result.path}")
    if ingest_after:
        out.print("Imported: " + ", ".join(f"{k} {v:,}" for k, v in payload["ingest"].items()))


@fetch_app.command("ucdp")
def fetch_ucdp_command(
    version: str = typer.Option(..., "--version", help="GED release such as 25.1, or Candidate such as 26.0.1."),
    country: list[str] = typer.Option([], help="ISO3 code (or Gleditsch-Ward number); repeat for several."),
    date_from: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD."),
    output: Path | None = typer.Option(None, "--output", "-o", help="CSV file or folder (default: here)."),
    ingest_after: bool = typer.Option(False, "--ingest", help="Import the file once fetched."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Download UCDP GED or Candidate events (token: VEILLE_UCDP_TOKEN)."""
    from veille.sources.fetch import fetch_ucdp

    with _progress() as progress:
        task = progress.add_task(f"UCDP {version}", total=None)
        result = fetch_ucdp(version, output, countries=country or None, start=_date(date_from, "--from"),
                            end=_date(date_to, "--to"),
                            progress=lambda n, total: progress.update(task, completed=n, total=total))
    _fetched(result, "ucdp", ingest_after, as_json)


@fetch_app.command("acled")
def fetch_acled_command(
    country: list[str] = typer.Option(..., help="ISO3 code or ACLED country name; repeat for several."),
    date_from: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD."),
    output: Path = typer.Option(Path("acled_export.csv"), "--output", "-o", help="CSV file to write."),
    ingest_after: bool = typer.Option(False, "--ingest", help="Import the file once fetched."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Download ACLED events through its API (VEILLE_ACLED_USERNAME / VEILLE_ACLED_PASSWORD)."""
    from veille.sources.fetch import fetch_acled

    with _progress() as progress:
        task = progress.add_task("ACLED", total=None)
        result = fetch_acled(output, country, start=_date(date_from, "--from"), end=_date(date_to, "--to"),
                             progress=lambda n, total: progress.update(task, completed=n, total=total))
    _fetched(result, "acled", ingest_after, as_json)


# ---- demo ------------------------------------------------------------------------


@app.command()
def demo(
    acled: Path | None = typer.Option(None, help="Folder of ACLED CSV files to add (never bundled). "
                                                    "Default: ../shared/data/acled when present."),
    fresh: bool = typer.Option(True, help="Start from an empty database."),
) -> None:
    """The main job on the bundled data: build the database and show what it holds."""
    from veille.demo import run_demo

    run_demo(state.db or settings.get("db"), acled_dir=acled, fresh=fresh, console=out)


# ---- responses and briefs (issue 7) ------------------------------------------------

responses_app = typer.Typer(help="Responses: actions with owner, due date and status, and the alerts they answer.",
                            no_args_is_help=True)
app.add_typer(responses_app, name="responses")


def _response_rows(frame, as_json: bool, title: str) -> None:
    if as_json:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso") + "\n")
        return
    if frame.empty:
        out.print(f"No {title}.")
        return
    table = Table("id", "due", "status", "category", "owner", "country", "action", "alerts", title=title)
    for r in frame.itertuples(index=False):
        due = f"[red]{r.due_date} overdue[/red]" if r.overdue else str(r.due_date or "")
        table.add_row(r.response_id, due, r.status, r.category, r.owner or "", r.country_iso3 or "", r.action,
                      str(len(r.alert_ids)))
    out.print(table)


@responses_app.command("list")
def responses_list(
    country: list[str] = typer.Option([], help="ISO3 country; repeat for several."),
    status: list[str] = typer.Option([], help="proposed, planned, in_progress, done or cancelled; repeat."),
    category: list[str] = typer.Option([], help="Response category; repeat for several."),
    open_only: bool = typer.Option(False, "--open", help="Leave out done and cancelled responses."),
    alert: str | None = typer.Option(None, help="Only responses answering this alert."),
    as_json: bool = typer.Option(False, "--json", help="JSON to stdout."),
) -> None:
    """Responses, soonest due first, with the alerts each answers."""
    from veille.alerts.responses import list_responses

    with _store(read_only=True) as store:
        frame = list_responses(store, tuple(country), tuple(status), tuple(category), open_only=open_only,
                               alert_id=alert)
    _response_rows(frame, as_json, "responses")


@responses_app.command("overdue")
def responses_overdue(
    on: str | None = typer.Option(None, "--on", help="Day to judge by, YYYY-MM-DD (default today)."),
    country: list[str] = typer.Option([], help="ISO3 country; repeat for several."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Open responses past their due date."""
    from veille.alerts.responses import overdue_responses

    with _store(read_only=True) as store:
        frame = overdue_responses(store, _date(on, "--on"), tuple(country))
    _response_rows(frame, as_json, "overdue responses")


@responses_app.command("add")
def responses_add(
    action: str = typer.Option(..., help="What is to be done."),
    category: str = typer.Option(..., help="military_readiness, intelligence_sharing, joint_training, "
                                           "community_policing, conflict_resolution, local_economies or "
                                           "humanitarian_preparedness."),
    owner: str | None = typer.Option(None, help="Who does it."),
    due: str | None = typer.Option(None, help="Due date, YYYY-MM-DD."),
    alert: list[str] = typer.Option([], help="Alert id it answers; repeat for several."),
    country: str | None = typer.Option(None, help="ISO3 country."),
    status: str = typer.Option("planned", help="Initial status."),
    notes: str | None = typer.Option(None),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Record a response."""
    from veille.alerts.responses import add_response, get_response

    with _store() as store:
        rid = add_response(store, action, category, owner, _date(due, "--due"), alert, country, status, notes)
        row = get_response(store, rid)
    if as_json:
        sys.stdout.write(json.dumps(row, default=str) + "\n")
        return
    out.print(f"Added response {rid} ({category}, due {row['due_date'] or 'no date'})")


@responses_app.command("update")
def responses_update(
    response_id: str = typer.Argument(..., help="The response's id."),
    status: str | None = typer.Option(None, help="New status."),
    owner: str | None = typer.Option(None),
    due: str | None = typer.Option(None, help="New due date, YYYY-MM-DD."),
    notes: str | None = typer.Option(None),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Change a response's status, owner, due date or notes (each change is logged)."""
    from veille.alerts.responses import update_response

    with _store() as store:
        row = update_response(store, response_id, status=status, owner=owner, due=_date(due, "--due"), notes=notes)
    if as_json:
        sys.stdout.write(json.dumps(row, default=str) + "\n")
        return
    out.print(f"Response {response_id}: {row['status']}, owner {row['owner'] or '-'}, due {row['due_date'] or '-'}")


@responses_app.command("show")
def responses_show(
    response_id: str = typer.Argument(..., help="The response's id."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """One response with its alerts and its history of changes."""
    from veille.alerts.responses import get_response, response_history

    with _store(read_only=True) as store:
        row = get_response(store, response_id)
        history = response_history(store, response_id)
    if as_json:
        row["history"] = history.to_dict("records")
        sys.stdout.write(json.dumps(row, default=str) + "\n")
        return
    for key, value in row.items():
        out.print(f"[bold]{key}[/bold]: {', '.join(value) if isinstance(value, list) else value}", highlight=False)
    for h in history.itertuples(index=False):
        out.print(f"  {str(h.changed_at)[:19]}  {h.field}: {h.old_value or ''} → {h.new_value}", highlight=False)


@responses_app.command("recommend")
def responses_recommend(
    country: list[str] = typer.Option([], help="ISO3 country; repeat for several."),
    since: str | None = typer.Option(None, help="Only alerts of periods from this day's month, YYYY-MM-DD."),
    adopt_them: bool = typer.Option(False, "--adopt", help="Record them as proposed responses."),
    lang: str = typer.Option("en", help="en or fr: the language of the recorded action."),
    playbook: Path | None = typer.Option(None, help="Another playbook file."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What the playbook recommends for the stored open alerts."""
    from veille.alerts.engine import list_alerts
    from veille.alerts.playbook import load_playbook, recommend
    from veille.alerts.responses import adopt

    with _store(read_only=not adopt_them) as store:
        alerts = list_alerts(store, countries=tuple(c.upper() for c in country), status="open", since=since)
        found = recommend(alerts, playbook=load_playbook(playbook))
        new = []
        if adopt_them:
            new, _ = adopt(store, found, dt.date.today(), lang=lang)
    if as_json:
        sys.stdout.write(found.to_json(orient="records") + "\n")
        return
    table = Table("entry", "category", "country", "trigger", "alerts", "action")
    for r in found.itertuples(index=False):
        table.add_row(r.entry_id, r.category, r.country_iso3 or "", r.trigger, str(len(r.alert_ids)),
                      r.action_fr if lang == "fr" else r.action)
    out.print(table)
    if adopt_them:
        out.print(f"Recorded {len(new)} new proposed response(s); see `veille responses list`.")


@app.command()
def brief(
    country: list[str] = typer.Option([], help="ISO3 country; repeat for a regional brief."),
    region: str | None = typer.Option(None, help="A region instead of (or besides) countries: coastal, sahel, "
                                                 "front (both) or west-africa."),
    month: str | None = typer.Option(None, help="YYYY-MM (default: the last complete month in the database)."),
    lang: str = typer.Option("en", help="en or fr."),
    fmt: str | None = typer.Option(None, "--format", help="html, pdf or md (default: from the file name)."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    samples: int = typer.Option(200, help="Forecast draws per region and month."),
    data_json: Path | None = typer.Option(None, "--data", help="Also write the brief's data and figures as JSON."),
) -> None:
    """A situation brief for a country or a region and a month, every number traceable."""
    from veille.model import Month
    from veille.reports.brief import FORMATS, latest_month, write_brief

    fmt = (fmt or output.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InvalidValue(f"--format must be one of {', '.join(FORMATS)}, got {fmt or output.name!r}")
    with _store() as store:
        chosen = Month.parse(month) if month else latest_month(store)
        made = write_brief(store, tuple(country), chosen, lang, fmt, output, region=region, samples=samples)
    if data_json:
        data_json.write_text(json.dumps(made.data, default=lambda v: v.as_dict() if hasattr(v, "as_dict") else str(v),
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    out.print(f"Wrote {made.title} to {output} ({len(made.figures)} figures, each with its recipe)")


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code. The one place errors become messages."""
    try:
        result = app(args=argv, standalone_mode=False, prog_name="veille")
        return result if isinstance(result, int) else 0
    except VeilleError as exc:
        err.print(f"[red]error:[/red] {exc.message}", highlight=False, soft_wrap=True, markup=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err.print("aborted")
        return 130
    except Exception as exc:
        # Usage errors of the option parser (click's, vendored or not) show themselves.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            return exc.exit_code
        raise


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
