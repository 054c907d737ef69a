"""Accounts and who may see what: organisations, users (argon2 passwords), sessions,
API tokens, AMBER sharing between organisations, record owners and RED readers, and
the audit log of every write and export.

Secrets never rest in clear: a session id or an API token is shown once, and only its
SHA-256 is stored (they are 256-bit random values, so a fast hash is enough); passwords
are argon2id hashes. See docs/web.md for the rules these tables carry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from veille.errors import Conflict, InvalidValue, NotFound, StoreError, Unauthorized
from veille.model import Tlp
from veille.store.audience import KINDS, ROLES, Audience
from veille.store.core import Store, _now

_HASHER = PasswordHasher()
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
TOKEN_PREFIX = "vt_"
# A hash checked when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise InvalidValue(f"{what} must be 1-40 lower-case letters, digits, - or _, starting with a letter "
                           f"or digit; got {value!r}")
    return value


# ---- organisations ---------------------------------------------------------------------

def add_org(store: Store, org_id: str, name: str, receives_reports: bool = False) -> None:
    _check_id(org_id, "an organisation id")
    if not name or not name.strip():
        raise InvalidValue("an organisation needs a name")
    if store._con.execute("SELECT 1 FROM orgs WHERE org_id = ?", [org_id]).fetchall():
        raise Conflict(f"organisation {org_id!r} exists already")
    with store.transaction():
        if receives_reports:
            store._con.execute("UPDATE orgs SET receives_reports = false WHERE receives_reports")
        store._con.execute("INSERT INTO orgs VALUES (?, ?, ?, ?)", [org_id, name.strip(), receives_reports, _now()])


def orgs(store: Store) -> pd.DataFrame:
    return store._con.execute("SELECT org_id, name, receives_reports, created_at FROM orgs ORDER BY org_id").df()


def reports_org(store: Store) -> str | None:
    """The organisation that receives and triages community reports, if one is set."""
    rows = store._con.execute("SELECT org_id FROM orgs WHERE receives_reports ORDER BY org_id LIMIT 1").fetchall()
    return rows[0][0] if rows else None


def _require_org(store: Store, org_id: str) -> None:
    if not store._con.execute("SELECT 1 FROM orgs WHERE org_id = ?", [org_id]).fetchall():
        raise NotFound(f"no organisation {org_id!r}; add it with `veille users org-add`")


def share_amber(store: Store, from_org: str, to_org: str) -> None:
    """Let ``to_org``'s users read ``from_org``'s AMBER records."""
    _require_org(store, from_org)
    _require_org(store, to_org)
    if from_org == to_org:
        raise InvalidValue("an organisation always reads its own AMBER records")
    if not store._con.execute("SELECT 1 FROM org_shares WHERE from_org = ? AND to_org = ?",
                              [from_org, to_org]).fetchall():
        store._con.execute("INSERT INTO org_shares VALUES (?, ?, ?)", [from_org, to_org, _now()])


def unshare_amber(store: Store, from_org: str, to_org: str) -> None:
    store._con.execute("DELETE FROM org_shares WHERE from_org = ? AND to_org = ?", [from_org, to_org])


def shares(store: Store) -> pd.DataFrame:
    return store._con.execute("SELECT from_org, to_org, created_at FROM org_shares ORDER BY from_org, to_org").df()


# ---- users -----------------------------------------------------------------------------

@dataclass(frozen=True)
class User:
    user_id: str
    email: str
    name: str | None
    org_id: str | None
    role: str
    active: bool

    @property
    def audience(self) -> Audience:
        return Audience(user_id=self.user_id, org_id=self.org_id, role=self.role)


_USER_COLUMNS = "user_id, email, name, org_id, role, active"


def _user(row) -> User:
    return User(*row)


def check_password_strength(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidValue(f"a password needs at least {MIN_PASSWORD} characters")


def add_user(store: Store, email: str, password: str | None, role: str = "viewer", org_id: str | None = None,
             name: str | None = None) -> User:
    """A new account; ``password`` None makes one that cannot log in until a password is set."""
    email = (email or "").strip().lower()
    if not _EMAIL.match(email):
        raise InvalidValue(f"an e-mail address like name@example.org was expected, got {email!r}")
    if role not in ROLES:
        raise InvalidValue(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if org_id is not None:
        _require_org(store, org_id)
    if password is not None:
        check_password_strength(password)
    if store._con.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchall():
        raise Conflict(f"a user with e-mail {email} exists already")
    user_id = "u_" + secrets.token_hex(6)
    store._con.execute(
        "INSERT INTO users (user_id, email, name, org_id, role, password_hash, active, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, true, ?)",
        [user_id, email, name, org_id, role, _HASHER.hash(password) if password else None, _now()])
    return get_user(store, user_id)


def get_user(store: Store, user_id: str) -> User:
    rows = store._con.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE user_id = ?", [user_id]).fetchall()
    if not rows:
        raise NotFound(f"no user {user_id!r}")
    return _user(rows[0])


def find_user(store: Store, email_or_id: str) -> User:
    key = (email_or_id or "").strip()
    rows = store._con.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE email = ? OR user_id = ?",
                              [key.lower(), key]).fetchall()
    if not rows:
        raise NotFound(f"no user {email_or_id!r}")
    return _user(rows[0])


def users(store: Store) -> pd.DataFrame:
    return store._con.execute(
        "SELECT user_id, email, name, org_id, role, active, created_at, last_login_at FROM users "
        "ORDER BY org_id NULLS FIRST, email").df()


def update_user(store: Store, user_id: str, role: str | None = None, org_id: str | None = None,
                active: bool | None = None, name: str | None = None) -> User:
    get_user(store, user_id)
    if role is not None and role not in ROLES:
        raise InvalidValue(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if org_id is not None:
        _require_org(store, org_id)
    with store.transaction():
        for column, value in (("role", role), ("org_id", org_id), ("active", active), ("name", name)):
            if value is not None:
                store._con.execute(f"UPDATE users SET {column} = ? WHERE user_id = ?", [value, user_id])
        if active is False:
            _end_access(store, user_id)
    return get_user(store, user_id)


def set_password(store: Store, user_id: str, password: str) -> None:
    check_password_strength(password)
    get_user(store, user_id)
    with store.transaction():
        store._con.execute("UPDATE users SET password_hash = ? WHERE user_id = ?", [_HASHER.hash(password), user_id])
        store._con.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


def _end_access(store: Store, user_id: str) -> None:
    store._con.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
    store._con.execute("UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                       [_now(), user_id])


def authenticate(store: Store, email: str, password: str) -> User:
    """The active user with this e-mail and password; ``Unauthorized`` otherwise, with the
    same message (and about the same time) whether the address or the password was wrong."""
    rows = store._con.execute("SELECT user_id, password_hash, active FROM users WHERE email = ?",
                              [(email or "").strip().lower()]).fetchall()
    stored = rows[0][1] if rows and rows[0][1] else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password or "")
        ok = bool(rows) and rows[0][1] is not None and rows[0][2]
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        raise Unauthorized("wrong e-mail or password")
    user_id = rows[0][0]
    if _HASHER.check_needs_rehash(stored):
        store._con.execute("UPDATE users SET password_hash = ? WHERE user_id = ?", [_HASHER.hash(password), user_id])
    _touch(store, "UPDATE users SET last_login_at = ? WHERE user_id = ?", [_now(), user_id])
    return get_user(store, user_id)


def _touch(store: Store, sql: str, params: list) -> None:
    """A bookkeeping update (last login, last use) that may lose a race with another
    request touching the same row; losing it costs nothing."""
    try:
        store._con.execute(sql, params)
    except store._backend.errors:
        pass


# ---- sessions --------------------------------------------------------------------------

@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    expires_at: dt.datetime


def start_session(store: Store, user_id: str, hours: float) -> tuple[str, Session]:
    """A new session for ``user_id``; returns the secret for the cookie and the session."""
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = _now() + dt.timedelta(hours=hours)
    store._con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)", [_digest(secret), user_id, csrf, _now(), expires])
    return secret, Session(get_user(store, user_id), csrf, expires)


def session_for(store: Store, secret: str) -> Session | None:
    """The live session behind a cookie secret, or None (unknown, expired, user disabled)."""
    if not secret:
        return None
    rows = store._con.execute(
        f"SELECT s.csrf_token, s.expires_at, {', '.join('u.' + c.strip() for c in _USER_COLUMNS.split(','))} "
        "FROM sessions s JOIN users u ON u.user_id = s.user_id WHERE s.session_hash = ?", [_digest(secret)]).fetchall()
    if not rows:
        return None
    csrf, expires, *user = rows[0]
    if expires <= _now() or not user[5]:
        return None
    return Session(_user(user), csrf, expires)


def end_session(store: Store, secret: str) -> None:
    store._con.execute("DELETE FROM sessions WHERE session_hash = ?", [_digest(secret)])


def purge_sessions(store: Store) -> int:
    rows = store._con.execute("DELETE FROM sessions WHERE expires_at <= ? RETURNING 1", [_now()]).fetchall()
    return len(rows)


# ---- API tokens ------------------------------------------------------------------------

def create_token(store: Store, user_id: str, label: str | None = None, days: int | None = None) -> tuple[str, str]:
    """A new API token for scripts; returns (token id, the secret — shown once, never stored)."""
    get_user(store, user_id)
    if days is not None and days <= 0:
        raise InvalidValue("a token's lifetime must be a positive number of days")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = "t_" + secrets.token_hex(6)
    expires = _now() + dt.timedelta(days=days) if days else None
    store._con.execute("INSERT INTO tokens (token_id, token_hash, user_id, label, created_at, expires_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [token_id, _digest(secret), user_id, label, _now(), expires])
    return token_id, secret


def user_for_token(store: Store, secret: str) -> User:
    """The user behind a live API token; ``Unauthorized`` for an unknown, revoked or expired one."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        raise Unauthorized("not a veille API token (they start with vt_)")
    rows = store._con.execute(
        f"SELECT t.token_id, t.revoked_at, t.expires_at, t.last_used_at, "
        f"{', '.join('u.' + c.strip() for c in _USER_COLUMNS.split(','))} "
        "FROM tokens t JOIN users u ON u.user_id = t.user_id WHERE t.token_hash = ?", [_digest(secret)]).fetchall()
    if not rows:
        raise Unauthorized("unknown API token")
    token_id, revoked, expires, last_used, *user = rows[0]
    if revoked is not None:
        raise Unauthorized("this API token was revoked")
    if expires is not None and expires <= _now():
        raise Unauthorized("this API token has expired")
    if not user[5]:
        raise Unauthorized("this account is disabled")
    if last_used is None or last_used < _now() - dt.timedelta(minutes=5):  # a write at most every 5 minutes
        _touch(store, "UPDATE tokens SET last_used_at = ? WHERE token_id = ?", [_now(), token_id])
    return _user(user)


