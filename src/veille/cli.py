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
analyse_app = typer.Typer(help="Where violence is spreading: spillover, hot spots, trends, indicators, actors.",
                          no_args_is_help=True)
alerts_app = typer.Typer(help="Alert rules over the store: run them, list what they raised, deliver.",
                         no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(places_app, name="places")
app.add_typer(actors_app, name="actors")
app.add_typer(fetch_app, name="fetch")
app.add_typer(analyse_app, name="analyse")
app.add_typer(alerts_app, name="alerts")

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
                                     help="Database: a DuckDB file (default ./veille.duckdb) or postgresql://… URL."),
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


def _say_quarantined(reports) -> None:
    """Per file, how many records were set aside and why, and where to see them."""
    for r in reports:
        if r.quarantined:
            reasons = ", ".join(f"{field} {n:,}" for field, n in r.reasons.items())
            out.print(f"[yellow]{Path(r.path).name}: {r.quarantined:,} quarantined ({reasons}); "
                      f"see `veille quarantine list --run {r.run_id}`[/yellow]")


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
    _say_quarantined(reports)


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
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="End by serving the dashboard."),
    host: str = typer.Option("127.0.0.1", help="Address the dashboard listens on."),
    port: int = typer.Option(8000, help="Port the dashboard listens on."),
) -> None:
    """The main job on the bundled data: build the database, show what it holds, serve the dashboard."""
    from veille.demo import run_demo

    db = state.db or settings.get("db")
    ctx = run_demo(db, acled_dir=acled, fresh=fresh, console=out)
    if serve_after:
        from veille.web.app import WebConfig
        from veille.web.serve import serve as run_server

        web = ctx.summary.get("web", {})
        key = Path(web["reports_key_file"]).read_text().strip() if web.get("reports_key_file") else None
        banner = [f"Log in as [bold]{web['accounts'][0]}[/bold] with password [bold]{web['password']}[/bold]"
                  f" (also {', '.join(web['accounts'][1:])}, same password)"] if web else []
        run_server(db, host, port, console=out, config=WebConfig.from_settings(db, reports_key=key), banner=banner)


# ---- web: dashboard, API and accounts (issue 8) ------------------------------------

