"""The dashboard's part of ``veille demo``: alerts and a forecast to look at (unless an
earlier stage made them), two demo organisations with an account per role, a key for
reporters' contact details, and a few community reports — one verified into an AMBER
event, one rejected, the rest waiting in the triage queue.

The reports are written for the demo (places from the bundled gazetteer); none comes
from any source's data."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from veille.store import Store, access
from veille.store import reports as report_table

DEMO_PASSWORD = "veille-demo-2026"
DEMO_ACCOUNTS = (("analyst@ewc.demo", "analyst", "ewc", "Demo analyst"),
                 ("admin@ewc.demo", "admin", "ewc", "Demo administrator"),
                 ("viewer@partner.demo", "viewer", "partner", "Demo partner viewer"))
DEMO_REPORTS = (
    ("web", "fr", "Des hommes armés à moto ont incendié le marché et enlevé deux commerçants.", "Dapaong",
     -9, "+228 90 11 22 33"),
    ("sms", "fr", "Tirs entendus la nuit près de la frontière, des familles fuient vers la ville.", "Mandouri",
     -4, "+228 91 44 55 66"),
    ("api", "en", "Checkpoint attacked by gunmen on the road north of the town; soldiers wounded.", "Cinkassé",
     -3, None),
    ("web", "en", "Armed men burned the market and took two traders away, people say.", "Dapaong", -8, None),
    ("web", "fr", "Rumeur d'attaque, rien vu moi-même.", "Kpendjal", -2, None),
)


def key_path(db: str) -> Path:
    return Path(db + ".reports-key")


def demo_key(db: str) -> str:
    """The demo's contact-details key, kept beside the database (mode 600) so that a later
    ``VEILLE_REPORTS_KEY=$(cat …) veille serve`` can still read the demo contacts."""
    path = key_path(db)
    if path.exists():
        return path.read_text().strip()
    key = report_table.new_key()
    path.write_text(key + "\n")
    os.chmod(path, 0o600)
    return key


def ensure_alerts_and_forecast(store: Store, console) -> None:
    from veille.alerts import run_alerts
    from veille.store.search import adopt_derived_alerts

    if not store._con.execute("SELECT count(*) FROM alerts").fetchall()[0][0]:
        with console.status("Running the alert rules…"):
            alerts = run_alerts(store)
        console.print(f"Alerts: {len(alerts):,} raised by the bundled rules")
    adopt_derived_alerts(store)
    if not store._con.execute("SELECT count(*) FROM forecast_runs").fetchall()[0][0]:
        from veille.forecast import forecast
        from veille.forecast.panel import last_complete_month
        from veille.model import Horizon
        from veille.store.forecasts import save_forecast_run

        last = store._con.execute("SELECT max(event_date) FROM events WHERE source IN ('acled', 'ucdp')").fetchall()[0][0]
        if last is None:
            return
        with console.status("Forecasting six months ahead per admin-1 unit…"):
            frame = forecast(store, "admin1", "events", last_complete_month(last), Horizon(1, 6), samples=200)
            save_forecast_run(store, frame, frame.attrs)
        console.print(f"Forecast: {frame['unit'].nunique()} admin-1 units × 6 months from {frame.attrs['train_end']}")


def ensure_accounts(store: Store) -> list[str]:
    if not store._con.execute("SELECT 1 FROM orgs WHERE org_id = 'ewc'").fetchall():
        access.add_org(store, "ewc", "National early-warning centre (demo)", receives_reports=True)
        access.add_org(store, "partner", "Partner NGO (demo)")
    for email, role, org, name in DEMO_ACCOUNTS:
        if not store._con.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchall():
            access.add_user(store, email, DEMO_PASSWORD, role, org, name)
    return [email for email, *_ in DEMO_ACCOUNTS]


def ensure_reports(store: Store, key: str) -> int:
    if store._con.execute("SELECT count(*) FROM reports").fetchall()[0][0]:
        return 0
    from veille.sources import community

    today = dt.date.today()
    ids = []
    for channel, lang, text, place, days, contact in DEMO_REPORTS:
        ids.append(community.submit(store, community.Submission(
            text=text, channel=channel, lang=lang, place=place, country_iso3="TGO",
            event_date=today + dt.timedelta(days=days), contact=contact), key=key))
    analyst = access.find_user(store, "analyst@ewc.demo")
    community.verify_report(store, analyst, ids[0], "Violence against civilians", "Abduction/forced disappearance",
                            fatalities=0, notes="Market burned and two traders abducted (demo report).")
    community.reject_report(store, analyst, ids[4], "Hearsay: the reporter saw nothing (demo).")
    return len(ids)


def ensure_briefs(store: Store, console) -> int:
    """Togo's brief for the latest month, in English and French, built GREEN through the
    reader's view of the store like every brief the dashboard serves."""
    if store._con.execute("SELECT count(*) FROM briefs").fetchall()[0][0]:
        return 0
    from veille.errors import VeilleError
    from veille.model import Tlp
    from veille.reports.brief import latest_month, panel_forecast, resolve_countries
    from veille.store import briefs as brief_table
    from veille.store.reader import reader_store
    from veille.web.views.briefs import build_and_store, builder_audience

    audience = builder_audience(Tlp.GREEN, None)
    try:
        with reader_store(store, audience) as reader:
            month = latest_month(reader)
            with console.status(f"Briefs for the dashboard ({month})…"):
                frame = panel_forecast(reader, resolve_countries(region="front"), month)
    except VeilleError as exc:
        console.print(f"No briefs for the dashboard: {exc.message}")
        return 0
    made = 0
    for lang in ("en", "fr"):
        brief_id = brief_table.queue_brief(store, ("TGO",), None, str(month), lang, Tlp.GREEN, None, None)
        with console.status(f"Brief for Togo, {month}, {lang}…"):
            build_and_store(store, brief_id, ("TGO",), None, month, lang, audience, forecast_frame=frame)
        made += 1
    return made


def stage_dashboard(ctx) -> None:
    """Accounts, reports, alerts, a forecast and briefs for the dashboard."""
    assert ctx.store is not None
    ensure_alerts_and_forecast(ctx.store, ctx.console)
    accounts = ensure_accounts(ctx.store)
    key = demo_key(ctx.db)
    added = ensure_reports(ctx.store, key)
    ensure_briefs(ctx.store, ctx.console)
    ctx.summary["web"] = {"accounts": accounts, "password": DEMO_PASSWORD, "reports_key_file": str(key_path(ctx.db))}
    ctx.console.print(f"Dashboard: {len(accounts)} demo accounts, {added} community reports; the contact-details "
                      f"key is in {key_path(ctx.db)}")


__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "demo_key", "stage_dashboard"]
