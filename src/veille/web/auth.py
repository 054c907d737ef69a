"""Who is asking, and may they: the session cookie or API token behind a request,
CSRF checks for cookie-authenticated writes, role checks, and rate limits.

- A browser logs in with e-mail and password and gets a session cookie (HttpOnly,
  SameSite=Lax, Secure unless ``web_cookie_secure`` is off). Every form it posts, and
  every write its scripts make to the API, carries the session's CSRF token (form field
  ``csrf_token`` or header ``X-CSRF-Token``). Before login, the token is a random value
  in its own cookie that the form must repeat (double submit).
- A script sends ``Authorization: Bearer vt_…``; tokens are revocable and need no CSRF
  token (a browser never adds that header by itself).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

from fastapi import Request

from veille.errors import Forbidden, TooManyRequests, Unauthorized
from veille.store import Store, access
from veille.store.access import Session, User
from veille.store.audience import Audience

SESSION_COOKIE = "veille_session"
CSRF_COOKIE = "veille_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


@dataclass
class Caller:
    """The principal behind one request."""

    user: User | None = None
    session: Session | None = None
    via_token: bool = False
    csrf_token: str = ""

    @property
    def audience(self) -> Audience:
        return self.user.audience if self.user else Audience.anonymous()


def identify(request: Request, store: Store) -> Caller:
    header = request.headers.get("authorization")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("the Authorization header must be 'Bearer vt_…'")
        return Caller(user=access.user_for_token(store, secret.strip()), via_token=True)
    session = access.session_for(store, request.cookies.get(SESSION_COOKIE, ""))
    if session is not None:
        return Caller(user=session.user, session=session, csrf_token=session.csrf_token)
    return Caller(csrf_token=getattr(request.state, "csrf_cookie", "") or "")


def check_csrf(caller: Caller, submitted: str | None) -> None:
    """Refuse a cookie-authenticated (or anonymous) write whose CSRF token is missing or wrong."""
    if caller.via_token:
        return
    expected = caller.csrf_token
    if not expected or not submitted or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise Forbidden("the form's security token (CSRF) is missing or does not match; reload the page and retry")


def require(caller: Caller, role: str = "viewer") -> User:
    if caller.user is None:
        raise Unauthorized("log in first")
    if not caller.audience.can(role):
        raise Forbidden(f"this needs the {role} role; you are {caller.user.role}")
    return caller.user


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class RateLimiter:
    """At most ``limit`` hits per key in a sliding window of ``seconds``, in memory
    (one process serves the dashboard)."""

    limit: int
    seconds: float
    _hits: dict = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str, what: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.seconds:
                hits.popleft()
            if len(hits) >= self.limit:
                retry = int(hits[0] + self.seconds - now) + 1
                raise TooManyRequests(f"too many {what}; try again in {retry} seconds", retry_after=retry)
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle keys rather than grow without bound
                for stale in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.seconds][:50_000]:
                    del self._hits[stale]

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "SESSION_COOKIE", "Caller", "RateLimiter", "check_csrf",
           "client_address", "identify", "new_csrf_cookie", "require"]