users_app = typer.Typer(help="Accounts, organisations, AMBER sharing, API tokens and the audit log.",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _frame_out(frame, as_json: bool, title: str) -> None:
    if as_json:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso") + "\n")
        return
    table = Table(*frame.columns, title=title)
    for record in frame.astype(object).where(frame.notna(), "").itertuples(index=False):
        table.add_row(*(str(v) for v in record))
    out.print(table)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """The dashboard and JSON API (OpenAPI at /docs)."""
    from veille.web.serve import serve as run_server

    run_server(state.db or settings.get("db"), host, port, console=out)


@users_app.command("add")
def users_add(
    email: str = typer.Argument(..., help="The user's e-mail address (their login)."),
    role: str = typer.Option("viewer", help="viewer, analyst or admin."),
    org: str | None = typer.Option(None, help="Organisation id."),
    name: str | None = typer.Option(None, help="Display name."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
) -> None:
    """Add a user (the password is asked for, or read from stdin)."""
    from veille.store import access

    with _store() as store:
        user = access.add_user(store, email, _password(password_stdin), role, org, name)
        access.audit(store, "user.add", None, user.user_id, {"role": role, "org": org, "by": "cli"})
    out.print(f"Added {user.email} ({user.role}{', ' + user.org_id if user.org_id else ''}) as {user.user_id}")


@users_app.command("list")
def users_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every user: organisation, role, whether active, last login."""
    from veille.store import access

    with _store() as store:
        _frame_out(access.users(store), as_json, "Users")


@users_app.command("set")
def users_set(
    email: str = typer.Argument(..., help="E-mail or user id."),
    role: str | None = typer.Option(None, help="viewer, analyst or admin."),
    org: str | None = typer.Option(None, help="Organisation id."),
    active: bool | None = typer.Option(None, "--active/--disabled", help="Enable or disable (ends sessions, revokes tokens)."),
) -> None:
    """Change a user's role, organisation or whether they may log in."""
    from veille.store import access

    with _store() as store:
        user = access.update_user(store, access.find_user(store, email).user_id, role=role, org_id=org, active=active)
        access.audit(store, "user.set", None, user.user_id, {"role": role, "org": org, "active": active, "by": "cli"})
    out.print(f"{user.email}: {user.role}, {user.org_id or 'no organisation'}, {'active' if user.active else 'disabled'}")


@users_app.command("password")
def users_password(
    email: str = typer.Argument(..., help="E-mail or user id."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
) -> None:
    """Set a user's password (their sessions end)."""
    from veille.store import access

    with _store() as store:
        user = access.find_user(store, email)
        access.set_password(store, user.user_id, _password(password_stdin))
        access.audit(store, "user.password", None, user.user_id, {"by": "cli"})
    out.print(f"Password set for {user.email}")


@users_app.command("org-add")
def users_org_add(
    org_id: str = typer.Argument(..., help="Short id: lower-case letters, digits, - and _."),
    name: str = typer.Option(..., help="The organisation's name."),
    receives_reports: bool = typer.Option(False, "--receives-reports",
                                          help="This organisation receives and triages community reports."),
) -> None:
    """Add an organisation."""
    from veille.store import access

    with _store() as store:
        access.add_org(store, org_id, name, receives_reports)
        access.audit(store, "org.add", None, org_id, {"receives_reports": receives_reports, "by": "cli"})
    out.print(f"Added organisation {org_id}" + (" (receives community reports)" if receives_reports else ""))


@users_app.command("orgs")
def users_orgs(as_json: bool = typer.Option(False, "--json")) -> None:
    """Organisations, and which share their AMBER records with which."""
    from veille.store import access

    with _store() as store:
        _frame_out(access.orgs(store), as_json, "Organisations")
        if not as_json:
            _frame_out(access.shares(store), False, "AMBER shared from → to")


@users_app.command("share")
def users_share(from_org: str = typer.Argument(...), to_org: str = typer.Argument(...),
                stop: bool = typer.Option(False, "--stop", help="Stop sharing.")) -> None:
    """Let TO_ORG's users read FROM_ORG's AMBER records (or stop, with --stop)."""
    from veille.store import access

    with _store() as store:
        (access.unshare_amber if stop else access.share_amber)(store, from_org, to_org)
        access.audit(store, "org.unshare" if stop else "org.share", None, f"{from_org}->{to_org}", {"by": "cli"})
    out.print(f"{from_org}'s AMBER records are {'no longer ' if stop else ''}shared with {to_org}")


@users_app.command("token")
def users_token(
    email: str = typer.Argument(..., help="E-mail or user id."),
    label: str | None = typer.Option(None, help="What the token is for."),
    days: int | None = typer.Option(None, help="Lifetime in days (default: until revoked)."),
) -> None:
    """Create an API token; it is printed once and only its hash is kept."""
    from veille.store import access

    with _store() as store:
        user = access.find_user(store, email)
        token_id, secret = access.create_token(store, user.user_id, label, days)
        access.audit(store, "token.create", user, token_id, {"label": label, "days": days, "by": "cli"})
    err.print(f"Token {token_id} for {user.email} (shown once; send it as 'Authorization: Bearer …'):")
    sys.stdout.write(secret + "\n")


@users_app.command("tokens")
def users_tokens(email: str | None = typer.Argument(None, help="Only this user's."),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """API tokens (never their secrets): owner, label, created, expires, revoked, last used."""
    from veille.store import access

    with _store() as store:
        user_id = access.find_user(store, email).user_id if email else None
        _frame_out(access.tokens(store, user_id), as_json, "API tokens")


@users_app.command("revoke")
def users_revoke(token_id: str = typer.Argument(..., help="The token's id (t_…), from `veille users tokens`.")) -> None:
    """Revoke an API token at once."""
    from veille.store import access

    with _store() as store:
        access.revoke_token(store, token_id)
        access.audit(store, "token.revoke", None, token_id, {"by": "cli"})
    out.print(f"Revoked {token_id}")


@users_app.command("new-key")
def users_new_key() -> None:
    """Print a new key for VEILLE_REPORTS_KEY (encrypts reporters' contact details)."""
    from veille.store.reports import new_key

    sys.stdout.write(new_key() + "\n")


@users_app.command("audit")
def users_audit(action: str | None = typer.Option(None, help="Only this action (login, export.*, …)."),
                limit: int = typer.Option(50, help="Most recent entries to show."),
                as_json: bool = typer.Option(False, "--json")) -> None:
    """The audit log: every write and export, who, when, from where."""
    from veille.store import access

    with _store(read_only=True) as store:
        _frame_out(access.audit_log(store, action=action, limit=limit), as_json, "Audit log")

# ---- analysis ---------------------------------------------------------------------


def _months(text: str | None):
    from veille.model import MonthRange

    return MonthRange.parse(text) if text else None


def _write_frame(frame, output: Path) -> None:
    """A result table to CSV, JSON (records) or Parquet, by the file's suffix."""
    suffix = output.suffix.lower()
    plain = frame.copy()
    for column in plain.columns:  # lists and sets (event ids, P-codes) as JSON text in flat formats
        if plain[column].map(lambda v: isinstance(v, (list, tuple, set))).any():
            plain[column] = plain[column].map(lambda v: json.dumps(sorted(v) if isinstance(v, set) else list(v))
                                              if isinstance(v, (list, tuple, set)) else v)
    if suffix == ".csv":
        plain.to_csv(output, index=False)
    elif suffix == ".json":
        output.write_text(plain.to_json(orient="records", date_format="iso", force_ascii=False) + "\n",
                          encoding="utf-8")
    elif suffix == ".parquet":
        plain.to_parquet(output, index=False)
    else:
        raise InvalidValue(f"--output {output}: expected a .csv, .json or .parquet file name")


def _show_frame(frame, title: str, columns: list[str], rows: int = 20) -> None:
    table = Table(*columns, title=title)
    for record in frame[columns].tail(rows).itertuples(index=False):
        table.add_row(*("" if v is None or v != v else f"{v:,.2f}" if isinstance(v, float) else
                        f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v) for v in record))
    out.print(table)
    if len(frame) > rows:
        out.print(f"[dim]last {rows} of {len(frame):,} rows; --output F.csv writes them all[/dim]")


def _analysis_events(country: list[str], months):
    from veille.analysis import load_events

    with _store(read_only=True) as store:
        events = load_events(store, countries=tuple(c.upper() for c in country), months=months)
    if events.empty:
        raise InvalidValue("no events in the database for that selection; import some with `veille ingest` "
                           "or build the demo database with `veille demo`")
    return events


def _finish(frame, output: Path | None, as_json: bool, title: str, columns: list[str], rows: int = 20) -> None:
    if output:
        _write_frame(frame, output)
        err.print(f"Wrote {len(frame):,} rows to {output}")
    if as_json:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
    elif not output:
        _show_frame(frame, title, [c for c in columns if c in frame.columns], rows)


_COUNTRY = typer.Option([], "--country", help="ISO3 country code; repeat for several (default: all).")
_MONTHS = typer.Option(None, "--months", help="Month range YYYY-MM:YYYY-MM (default: all the data).")
_OUTPUT = typer.Option(None, "--output", "-o", help="Write the whole table (.csv, .json or .parquet).")
_PLOT = typer.Option(None, "--plot", help="Draw the result as a PNG.")
_JSON = typer.Option(False, "--json", help="The whole table as JSON to stdout.")


@analyse_app.command("spillover")
def analyse_spillover(
    country: list[str] = _COUNTRY, months: str | None = _MONTHS,
    origin: str | None = typer.Option(None, help="Measure distance from this country's border instead "
                                                 "(e.g. MLI for Burkina Faso)."),
    cluster_km: float = typer.Option(50.0, help="Cross-border clusters: events within this distance…"),
    cluster_days: int = typer.Option(30, help="…and this many days of each other."),
    output: Path | None = _OUTPUT, plot: Path | None = _PLOT, as_json: bool = _JSON,
) -> None:
    """Per country and month: events by distance band from the Sahel front, median and deepest
    distance, admin-2 units newly affected, cross-border clusters."""
    from veille.analysis import plot_spillover, spillover

    months_range = _months(months)
    events = _analysis_events(country, None)
    countries = tuple(c.upper() for c in country) or None
    table = spillover(events, countries=countries, months=months_range, origin=origin,
                      cluster_km=cluster_km, cluster_days=cluster_days)
    if plot:
        plot_spillover(table, plot)
        err.print(f"Drew {plot}")
    _finish(table, output, as_json, "Spillover", ["country_iso3", "month", "measured_from", "events",
            "events_0_20", "events_20_50", "events_50_100", "events_100_plus", "median_km", "deepest_km",
            "new_admin2", "cross_border_clusters"])


@analyse_app.command("hotspots")
def analyse_hotspots(
    country: list[str] = _COUNTRY, months: str | None = _MONTHS,
    unit: str = typer.Option("admin2", help="admin2 or pgm (PRIO-GRID cells)."),
    window: int = typer.Option(3, help="Months in the space-time neighbourhood."),
    alpha: float = typer.Option(0.05, help="Significance level (with false-discovery-rate correction)."),
    every_month: bool = typer.Option(False, "--every-month", help="One row per unit and month, "
                                                                   "not just each unit's final pattern."),
    output: Path | None = _OUTPUT, plot: Path | None = _PLOT, as_json: bool = _JSON,
) -> None:
    """Emerging hot-spot analysis: Gi* over a space-time window and a Mann-Kendall trend,
    classified as new, consecutive, intensifying, persistent, diminishing, sporadic,
    oscillating or historical."""
    from veille.analysis import emerging_hotspots, hotspot_summary, plot_hotspots, unit_geometries

    if unit not in ("admin2", "pgm"):
        raise InvalidValue(f"--unit: expected admin2 or pgm, got {unit!r}")
    months_range = _months(months)
    events = _analysis_events(country, None)
    countries = tuple(c.upper() for c in country) or None
    table = emerging_hotspots(events, unit, countries, months_range, window=window, alpha=alpha)
    if plot:
        used = tuple(sorted(table["country_iso3"].dropna().unique()))
        plot_hotspots(table, unit_geometries(unit, used), plot)
        err.print(f"Drew {plot}")
    result = table if every_month else hotspot_summary(table)
    if output or as_json:
        _finish(result, output, as_json, "", [])
        return
    shown = result[result["category"] != ""].sort_values(["category", "country_iso3", "name"])
    _show_frame(shown, f"Hot spots ({unit}): units with a pattern as of {table['month'].max()}",
                [c for c in ("unit", "name", "country_iso3", "category", "first_hot", "first_new_hot_spot",
                             "events", "month", "gi_z", "bin") if c in shown.columns], rows=40)


@analyse_app.command("trends")
def analyse_trends(
    country: list[str] = _COUNTRY, months: str | None = _MONTHS,
    unit: str = typer.Option("admin1", help="country, admin1 or admin2."),
    baseline: int = typer.Option(12, help="Months in each unit's own baseline."),
    surge: bool = typer.Option(False, "--surge", help="Weekly Surge flags instead of monthly change."),
    output: Path | None = _OUTPUT, plot: Path | None = _PLOT, as_json: bool = _JSON,
) -> None:
    """Each unit against its own baseline, or (--surge) ACLED's Surge rule by week."""
    from veille.analysis import baseline_change, surges
    from veille.analysis.trends import plot_trend

    months_range = _months(months)
    events = _analysis_events(country, months_range if surge else None)
    if surge:
        table = surges(events, unit)
        flagged = table[table["surge"]] if "surge" in table.columns else table
        _finish(table if (output or as_json) else flagged, output, as_json, f"Surges ({unit}), flagged weeks",
                ["unit", "country_iso3", "week_end", "week_events", "previous_weekly_average", "surge"])
        return
    table = baseline_change(events, unit, months_range, baseline=baseline)
    if plot:
        plot_trend(table, plot)
        err.print(f"Drew {plot}")
    _finish(table, output, as_json, f"Change against each unit's {baseline}-month baseline ({unit})",
            ["unit", "unit_name", "month", "events", "baseline_events", "change", "ratio", "z"])


@analyse_app.command("indicators")
def analyse_indicators(
    country: list[str] = _COUNTRY, months: str | None = _MONTHS,
    unit: str = typer.Option("country", help="country or admin1."),
    period: str = typer.Option("year", help="month or year."),
    output: Path | None = _OUTPUT, plot: Path | None = _PLOT, as_json: bool = _JSON,
) -> None:
    """Deadliness, danger to civilians, diffusion and fragmentation per unit and period."""
    from veille.analysis import conflict_indicators, plot_indicators

    table = conflict_indicators(_analysis_events(country, _months(months)), unit, period)
    if plot:
        plot_indicators(table, plot)
        err.print(f"Drew {plot}")
    _finish(table, output, as_json, f"Conflict indicators ({unit} × {period})",
            ["unit", "period", "events", "deadliness", "danger_to_civilians", "diffusion", "fragmentation"])


@analyse_app.command("actors")
def analyse_actors(
    country: list[str] = _COUNTRY, months: str | None = _MONTHS,
    what: str = typer.Option("first", "--what", help="first (first appearances), pairs (who fights whom), "
                                                     "associated (alliances) or jnim-is (JNIM vs IS Sahel)."),
    level: str = typer.Option("country", help="Area for first appearances / JNIM vs IS Sahel: country, "
                                              "admin1 or admin2."),
    period: str = typer.Option("year", help="year or month (pairs, jnim-is)."),
    output: Path | None = _OUTPUT, plot: Path | None = _PLOT, as_json: bool = _JSON,
) -> None:
    """Actors: first appearances, pairs over time, associated actors, JNIM against IS Sahel."""
    from veille.analysis import actor_pairs, associated_actors, first_appearances, jnim_vs_is_sahel
    from veille.analysis.actors import plot_jnim_vs_is_sahel

    events = _analysis_events(country, _months(months))
    if what == "first":
        table = first_appearances(events, level)
        columns = ["actor", "area", "country_iso3", "first_date", "event_id", "events"]
    elif what == "pairs":
        table = actor_pairs(events, period)
        columns = list(table.columns)
    elif what == "associated":
        table = associated_actors(events)
        columns = list(table.columns)
    elif what == "jnim-is":
        table = jnim_vs_is_sahel(events, level if level != "country" else "admin1", period)
        columns = list(table.columns)
        if plot:
            plot_jnim_vs_is_sahel(table, plot)
            err.print(f"Drew {plot}")
    else:
        raise InvalidValue(f"--what: expected first, pairs, associated or jnim-is, got {what!r}")
    _finish(table, output, as_json, f"Actors: {what}", columns)


# ---- alerts ------------------------------------------------------------------------


@alerts_app.command("run")
def alerts_run(
    rules: Path | None = typer.Option(None, help="Rules file (default: the bundled alerts/rules.yaml)."),
    since: str | None = typer.Option(None, help="Keep alerts from this day's month on (YYYY-MM-DD)."),
    country: list[str] = _COUNTRY,
    email_to: list[str] = typer.Option([], "--email-to", help="Send the new alerts to this address."),
    webhook: str | None = typer.Option(None, help="POST the new alerts as JSON to this URL."),
    smtp_host: str = typer.Option("localhost", help="SMTP server for --email-to."),
    smtp_port: int = typer.Option(25, help="SMTP port."),
    as_json: bool = _JSON,
) -> None:
    """Run every alert rule over the store; save what fires (each alert once, across runs)."""
    from veille.alerts import deliver, run_alerts

    with _store() as store:
        alerts = run_alerts(store, rules_path=rules, since=_date(since, "--since"),
                            countries=tuple(c.upper() for c in country))
        fresh = [a for a in alerts if a.new]
        sent = {}
        if fresh and (email_to or webhook):
            sent = deliver(store, [a.as_dict() for a in fresh], email_to=list(email_to) or None,
                           webhook_url=webhook, smtp={"host": smtp_host, "port": smtp_port})
    if as_json:
        sys.stdout.write(json.dumps({"alerts": len(alerts), "new": len(fresh), "sent": sent}) + "\n")
        return
    by_rule: dict[str, list[int]] = {}
    for a in alerts:
        by_rule.setdefault(a.rule, [0, 0])
        by_rule[a.rule][0] += 1
        by_rule[a.rule][1] += int(a.new)
    table = Table("rule", "alerts", "new this run", title="Alert rules")
    for rule, (n, new) in sorted(by_rule.items()):
        table.add_row(rule, f"{n:,}", f"{new:,}")
    out.print(table)
    out.print(f"{len(alerts):,} alerts, {len(fresh):,} new" +
              ("".join(f"; {n} sent by {channel}" for channel, n in sent.items())) +
              ". See `veille alerts list`.")


@alerts_app.command("list")
def alerts_list(
    country: list[str] = _COUNTRY,
    rule: list[str] = typer.Option([], help="Only this rule; repeat for several."),
    severity: list[str] = typer.Option([], help="Only this severity; repeat for several."),
    since: str | None = typer.Option(None, help="Periods from this day's month on (YYYY-MM-DD)."),
    limit: int = typer.Option(30, help="At most this many (0 for all)."),
    max_tlp: Tlp = typer.Option(Tlp.RED, "--max-tlp", help="Leave out alerts above this TLP."),
    as_json: bool = _JSON,
) -> None:
    """Stored alerts, newest first, with their evidence."""
    from veille.alerts import list_alerts

    with _store(read_only=True) as store:
        frame = list_alerts(store, countries=tuple(c.upper() for c in country), rules=tuple(rule),
                            severities=tuple(severity), since=_date(since, "--since"), max_tlp=max_tlp,
                            limit=limit or None)
    if as_json:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
        return
    if frame.empty:
        out.print("No alerts. Run `veille alerts run` first.")
        return
    table = Table("period", "severity", "rule", "where", "title", "events")
    for r in frame.itertuples():
        table.add_row(str(r.period), r.severity, r.rule, f"{r.country_iso3 or ''} {r.unit_name or ''}".strip(),
                      r.title, f"{r.evidence_count:,}")
    out.print(table)


# ---- forecasts ---------------------------------------------------------------------


@app.command()
def forecast(
    unit: str = typer.Option("admin1", help="admin1 or pgm (PRIO-GRID cells)."),
    target: str = typer.Option("events", help="events (political violence) or fatalities."),
    train_end: str = typer.Option(..., "--train-end", help="Last month of data used, YYYY-MM."),
    horizons: str = typer.Option("1-12", help="Months ahead, e.g. 1-12 or 3."),
    samples: int = typer.Option(1000, help="Draws per unit and month."),
    output: Path = typer.Option(..., "--output", "-o", help="Parquet file to write."),
    country: list[str] = _COUNTRY,
    seed: int = typer.Option(0, help="Random seed (the same seed gives the same draws)."),
    save: bool = typer.Option(True, help="Also keep the run and its forecasts in the database."),
    model: str = typer.Option("quantile", help="quantile (LightGBM quantile regression, the default), "
                                               "hurdle (LightGBM P(any) × log-normal size) or negbin "
                                               "(LightGBM Poisson mean × negative-binomial spread)."),
) -> None:
    """Forecast political violence per unit and month as draws (contract: unit, unit_name,
    country_iso3, month, horizon, mean, p_gt0, draws)."""
    from veille.forecast import forecast as make_forecast
    from veille.forecast import model_params, write_forecast_parquet
    from veille.model import Horizon, Month

    params = model_params(model, unit)
    with _store(read_only=not save) as store, err.status("Forecasting…"):
        frame = make_forecast(store, unit, target, Month.parse(train_end), Horizon.parse(horizons),
                              samples=samples, seed=seed, countries=tuple(c.upper() for c in country), save=save,
                              params=params)
    write_forecast_parquet(frame, output)
    for country, end in sorted(frame.attrs.get("excluded_countries", {}).items()):
        err.print(f"[yellow]{country} left out: its data end in {end}, before {train_end}[/yellow]")
    units = frame["unit"].nunique()
    out.print(f"Wrote {len(frame):,} forecasts ({units:,} units × {frame['horizon'].nunique()} horizons, "
              f"{samples:,} draws each) to {output}" + (f"; run {frame.attrs['run_id']}" if save else ""))
    first = frame[frame["horizon"] == frame["horizon"].min()].nlargest(10, "mean")
    table = Table("unit", "name", "country", "month", "mean", "P(any)", "90% interval",
                  title=f"Highest expected {target}, {first['month'].iloc[0] if len(first) else ''}")
    import numpy as np

    for r in first.itertuples():
        low, high = np.quantile(r.draws, [0.05, 0.95])
        table.add_row(str(r.unit), str(r.unit_name), str(r.country_iso3), r.month, f"{r.mean:.1f}",
                      f"{r.p_gt0:.2f}", f"{low:.0f}–{high:.0f}")
    out.print(table)


@app.command()
def backtest(
    unit: str = typer.Option("admin1", help="admin1 or pgm (PRIO-GRID cells)."),
    target: str = typer.Option("events", help="events (political violence) or fatalities."),
    origins: str = typer.Option(..., help="Forecast origins YYYY-MM:YYYY-MM (each month of the range) "
                                          "or YYYY-MM:YYYY-MM:STEP."),
    horizons: str = typer.Option("1-12", help="Months ahead, e.g. 1-12."),
    samples: int = typer.Option(1000, help="Draws per unit and month."),
    output: Path = typer.Option(Path("backtest.json"), "--output", "-o", help="JSON file to write."),
    plot: Path | None = _PLOT,
    country: list[str] = _COUNTRY,
    data_end: str | None = typer.Option(None, help="Last month of data scored (default: the last complete one)."),
    seed: int = typer.Option(0, help="Random seed."),
    model: str = typer.Option("quantile", help="quantile (the default), hurdle or negbin."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Processes to score the origins in (0: one per core); "
                                                     "the result is the same."),
) -> None:
    """Score the model and the four benchmarks (zero, last, conflictology, bootstrap) from rolling
    origins: CRPS, Brier and average precision for any violence and for onset, MSLE, 90% coverage."""
    from veille.forecast import backtest as run_backtest
    from veille.forecast import model_params
    from veille.forecast.backtest import default_jobs
    from veille.model import Horizon, Month, MonthRange

    if jobs < 0:
        raise InvalidValue(f"--jobs must be 0 (one per core) or more, got {jobs}")
    jobs = jobs or default_jobs()

    parts = origins.split(":")
    if len(parts) == 3:
        try:
            step = int(parts[2])
        except ValueError:
            raise InvalidValue(f"--origins: expected START:END[:STEP], got {origins!r}") from None
        origin_months = list(MonthRange.parse(f"{parts[0]}:{parts[1]}"))[::step]
    else:
        origin_months = list(MonthRange.parse(origins))
    with _store(read_only=True) as store, err.status(f"Backtesting {len(origin_months)} origins…"):
        result = run_backtest(store, unit, target, origin_months, Horizon.parse(horizons), samples=samples,
                              seed=seed, countries=tuple(c.upper() for c in country),
                              data_end=Month.parse(data_end) if data_end else None, params=model_params(model, unit),
                              jobs=jobs)
    result.to_json(output)
    if plot:
        result.plot(plot)
    overall = result.overall()
    columns = ["crps", "brier_any", "ap_any", "brier_onset", "ap_onset", "msle", "coverage90", "coverage90_pit"]
    table = Table("model", *columns, title=f"{unit} × month, {target}: {result.config['units']} units, "
                  f"{len(origin_months)} origins, horizons {horizons}, pooled")
    for name, row in overall.iterrows():
        table.add_row(name, *(f"{row[c]:.4f}" if row[c] == row[c] else "" for c in columns))
    out.print(table)
    skill = result.skill()
    if skill:
        out.print(f"CRPS against the best benchmark, mean over horizons: "
                  f"{skill['crps_reduction_mean_over_horizons']:+.1%} (positive is better); "
                  f"onset AP {skill['ap_onset_ratio']:.2f}× the best benchmark; "
                  f"90% coverage {skill['coverage90_model']:.3f} "
                  f"({skill.get('coverage90_pit_model', float('nan')):.3f} by randomised PIT)")
    out.print(f"Wrote {output}" + (f" and {plot}" if plot else ""))



# ---- backends: migrate-store, backup, restore ----------------------------------------


def _transfer_output(report, as_json: bool, verb: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict()) + "\n")
        return
    table = Table("table", "rows", "digest (md5 of sorted row md5s)")
    for check in report.tables.values():
        table.add_row(check.table, f"{check.rows:,}", check.digest)
    out.print(table)
    out.print(f"{verb} {report.rows:,} rows in {len(report.tables)} tables from {report.source} to "
              f"{report.target}; every table checked (rows and digest).")
    if report.applied_after:
        out.print(f"Then applied newer migrations: {', '.join(report.applied_after)}")


@app.command("migrate-store")
def migrate_store(
    source: str = typer.Argument(..., help="Database to copy from: a DuckDB file or postgresql://… URL."),
    target: str = typer.Argument(..., help="Empty database to copy into (either backend)."),
    as_json: bool = typer.Option(False, "--json", help="Write the report as one JSON object."),
) -> None:
    """Copy a whole database across backends (DuckDB ↔ PostgreSQL), verified table by table."""
    from veille.store.transfer import copy_store

    with _progress() as progress:
        task = progress.add_task("copying", total=None)
        report = copy_store(source, target, lambda table, rows: progress.update(task, description=table))
    _transfer_output(report, as_json, "Copied")


@app.command()
def backup(
    path: Path = typer.Argument(..., help="Backup file to write (one tar of Parquet tables and a manifest)."),
    as_json: bool = typer.Option(False, "--json", help="Write the report as one JSON object."),
) -> None:
    """Write the whole database (--db) to one file, from one consistent snapshot."""
    from veille.store.transfer import backup as write_backup

    report = write_backup(state.db or settings.get("db"), path)
    _transfer_output(report, as_json, "Backed up")


@app.command()
def restore(
    path: Path = typer.Argument(..., help="Backup file written by `veille backup`."),
    as_json: bool = typer.Option(False, "--json", help="Write the report as one JSON object."),
) -> None:
    """Load a backup into an empty database (--db, either backend), verified table by table."""
    from veille.store.transfer import restore as load_backup

    report = load_backup(path, state.db or settings.get("db"))
    _transfer_output(report, as_json, "Restored")


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
    _say_quarantined(reports)


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
    if result["admin1_with_vintages"] != result["fields"]["admin1"]:
        out.print(f"admin-1 right on our map or on the gold's older or newer one "
                  f"(data/geo/boundary_changes.csv): {result['admin1_with_vintages']:.1%}")
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
