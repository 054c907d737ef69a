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
    published: str | None = typer.Option(None, "--published", help="text only: publication date (YYYY-MM-DD) "
                                                                   "for articles that do not give one."),
    country: str | None = typer.Option(None, "--country", help="text only: ISO3 of the country the source covers."),
) -> None:
    """Import event files. Every record ends inserted, updated, unchanged or quarantined."""
    from veille.sources.ingest import ingest_layout, sniff_all

    if source == "text":  # news text: see the extract block below
        _ingest_text(paths, as_json, _date(published, "--published"), country)
        return
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


# ---- extract / news text / feeds ----------------------------------------------------

eval_app = typer.Typer(help="Measure veille's parts against labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@app.command("extract")
def extract_command(
    input: Path = typer.Option(..., "--input", help="JSON lines: {id, text, published?, lang?, url?}."),
    output: Path = typer.Option(..., "--output", help="JSON lines to write: {id, events: [...]}, one per input line."),
    jobs: int = typer.Option(1, "--jobs", min=1, help="Worker processes (the extractor is CPU-bound)."),
) -> None:
    """Read news articles and write the events they report (contract in DESIGN.md)."""
    from veille.extract.contract import run_extract

    with _progress() as progress:
        task = progress.add_task(input.name, total=None)
        counts = run_extract(input, output, jobs=jobs, progress=lambda n: progress.advance(task, n))
    err.print(f"Wrote {counts['articles']:,} lines to {output}: {counts['events']:,} events from "
              f"{counts['with_events']:,} articles; {counts['without_events']:,} report none.")


@eval_app.command("train-acled")
def eval_train_acled(
    files: list[Path] = typer.Argument(..., help="Your ACLED CSV exports (read in place, never copied)."),
    half: str = typer.Option("tune", help="tune (default: keep the report half for evaluation), report or all."),
    output: Path | None = typer.Option(None, "--output", help="Model file (default: your cache dir, outside git)."),
) -> None:
    """Train the optional sub-event-type classifier on your own ACLED notes."""
    from veille.extract.acled_model import train

    info = train(files, half=half, output=output)
    out.print(f"Trained on {info['notes']:,} notes ({half} half) of {len(info['trained_on'])} files; "
              f"saved to {info['path']}. Use it with VEILLE_EXTRACT_MODEL={info['path']} — and never share it: "
              "ACLED's terms forbid redistributing anything derived from its data.")


def _ingest_text(paths: list[Path], as_json: bool, published: dt.date | None, country: str | None) -> None:
    from veille.sources.reference import refresh_reference
    from veille.sources.text import ingest_text, sniff_all_text

    sniff_all_text(paths)  # refuse bad files before opening the database
    with _store() as store:
        reports = ingest_text(store, paths, published=published, country=country.upper() if country else None)
        refresh_reference(store)
    totals = {key: sum(r.counts()[key] for r in reports) for key in reports[0].counts()}
    if as_json:
        sys.stdout.write(json.dumps(totals) + "\n")
        return
    table = Table("file", "format", "articles", "with events", "none", "quarantined", "events", "inserted",
                  "updated", "unchanged", "linked")
    for r in reports:
        table.add_row(Path(r.path).name, r.variant, f"{r.read:,}", f"{r.with_events:,}", f"{r.without_events:,}",
                      f"{r.quarantined:,}", f"{r.events:,}", f"{r.inserted:,}", f"{r.updated:,}", f"{r.unchanged:,}",
                      f"{r.linked:,}")
    out.print(table)
    for r in reports:
        if r.quarantined:
            reasons = ", ".join(f"{field} {n:,}" for field, n in r.reasons.items())
            out.print(f"[yellow]{Path(r.path).name}: {r.quarantined:,} quarantined ({reasons}); "
                      f"see `veille quarantine list --run {r.run_id}`[/yellow]")


@app.command()
def watch(
    feeds: list[str] = typer.Argument(..., help="RSS or Atom feed addresses (or files)."),
    interval: float | None = typer.Option(None, "--interval", help="Seconds between rounds (VEILLE_WATCH_INTERVAL)."),
    rounds: int | None = typer.Option(None, "--rounds", min=1, help="Stop after this many rounds (default: never)."),
    fetch_pages: bool = typer.Option(False, "--fetch-pages", help="Fetch each new item's page for its full text."),
    country: str | None = typer.Option(None, "--country", help="ISO3 of the country the feeds cover."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per poll to stdout."),
) -> None:
    """Poll news feeds, read each new item once and store the events it reports."""
    import time

    from veille.sources.feeds import watch as run_watch
    from veille.sources.reference import refresh_reference

    def say(result) -> None:
        if as_json:
            payload = {"feed": result.feed, "status": result.status, "message": result.message,
                       "items": result.items, "new_items": result.new_items}
            if result.report:
                payload["counts"] = result.report.counts()
            sys.stdout.write(json.dumps(payload) + "\n")
            sys.stdout.flush()
            return
        colour = {"new": "green", "offline": "yellow", "error": "red"}.get(result.status, "dim")
        out.print(f"[{colour}]{result.status}[/{colour}] {result.feed}: {result.message}", highlight=False)

    def wait(seconds: float, done: int) -> None:
        if not as_json:
            out.print(f"[dim]round {done} done; next poll in {seconds:g} s (Ctrl-C to stop)[/dim]")
        time.sleep(seconds)

    with _store() as store:
        try:
            run_watch(store, feeds, interval=interval, max_rounds=rounds, fetch_pages=fetch_pages,
                      country=country.upper() if country else None, say=say, wait=wait)
        except KeyboardInterrupt:
            out.print("stopped")
        refresh_reference(store)


@eval_app.command("extract")
def eval_extract(
    gold: Path = typer.Argument(..., help="Gold JSONL (tests/fixtures/extract/gold_test.jsonl) or an ACLED CSV export."),
    split: str | None = typer.Option(None, help="Only gold lines of this split (dev or test), for mixed files."),
    half: str | None = typer.Option(None, help="ACLED files: tune or report half (md5 of event_id_cnty)."),
    country_hint: bool = typer.Option(False, "--country-hint", help="ACLED files: tell the extractor the file's country."),
    limit: int | None = typer.Option(None, help="At most this many articles."),
    errors: Path | None = typer.Option(None, "--errors", help="Write the events scored wrong, as JSON lines."),
    model: str | None = typer.Option(None, "--model", help="Sub-type model from `veille eval train-acled` "
                                                         "(default: VEILLE_EXTRACT_MODEL; '' for the rules alone)."),
    as_json: bool = typer.Option(False, "--json", help="Write every figure as one JSON object to stdout."),
) -> None:
    """Score the news extractor on labelled reports: every field, types, links, calibration."""
    from veille.extract.evaluate import TARGETS, evaluate, read_gold

    if half not in (None, "tune", "report"):
        raise InvalidValue(f"--half: expected tune or report, got {half!r}")
    items = read_gold(gold, half=half, split=split, country_hint=country_hint, limit=limit)
    with _progress() as progress:
        task = progress.add_task(gold.name, total=len(items))
        scores = evaluate(items, progress=lambda n: progress.advance(task, n), model=model)
    result = scores.as_dict()
    result["gold"] = str(gold)
    result["model"] = model if model is not None else (settings.get("extract_model") or None)
    if errors:
        with open(errors, "w", encoding="utf-8") as handle:
            for row in scores.errors:
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    if as_json:
        sys.stdout.write(json.dumps(result, default=str) + "\n")
        return
    table = Table("field", "correct (all gold events)", "on matched events", "target")
    for name, value in result["fields"].items():
        target = TARGETS.get(name)
        table.add_row(name, f"{value:.1%}", f"{result['fields_on_matched'][name]:.1%}", f"{target:.0%}" if target else "")
    out.print(f"{result['articles']:,} articles, {result['gold_events']:,} gold events, "
              f"{result['predicted_events']:,} extracted, {result['matched_events']:,} matched "
              f"(precision {result['event_precision'] or 0:.1%}, recall {result['event_recall'] or 0:.1%})")
    out.print(table)
    out.print(f"sub-event type weighted F1 {result.get('sub_event_type_f1', 0):.3f} (target 0.84); "
              f"event type weighted F1 {result.get('event_type_f1', 0):.3f}; "
              f"event date exact day {result['event_date_exact_day']:.1%}")
    if result.get("no_event_accuracy") is not None:
        out.print(f"articles reporting no event: {result['no_event_articles']}, "
                  f"left without events {result['no_event_accuracy']:.1%}")
    if result.get("language_accuracy") is not None:
        out.print(f"language detected right: {result['language_accuracy']:.1%}")
    if result.get("links"):
        links = result["links"]
        out.print(f"duplicate links: {links['gold_pairs']} gold pairs, {links['predicted_pairs']} linked, "
                  f"precision {links['precision'] or 0:.1%}, recall {links['recall']:.1%} (targets 90%)")
    if result.get("confidence"):
        c = result["confidence"]
        out.print(f"confidence: Brier {c['brier']:.3f}, expected calibration error {c['ece']:.3f} over {c['events']} events")


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
