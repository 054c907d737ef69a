"""The FastAPI application: one store, one request context, one error handler.

Every page builds one plain dict (``web/views``); its HTML route renders that dict with
a template and its API route returns the same dict as JSON. Errors of the
``veille.errors`` family — and FastAPI's own — are rendered in one place: an HTML page
for the dashboard, ``{"ok": false, "error": …, "status": …}`` for ``/api``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from veille import __version__, settings
from veille.errors import BadRequest, TooManyRequests, Unauthorized, VeilleError
from veille.store import Store, open_store
from veille.web import auth
from veille.web.i18n import LANG_COOKIE, LANGS, pick_lang, translator

HERE = Path(__file__).resolve().parent
log = logging.getLogger("veille.web")


@dataclass(frozen=True)
class WebConfig:
    db: str
    session_hours: float
    cookie_secure: bool
    login_attempts: int
    report_limit: int
    anonymous: bool
    map_max_points: int
    cache_seconds: int
    reports_key: str
    sms_webhook_key: str

    @classmethod
    def from_settings(cls, db: str | None = None, **overrides) -> WebConfig:
        names = ("session_hours", "cookie_secure", "login_attempts", "report_limit", "anonymous",
                 "map_max_points", "cache_seconds")
        values = {name: settings.get("web_" + name, overrides.pop(name, None)) for name in names}
        values["reports_key"] = settings.get("reports_key", overrides.pop("reports_key", None))
        values["sms_webhook_key"] = settings.get("sms_webhook_key", overrides.pop("sms_webhook_key", None))
        if overrides:
            raise TypeError(f"unknown web setting(s): {', '.join(overrides)}")
        return cls(db=db or settings.get("db"), **values)


class StorePool:
    """Stores lent to one request at a time, each over its own connection (a DuckDB
    cursor of the one process-wide connection, or a PostgreSQL connection of its own).
    A request keeps its store from its first dependency to its response: FastAPI may run
    a request's dependencies and its route on different threads, so a store per thread
    would be shared between requests."""

    def __init__(self, path: str):
        self.base = open_store(path)
        self._lock = threading.Lock()
        self._free: list[Store] = []
        self._opened: list[Store] = []

    def get(self) -> Store:
        with self._lock:
            if self._free:
                return self._free.pop()
            store = self.base.clone()
            self._opened.append(store)
            return store

    def release(self, store: Store) -> None:
        if store._in_transaction:  # a request that failed mid-transaction: not lent again
            return
        with self._lock:
            self._free.append(store)

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store._con.close()
            self._opened.clear()
            self._free.clear()
        self.base.close()


@dataclass
class Ctx:
    """What a route needs: the request, this thread's store, the caller, the language."""

    request: Request
    store: Store
    caller: auth.Caller
    lang: str
    config: WebConfig

    @property
    def audience(self):
        return self.caller.audience

    @property
    def user(self):
        return self.caller.user

    def t(self, text: str, **values) -> str:
        return translator(self.lang)(text, **values)

    def ip(self) -> str:
        return auth.client_address(self.request)


def get_ctx(request: Request) -> Ctx:
    app = request.app
    store = app.state.pool.get()
    try:
        caller = auth.identify(request, store)
        config: WebConfig = app.state.config
        if not config.anonymous and caller.user is None and not _open_without_login(request.url.path):
            raise Unauthorized("log in first")
    except BaseException:
        app.state.pool.release(store)  # a refused request gives its connection back too
        raise
    return Ctx(request, store, caller, pick_lang(request), config)


def _open_without_login(path: str) -> bool:
    return path in ("/login", "/reports/new", "/api/reports", "/docs", "/openapi.json") \
        or path.startswith(("/static/", "/api/reports/sms/"))


def request_ctx(request: Request) -> Iterator[Ctx]:
    """The dependency every route takes: a Ctx whose store goes back to the pool once
    the route is done."""
    ctx = get_ctx(request)
    try:
        yield ctx
    finally:
        request.app.state.pool.release(ctx.store)


CTX = Depends(request_ctx)
templates = Jinja2Templates(directory=str(HERE / "pages" / "templates"))
templates.env.globals.update(version=__version__, langs=LANGS)


def render(ctx: Ctx, template: str, data: dict, status: int = 200) -> HTMLResponse:
    """An HTML page from its data dict (the dict the API route returns)."""
    from veille.web.pages.helpers import page_globals

    return templates.TemplateResponse(ctx.request, template, {"data": data, **page_globals(ctx)},
                                       status_code=status)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """The one rendering of an error: JSON for the API, an HTML page for the dashboard."""
    if wants_json(request):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status, headers=headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + _next(target), status_code=303)
    lang = pick_lang(request)
    from veille.web.pages.helpers import anonymous_globals

    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message,
                                                              **anonymous_globals(request, lang)},
                                      status_code=status, headers=headers)


def _next(path: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": path})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VeilleError)
    async def veille_error(request: Request, exc: VeilleError):
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
        return error_response(request, exc.status, exc.message, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        # Name the fields and the problem; never echo the values (a contact number, a password).
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path"))
            problems.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
        return error_response(request, BadRequest.status, "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = {404: "not found", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.error("unexpected error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return error_response(request, 500, "internal error; the server log has the details")


def install_middleware(app: FastAPI, config: WebConfig) -> None:
    @app.middleware("http")
    async def security(request: Request, call_next):
        cookie = request.cookies.get(auth.CSRF_COOKIE)
        request.state.csrf_cookie = cookie or auth.new_csrf_cookie()
        response = await call_next(request)
        asked = request.query_params.get("lang")
        if asked in LANGS and request.cookies.get(LANG_COOKIE) != asked:
            response.set_cookie(LANG_COOKIE, asked, samesite="lax", secure=config.cookie_secure, path="/",
                                max_age=365 * 86400)
        if not cookie:
            response.set_cookie(auth.CSRF_COOKIE, request.state.csrf_cookie, httponly=True, samesite="strict",
                                secure=config.cookie_secure, path="/")
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        if not request.url.path.startswith("/static/"):
            headers.setdefault("Cache-Control", "no-store")
        return response


def create_app(db: str | None = None, config: WebConfig | None = None) -> FastAPI:
    """The dashboard and API over the database at ``db`` (or ``config.db``)."""
    config = config or WebConfig.from_settings(db)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        worker = getattr(app.state, "brief_worker", None)
        if worker is not None:
            worker.shutdown(wait=True, cancel_futures=True)
        app.state.pool.close()

    app = FastAPI(title="veille", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Conflict early warning for West Africa's coastal states: events, analyses, "
                              "forecasts, alerts, responses, briefs and community reports. Every answer is "
                              "narrowed to what the caller's TLP clearance allows (docs/web.md).")
    app.state.config = config
    app.state.pool = StorePool(config.db)
    app.state.login_limiter = auth.RateLimiter(config.login_attempts, 15 * 60)
    app.state.report_limiter = auth.RateLimiter(config.report_limit, 60 * 60)
    from veille.web.cache import ResultCache

    app.state.cache = ResultCache(config.cache_seconds)
    app.state.brief_worker, app.state.brief_jobs = None, {}
    install_error_handlers(app)
    install_middleware(app, config)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    from veille.web.api import router as api_router
    from veille.web.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse((HERE / "static" / "docs.html").read_text(encoding="utf-8"))

    return app


__all__ = ["CTX", "Ctx", "StorePool", "WebConfig", "create_app", "error_response", "render"]
