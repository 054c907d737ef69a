"""Every setting, declared once: name, default, help, validator.

A setting is read from the environment as ``VEILLE_<NAME>`` (upper case) unless a
caller passes it explicitly. ``docs/settings.md`` documents each one; a test fails
when one is missing there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veille.errors import SettingError


def _positive_int(value: Any) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be a positive whole number")
    return number


def _positive_float(value: Any) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError("must be a positive number")
    return number


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be one of 1/0, true/false, yes/no, on/off")


def _text(value: Any) -> str:
    return str(value)


def _path(value: Any) -> str:
    text = str(value)
    if not text:
        raise ValueError("must not be empty")
    return text


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    validate: Callable[[Any], Any] = _text

    @property
    def env_var(self) -> str:
        return "VEILLE_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "veille.duckdb",
            "Database to use: a DuckDB file path (default ./veille.duckdb) or a PostgreSQL "
            "URL, postgresql://user:password@host:port/database (PostGIS required).", _path),
    Setting("data_dir", "",
            "Folder of bundled reference data; empty means the data/ folder that ships "
            "with veille.", _text),
    Setting("import_batch_rows", 100_000,
            "Rows read and normalised per batch during an import; bounds memory.",
            _positive_int),
    Setting("import_memory_mb", 512,
            "DuckDB's memory limit (MB) while an import runs: past it DuckDB writes its "
            "buffers to disk, so an import's memory stays bounded whatever the file's size. "
            "No effect on PostgreSQL.", _positive_int),
    Setting("http_timeout", 30.0,
            "Seconds to wait for a live source (UCDP, ACLED) before giving up.",
            _positive_float),
    Setting("offline", False,
            "Never touch the network: fetchers fail at once with a clear message.", _boolean),
    Setting("ucdp_api_url", "https://ucdpapi.pcr.uu.se/api",
            "Base address of the UCDP API.", _text),
    Setting("ucdp_token", "",
            "Access token for the UCDP API (sent as x-ucdp-access-token).", _text),
    Setting("acled_api_url", "https://acleddata.com",
            "Base address of the ACLED API (OAuth token and /api/acled/read).", _text),
    Setting("acled_username", "",
            "ACLED account e-mail, used to obtain an OAuth token.", _text),
    Setting("acled_password", "",
            "ACLED account password, used to obtain an OAuth token; never logged.", _text),
    Setting("page_size", 5000,
            "Rows asked of a live API per page.", _positive_int),
    # ---- extract / feeds ----
    Setting("watch_interval", 900.0,
            "Seconds between two polls of the same feeds by `veille watch`.", _positive_float),
    Setting("extract_model", "",
            "Optional sub-event-type model trained on your own ACLED copy (`veille eval train-acled`); "
            "a path, or empty to use the rules alone. Never bundled.", _text),
    # ---- backends and Dask (backend) ----
    Setting("dask_scheduler", "",
            "Address of a Dask scheduler (tcp://host:8786) for batch work such as grid "
            "backtests; empty means a local cluster of dask_workers processes.", _text),
    Setting("dask_workers", 2,
            "Worker processes of the local Dask cluster started when no scheduler is given.",
            _positive_int),
    # ---- web: dashboard, API, access (issue 8) ----
    Setting("web_session_hours", 12.0,
            "Hours a dashboard login lasts before the user must log in again.", _positive_float),
    Setting("web_cookie_secure", True,
            "Send the session cookie only over HTTPS (browsers also accept it on localhost); "
            "set false only for plain HTTP on a trusted network.", _boolean),
    Setting("web_login_attempts", 10,
            "Failed or successful logins allowed per address and e-mail in 15 minutes.", _positive_int),
    Setting("web_report_limit", 20,
            "Community reports accepted per address (or SMS sender) per hour.", _positive_int),
    Setting("web_anonymous", True,
            "Let visitors who have not logged in see CLEAR records; false: they see only the "
            "login page and the community report form.", _boolean),
    Setting("web_map_max_points", 20000,
            "Most events the map draws at once (the newest matching ones).", _positive_int),
    Setting("web_cache_seconds", 60,
            "Seconds an analysis page (spillover, hot spots) or a read API answer (events, map, "
            "timeline, alerts, forecasts) is reused for the same reader, filters and data; any "
            "write to the data ends it sooner.", _positive_int),
    Setting("reports_key", "",
            "Fernet key that encrypts community reporters' contact details at rest "
            "(`veille users new-key` makes one); empty: contact details are not collected. "
            "Never logged.", _text),
    Setting("sms_webhook_key", "",
            "Shared secret an SMS gateway puts in the webhook address (?key=…); empty: the "
            "SMS webhook is off. Never logged.", _text),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def setting(name: str) -> Setting:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise SettingError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}") from None


def get(name: str, value: Any = None, environ: dict[str, str] | None = None) -> Any:
    """The value of a setting: ``value`` if given, else the environment, else the default."""
    spec = setting(name)
    env = os.environ if environ is None else environ
    if value is None:
        value = env.get(spec.env_var, spec.default)
    try:
        return spec.validate(value)
    except (TypeError, ValueError) as exc:
        raise SettingError(f"setting {name} ({spec.env_var}) = {value!r}: {exc}") from None


def data_dir() -> Path:
    """Where the bundled data lives (``data/`` at the top of the checkout by default)."""
    configured = get("data_dir")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "data"