def revoke_token(store: Store, token_id: str, user_id: str | None = None) -> None:
    """Revoke a token (only its owner's when ``user_id`` is given)."""
    sql, params = "SELECT token_id FROM tokens WHERE token_id = ?", [token_id]
    if user_id is not None:
        sql += " AND user_id = ?"
        params.append(user_id)
    if not store._con.execute(sql, params).fetchall():
        raise NotFound(f"no token {token_id!r}")
    store._con.execute("UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL", [_now(), token_id])


def tokens(store: Store, user_id: str | None = None) -> pd.DataFrame:
    sql = "SELECT token_id, user_id, label, created_at, expires_at, revoked_at, last_used_at FROM tokens"
    params: list = []
    if user_id:
        sql += " WHERE user_id = ?"
        params.append(user_id)
    return store._con.execute(sql + " ORDER BY created_at DESC", params).df()


# ---- record owners and RED readers -----------------------------------------------------

def set_owner(store: Store, kind: str, record_id: str, org_id: str) -> None:
    if kind not in KINDS:
        raise InvalidValue(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    _require_org(store, org_id)
    with store.transaction():
        store._con.execute("DELETE FROM record_owners WHERE kind = ? AND record_id = ?", [kind, record_id])
        store._con.execute("INSERT INTO record_owners VALUES (?, ?, ?)", [kind, record_id, org_id])


def owner_of(store: Store, kind: str, record_id: str) -> str | None:
    rows = store._con.execute("SELECT org_id FROM record_owners WHERE kind = ? AND record_id = ?",
                              [kind, record_id]).fetchall()
    return rows[0][0] if rows else None


def add_readers(store: Store, kind: str, record_id: str, user_ids: list[str]) -> None:
    """Name users who may read a RED record."""
    for user_id in user_ids:
        get_user(store, user_id)
        if not store._con.execute("SELECT 1 FROM record_readers WHERE kind = ? AND record_id = ? AND user_id = ?",
                                  [kind, record_id, user_id]).fetchall():
            store._con.execute("INSERT INTO record_readers VALUES (?, ?, ?)", [kind, record_id, user_id])


def readers_of(store: Store, kind: str, record_id: str) -> list[str]:
    rows = store._con.execute("SELECT user_id FROM record_readers WHERE kind = ? AND record_id = ? ORDER BY user_id",
                              [kind, record_id]).fetchall()
    return [r[0] for r in rows]


_TLP_TABLES = {"event": ("events", "event_id"), "report": ("reports", "report_id"),
               "alert": ("alerts", "alert_id"), "response": ("responses", "response_id")}


def set_tlp(store: Store, kind: str, record_id: str, tlp: Tlp | str, by: User,
            readers: list[str] | None = None) -> None:
    """Change a record's TLP. AMBER and RED records get an owner (``by``'s organisation
    unless one is set); RED ones name their readers, ``by`` among them. The record must
    be one ``by`` can see."""
    tlp = Tlp(tlp)
    if kind not in _TLP_TABLES:
        raise InvalidValue(f"TLP can be set on {', '.join(_TLP_TABLES)}, not {kind!r}")
    table, key = _TLP_TABLES[kind]
    clause, params = by.audience.visible(kind, key)
    if not store._con.execute(f"SELECT 1 FROM {table} WHERE {key} = ? AND {clause}", [record_id, *params]).fetchall():
        raise NotFound(f"no {kind} {record_id!r}")
    if tlp in (Tlp.AMBER, Tlp.RED) and by.org_id is None and owner_of(store, kind, record_id) is None:
        raise InvalidValue(f"an {tlp.value} record needs an owning organisation, and {by.email} belongs to none")
    with store.transaction():
        store._con.execute(f"UPDATE {table} SET tlp = ? WHERE {key} = ?", [tlp.value, record_id])
        if kind == "event":  # the row changed: caches keyed on the data's version must see it
            store._con.execute("UPDATE events SET updated_at = ? WHERE event_id = ?", [_now(), record_id])
        if tlp in (Tlp.AMBER, Tlp.RED) and owner_of(store, kind, record_id) is None:
            set_owner(store, kind, record_id, by.org_id)
        if tlp is Tlp.RED:
            add_readers(store, kind, record_id, sorted({by.user_id, *(readers or [])}))


# ---- audit log -------------------------------------------------------------------------

def audit(store: Store, action: str, user: User | None = None, target: str | None = None,
          detail: dict | None = None, ip: str | None = None) -> None:
    """Record a write or an export: who, what, on which record, from where."""
    try:
        audit_id = store._con.execute("SELECT nextval('audit_seq')").fetchall()[0][0]
        store._con.execute(
            "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [audit_id, _now(), user.user_id if user else None, user.org_id if user else None, action, target,
             json.dumps(detail, sort_keys=True, default=str) if detail else None, ip])
    except store._backend.errors as exc:
        raise StoreError(f"the audit log could not be written: {exc}") from exc


def audit_log(store: Store, action: str | None = None, user_id: str | None = None,
              limit: int | None = 200) -> pd.DataFrame:
    clauses, params = [], []
    if action:
        clauses.append("action LIKE ?")
        params.append(action.replace("*", "%"))
    if user_id:
        clauses.append("user_id = ?")
        params.append(user_id)
    sql = "SELECT * FROM audit_log" + (" WHERE " + " AND ".join(clauses) if clauses else "")
    sql += " ORDER BY audit_id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store._con.execute(sql, params).df()


__all__ = ["MIN_PASSWORD", "Session", "User", "add_org", "add_readers", "add_user", "audit", "audit_log",
           "authenticate", "check_password_strength", "create_token", "end_session", "find_user", "get_user",
           "orgs", "owner_of", "purge_sessions", "readers_of", "reports_org", "revoke_token", "session_for",
           "set_owner", "set_password", "set_tlp", "share_amber", "shares", "start_session", "tokens",
           "unshare_amber", "update_user", "user_for_token", "users"]
