"""Situation briefs (``veille.reports.brief``) to read and download.

An analyst asks for one (countries or a region, a month, a language, GREEN or AMBER);
it is built in the background through the reader's own view of the store
(``store.reader``): a GREEN brief sees only CLEAR and GREEN records and may go to every
logged-in user; an AMBER brief also sees its organisation's own AMBER records (not
those partners share with it) and belongs to that organisation."""

from __future__ import annotations

import concurrent.futures

from veille.countries import WEST_AFRICA, country_name
from veille.errors import InvalidValue
from veille.model import Month, Tlp
from veille.store import access
from veille.store import briefs as brief_table
from veille.store.audience import Audience
from veille.store.reader import reader_store
from veille.web.auth import require
from veille.web.plain import records, row

LANGS = ("en", "fr")


def _regions() -> list[str]:
    from veille.reports.brief import REGIONS

    return list(REGIONS)


def briefs_page(ctx) -> dict:
    require(ctx.caller)
    return {"briefs": records(brief_table.list_briefs(ctx.store, ctx.audience)),
            "can_request": ctx.audience.can("analyst"),
            "choices": {"countries": [{"iso3": c, "name": country_name(c)} for c in WEST_AFRICA],
                        "regions": _regions(), "langs": list(LANGS),
                        "tlp": ["GREEN"] + (["AMBER"] if ctx.user and ctx.user.org_id else [])},
            "links": {"json": "/api/briefs"}}


def brief_page(ctx, brief_id: str) -> dict:
    require(ctx.caller)
    return {"brief": row(brief_table.get_brief(ctx.store, ctx.audience, brief_id))}


def builder_audience(tlp: Tlp, org_id: str | None) -> Audience:
    """Who a brief is built as: GREEN — a logged-in reader of no organisation; AMBER — the
    organisation itself, without what partners share with it."""
    if tlp is Tlp.GREEN:
        return Audience(user_id="brief:green", org_id=None)
    return Audience(user_id=f"brief:{org_id}", org_id=org_id, shared=False)


def build_and_store(store, brief_id: str, countries: tuple[str, ...], region: str | None, month: Month, lang: str,
                    audience: Audience, forecast_frame=None) -> None:
    """Build one brief through ``audience``'s view and keep its HTML, Markdown and PDF."""
    from veille.reports.brief import build_brief

    try:
        with reader_store(store, audience) as reader:
            brief = build_brief(reader, countries, month, lang, region=region, save_forecast=False,
                                forecast_frame=forecast_frame)
            html, md = brief.to_html(), brief.to_markdown()
        try:
            pdf = brief.to_pdf()
        except Exception:  # noqa: BLE001 - WeasyPrint missing or failing costs the PDF only
            pdf = None
        brief_table.finish_brief(store, brief_id, brief.title, html, md, pdf)
    except Exception as exc:  # noqa: BLE001 - the brief is marked failed with the reason
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        brief_table.fail_brief(store, brief_id, message)


def request_brief(ctx, countries: list[str], region: str | None, month: str | None, lang: str,
                  tlp: str = "GREEN") -> dict:
    user = require(ctx.caller, "analyst")
    from veille.reports.brief import latest_month, resolve_countries

    if lang not in LANGS:
        raise InvalidValue(f"lang must be en or fr, got {lang[:10]!r}")
    level = Tlp(tlp)
    if level not in (Tlp.GREEN, Tlp.AMBER):
        raise InvalidValue("a brief is built GREEN (for every logged-in user) or AMBER (for your organisation)")
    chosen = resolve_countries(tuple(c.upper() for c in countries if c), region or None)
    audience = builder_audience(level, user.org_id)
    if month:
        when = Month.parse(month)
    else:
        with reader_store(ctx.store, audience) as reader:
            when = latest_month(reader)
    brief_id = brief_table.queue_brief(ctx.store, chosen, region or None, str(when), lang, level,
                                       user.user_id, user.org_id if level is Tlp.AMBER else None)
    access.audit(ctx.store, "brief.request", user, brief_id,
                 {"countries": list(chosen), "region": region, "month": str(when), "lang": lang, "tlp": level.value},
                 ctx.ip())
    pool = ctx.request.app.state.pool

    def build() -> None:
        with pool.checkout() as store:
            build_and_store(store, brief_id, chosen, region or None, when, lang, audience)

    job = _worker(ctx.request.app).submit(build)
    ctx.request.app.state.brief_jobs[brief_id] = job
    return {"ok": True, "brief_id": brief_id, "status": "building"}


def _worker(app) -> concurrent.futures.ThreadPoolExecutor:
    if getattr(app.state, "brief_worker", None) is None:
        app.state.brief_worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="veille-brief")
    return app.state.brief_worker


def download(ctx, brief_id: str, fmt: str) -> tuple[bytes | str, str, str]:
    user = require(ctx.caller)
    content = brief_table.brief_content(ctx.store, ctx.audience, brief_id, fmt)
    access.audit(ctx.store, f"export.brief.{fmt}", user, brief_id, None, ctx.ip())
    return content, brief_table.FORMATS[fmt], f"veille-{brief_id}.{fmt}"


__all__ = ["brief_page", "briefs_page", "build_and_store", "builder_audience", "download", "request_brief"]
