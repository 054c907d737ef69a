"""The FastAPI application: one store, one request context, one error handler.

Every page builds one plain dict (``web/views``); its HTML route renders that dict with
a template and its API route returns the same dict as JSON. Errors of the
``veille.errors`` family — and FastAPI's own — are rendered in one place: an HTML page
for the dashboard, ``{"ok": false, "error": …, "status": …}`` for ``/api``.
"""

from __future__ import annotations

import contextlib
import logging
import queue
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
    """One DuckDB connection for the process, and connections of it (``Store.clone``)
    lent out one request at a time: a connection must never serve two threads at once,
    and FastAPI may run a request's dependencies and its handler on different threads."""

    def __init__(self, path: str):
        self.base = open_store(path)
        self._free: queue.SimpleQueue[Store] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._opened: list[Store] = []

    def acquire(self) -> Store:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                store = self.base.clone()
                self._opened.append(store)
            return store

    def release(self, store: Store) -> None:
        if store._in_transaction:  # never hand on a connection in the middle of a transaction
            with contextlib.suppress(*store._backend.errors):
                store._con.execute("ROLLBACK")
            store._in_transaction = False
        self._free.put(store)

    @contextlib.contextmanager
    def checkout(self) -> Iterator[Store]:
        store = self.acquire()
        try:
            yield store
        finally:
            self.release(store)

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                with contextlib.suppress(Exception):
                    store._con.close()
            self._opened.clear()
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


def make_ctx(request: Request, store: Store) -> Ctx:
    caller = auth.identify(request, store)
    config: WebConfig = request.app.state.config
    if not config.anonymous and caller.user is None and not _open_without_login(request.url.path):
        raise Unauthorized("log in first")
    return Ctx(request, store, caller, pick_lang(request), config)


def get_ctx(request: Request) -> Iterator[Ctx]:
    """The request's context, over a connection lent for this request only."""
    with request.app.state.pool.checkout() as store:
        yield make_ctx(request, store)


def _open_without_login(path: str) -> bool:
    return path in ("/login", "/reports/new", "/api/reports", "/docs", "/openapi.json") \
        or path.startswith(("/static/", "/api/reports/sms/"))


CTX = Depends(get_ctx)
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


SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                 b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"))


class SecurityMiddleware:
    """Security headers on every answer, ``no-store`` on all but static files, the
    pre-login CSRF cookie and the language cookie — as plain ASGI, which costs less per
    request than Starlette's BaseHTTPMiddleware."""

    def __init__(self, app, config: WebConfig):
        self.app, self.config = app, config

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        from http.cookies import SimpleCookie
        from urllib.parse import parse_qs

        cookies = SimpleCookie()
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                with contextlib.suppress(Exception):
                    cookies.load(value.decode("latin-1"))
        existing = cookies.get(auth.CSRF_COOKIE)
        csrf = existing.value if existing else auth.new_csrf_cookie()
        scope.setdefault("state", {})["csrf_cookie"] = csrf
        asked = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang") or [None])[0]
        current = cookies.get(LANG_COOKIE)
        secure = "; Secure" if self.config.cookie_secure else ""
        extra = []
        if asked in LANGS and (current is None or current.value != asked):
            extra.append((b"set-cookie", f"{LANG_COOKIE}={asked}; Max-Age={365 * 86400}; Path=/; "
                                         f"SameSite=lax{secure}".encode()))
        if existing is None:
            extra.append((b"set-cookie", f"{auth.CSRF_COOKIE}={csrf}; HttpOnly; Path=/; "
                                         f"SameSite=strict{secure}".encode()))
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db: str | None = None, config: WebConfig | None = None) -> FastAPI:
    """The dashboard and API over the database at ``db`` (or ``config.db``)."""
    config = config or WebConfig.from_settings(db)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        for name in ("brief_worker", "import_worker"):
            worker = getattr(app.state, name, None)
            if worker is not None:  # a brief being built is marked failed; an import rolls back
                # Pending jobs are cancelled; a running one is waited for: closing the
                # store under a running import or brief kills the process at exit.
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
    from veille.web.cache import ResponseCache, ResultCache

    app.state.cache = ResultCache(config.cache_seconds)
    app.state.responses = ResponseCache(config.cache_seconds)
    app.state.brief_worker, app.state.brief_jobs = None, {}
    app.state.import_worker, app.state.import_jobs = None, {}
    install_error_handlers(app)
    app.add_middleware(SecurityMiddleware, config=config)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    from veille.web.api import router as api_router
    from veille.web.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse((HERE / "static" / "docs.html").read_text(encoding="utf-8"))

    return app


__all__ = ["CTX", "Ctx", "SecurityMiddleware", "StorePool", "WebConfig", "create_app", "error_response", "render"]
