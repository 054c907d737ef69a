"""Logging in and out, and the caller's account: who they are and their API tokens."""

from __future__ import annotations

from veille.store import access
from veille.web.auth import require
from veille.web.plain import records


def login(ctx, email: str, password: str) -> tuple[str, access.Session]:
    """Check the password (rate-limited per address and e-mail); a new session."""
    key = f"{ctx.ip()}|{(email or '').strip().lower()}"
    ctx.request.app.state.login_limiter.hit(key, "login attempts")
    try:
        user = access.authenticate(ctx.store, email, password)
    except Exception:
        access.audit(ctx.store, "login.failed", None, (email or "").strip().lower()[:200], None, ctx.ip())
        raise
    secret, session = access.start_session(ctx.store, user.user_id, ctx.config.session_hours)
    access.audit(ctx.store, "login", user, user.user_id, None, ctx.ip())
    return secret, session


def logout(ctx, secret: str) -> None:
    if secret:
        access.end_session(ctx.store, secret)
    if ctx.user:
        access.audit(ctx.store, "logout", ctx.user, ctx.user.user_id, None, ctx.ip())


def me(ctx) -> dict:
    user = ctx.user
    if user is None:
        return {"logged_in": False, "tlp": ["CLEAR"]}
    org_name = None
    if user.org_id:
        names = access.orgs(ctx.store)
        match = names[names["org_id"] == user.org_id]
        org_name = match["name"].iloc[0] if len(match) else None
    partners = access.shares(ctx.store)
    return {"logged_in": True, "user_id": user.user_id, "email": user.email, "name": user.name,
            "org_id": user.org_id, "org_name": org_name, "role": user.role,
            "amber_from": sorted(partners.loc[partners["to_org"] == user.org_id, "from_org"]) if user.org_id else [],
            "amber_to": sorted(partners.loc[partners["from_org"] == user.org_id, "to_org"]) if user.org_id else []}


def account_page(ctx, new_token: str | None = None) -> dict:
    user = require(ctx.caller)
    return {"me": me(ctx), "tokens": records(access.tokens(ctx.store, user.user_id)), "new_token": new_token}


def create_token(ctx, label: str | None, days: int | None) -> dict:
    user = require(ctx.caller)
    token_id, secret = access.create_token(ctx.store, user.user_id, (label or "").strip()[:80] or None, days)
    access.audit(ctx.store, "token.create", user, token_id, {"label": label, "days": days}, ctx.ip())
    return {"ok": True, "token_id": token_id, "token": secret,
            "note": "shown once: veille keeps only its hash"}


def revoke_token(ctx, token_id: str) -> dict:
    user = require(ctx.caller)
    access.revoke_token(ctx.store, token_id, user_id=None if user.role == "admin" else user.user_id)
    access.audit(ctx.store, "token.revoke", user, token_id, None, ctx.ip())
    return {"ok": True, "token_id": token_id, "revoked": True}
