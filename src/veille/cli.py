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
