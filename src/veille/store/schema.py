"""Tables and numbered migrations, written in the SQL that DuckDB and PostgreSQL share.

Each migration is a named, ordered function returning statements; the store records
the ones applied in ``schema_migrations``. Dialect differences (types, sequences)
are confined to ``Dialect``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from veille.model import EVENT_FIELDS


@dataclass(frozen=True)
class Dialect:
    name: str
    text: str = "VARCHAR"
    int: str = "BIGINT"
    float: str = "DOUBLE PRECISION"
    date: str = "DATE"
    timestamp: str = "TIMESTAMP"
    blob: str = "BLOB"
    boolean: str = "BOOLEAN"
    # DuckDB prunes by min/max zone maps; secondary ART indexes only slow its bulk loads.
    secondary_indexes: bool = True

    def type_of(self, kind: str) -> str:
        return getattr(self, kind)


DUCKDB = Dialect("duckdb", secondary_indexes=False)
POSTGRES = Dialect("postgres", text="TEXT", blob="BYTEA")


def _event_columns(d: Dialect) -> str:
    lines = []
    for spec in EVENT_FIELDS:
        null = "" if spec.nullable else " NOT NULL"
        lines.append(f"    {spec.name} {d.type_of(spec.kind)}{null}")
    return ",\n".join(lines)


def m001_events_and_provenance(d: Dialect) -> list[str]:
    t, i, f, ts, b = d.text, d.int, d.float, d.timestamp, d.blob
    return [
        "CREATE SEQUENCE ingest_run_seq START 1",
        f"""CREATE TABLE ingest_runs (
    run_id {i} PRIMARY KEY,
    source {t} NOT NULL,
    path {t} NOT NULL,
    sha256 {t},
    bytes {i},
    read_count {i} NOT NULL DEFAULT 0,
    inserted {i} NOT NULL DEFAULT 0,
    updated {i} NOT NULL DEFAULT 0,
    unchanged {i} NOT NULL DEFAULT 0,
    quarantined {i} NOT NULL DEFAULT 0,
    status {t} NOT NULL,
    veille_version {t},
    started_at {ts} NOT NULL,
    finished_at {ts}
)""",
        f"CREATE TABLE events (\n{_event_columns(d)},\n    PRIMARY KEY (event_id)\n)",
        # The previous content of every record a source later revised: nothing is overwritten without a trace.
        f"CREATE TABLE event_history (\n{_event_columns(d).replace(' NOT NULL', '')},\n"
        f"    superseded_by_run {i} NOT NULL,\n    superseded_at {ts} NOT NULL\n)",
        f"""CREATE TABLE quarantine (
    run_id {i} NOT NULL,
    line {i},
    field {t},
    reason {t} NOT NULL,
    raw {t}
)""",
        f"""CREATE TABLE event_links (
    event_id {t} NOT NULL,
    other_event_id {t} NOT NULL,
    kind {t} NOT NULL,
    score {f},
    method {t},
    created_at {ts} NOT NULL,
    PRIMARY KEY (event_id, other_event_id)
)""",
        f"""CREATE TABLE admin_units (
    pcode {t} PRIMARY KEY,
    country_iso3 {t} NOT NULL,
    level {i} NOT NULL,
    name {t} NOT NULL,
    alt_names {t},
    parent_pcode {t},
    source {t},
    geometry_wkb {b}
)""",
        f"""CREATE TABLE actors (
    actor_id {t} PRIMARY KEY,
    name {t} NOT NULL,
    kind {i} NOT NULL,
    country_iso3 {t},
    parent_id {t},
    active_from {i},
    active_to {i},
    source {t}
)""",
        f"""CREATE TABLE actor_aliases (
    alias {t} NOT NULL,
    alias_normalized {t} NOT NULL,
    actor_id {t} NOT NULL,
    lang {t}
)""",
    ]


def m002_later_tables(d: Dialect) -> list[str]:
    """Tables the alerts, web and forecast layers fill; they start empty."""
    t, i, f, ts = d.text, d.int, d.float, d.timestamp
    return [
        f"CREATE TABLE orgs (org_id {t} PRIMARY KEY, name {t} NOT NULL, created_at {ts} NOT NULL)",
        f"""CREATE TABLE users (user_id {t} PRIMARY KEY, org_id {t}, email {t} NOT NULL, name {t},
    role {t} NOT NULL, password_hash {t}, created_at {ts} NOT NULL)""",
        f"""CREATE TABLE tokens (token_hash {t} PRIMARY KEY, user_id {t} NOT NULL, label {t},
    created_at {ts} NOT NULL, expires_at {ts})""",
        f"""CREATE TABLE audit_log (logged_at {ts} NOT NULL, user_id {t}, action {t} NOT NULL,
    target {t}, detail {t})""",
        f"""CREATE TABLE alerts (alert_id {t} PRIMARY KEY, rule {t} NOT NULL, kind {t} NOT NULL,
    severity {t} NOT NULL, country_iso3 {t}, unit {t}, month {t}, title {t}, evidence {t},
    tlp {t} NOT NULL, status {t} NOT NULL, created_at {ts} NOT NULL)""",
        f"""CREATE TABLE responses (response_id {t} PRIMARY KEY, alert_ids {t}, category {t},
    action {t} NOT NULL, owner {t}, due_date {d.date}, status {t} NOT NULL, tlp {t} NOT NULL,
    created_at {ts} NOT NULL, updated_at {ts})""",
        f"""CREATE TABLE reports (report_id {t} PRIMARY KEY, submitted_at {ts} NOT NULL, channel {t},
    text {t}, latitude {f}, longitude {f}, place {t}, status {t} NOT NULL, event_id {t},
    contact_encrypted {d.blob}, tlp {t} NOT NULL, reason {t})""",
        f"""CREATE TABLE forecast_runs (run_id {t} PRIMARY KEY, created_at {ts} NOT NULL, unit {t},
    target {t}, train_end {t}, model {t}, data_vintage {t}, params {t})""",
        f"""CREATE TABLE forecasts (run_id {t} NOT NULL, unit {t} NOT NULL, month {t} NOT NULL,
    horizon {i} NOT NULL, mean {f}, p_gt0 {f}, draws {t})""",
    ]


def m003_event_indexes(d: Dialect) -> list[str]:
    if not d.secondary_indexes:
        return []
    return [
        "CREATE INDEX events_source_date ON events (source, event_date)",
        "CREATE INDEX events_country_date ON events (country_iso3, event_date)",
        "CREATE INDEX quarantine_run ON quarantine (run_id)",
    ]


def m005_alert_tables(d: Dialect) -> list[str]:
    """Alerts with their evidence, found again across runs: m002's empty table is replaced."""
    t, i, ts = d.text, d.int, d.timestamp
    return [
        "DROP TABLE IF EXISTS alerts",
        f"""CREATE TABLE alerts (alert_id {t} PRIMARY KEY, rule {t} NOT NULL, kind {t} NOT NULL,
    severity {t} NOT NULL, country_iso3 {t}, unit {t}, unit_name {t}, period {t} NOT NULL, title {t} NOT NULL,
    detail {t}, value {d.float}, evidence {t} NOT NULL, evidence_count {i} NOT NULL, tlp {t} NOT NULL,
    status {t} NOT NULL, first_seen_at {ts} NOT NULL, last_seen_at {ts} NOT NULL, seen_count {i} NOT NULL)""",
        f"""CREATE TABLE alert_deliveries (alert_id {t} NOT NULL, channel {t} NOT NULL, target {t} NOT NULL,
    delivered_at {ts} NOT NULL, ok {d.boolean} NOT NULL, detail {t})""",
    ]


def m004_forecast_tables(d: Dialect) -> list[str]:
    """Forecast runs with the data vintage they saw, and their forecasts (draws as a
    JSON list). Replaces m002's placeholders, which nothing had written to."""
    t, i, f, ts = d.text, d.int, d.float, d.timestamp
    return [
        "DROP TABLE IF EXISTS forecasts",
        "DROP TABLE IF EXISTS forecast_runs",
        f"""CREATE TABLE forecast_runs (run_id {t} PRIMARY KEY, created_at {ts} NOT NULL, unit {t} NOT NULL,
    target {t} NOT NULL, train_end {t} NOT NULL, horizons {t} NOT NULL, samples {i} NOT NULL, seed {i},
    model {t} NOT NULL, veille_version {t}, max_ingest_run_id {i}, max_event_date {d.date},
    events_read {i}, sources {t}, params {t})""",
        f"""CREATE TABLE forecasts (run_id {t} NOT NULL, unit {t} NOT NULL, unit_name {t},
    country_iso3 {t}, month {t} NOT NULL, horizon {i} NOT NULL, mean {f}, p_gt0 {f}, draws {t},
    PRIMARY KEY (run_id, unit, month))""",
    ]


def m006_text_articles(d: Dialect) -> list[str]:
    """News articles read by the extractor (files and feed items), what came of each, and
    the state of each watched feed: what `veille ingest text` and `veille watch` remember."""
    t, i, ts = d.text, d.int, d.timestamp
    return [
        f"""CREATE TABLE text_articles (
    article_id {t} PRIMARY KEY,
    feed_url {t},
    item_key {t},
    url {t},
    path {t},
    line {i},
    title {t},
    published {d.date},
    lang {t},
    content_sha256 {t} NOT NULL,
    events {i} NOT NULL,
    first_run_id {i} NOT NULL,
    last_run_id {i} NOT NULL,
    first_seen_at {ts} NOT NULL,
    last_seen_at {ts} NOT NULL
)""",
        f"""CREATE TABLE feed_state (
    feed_url {t} PRIMARY KEY,
    etag {t},
    last_modified {t},
    polls {i} NOT NULL,
    last_polled_at {ts},
    last_ok_at {ts},
    last_status {t},
    items_seen {i} NOT NULL
)""",
    ]


# ---- PostgreSQL / PostGIS (backend) ----


def m020_spatial_indexes(d: Dialect) -> list[str]:
    """PostGIS indexes on the point of every event and the polygon of every admin unit.
    They index expressions, not added columns, so both backends keep the same tables;
    the store's spatial filters use exactly these expressions. DuckDB prunes by zone
    maps and needs none."""
    if d.name != "postgres":
        return []
    return [
        "CREATE EXTENSION IF NOT EXISTS postgis",
        "CREATE INDEX events_point ON events USING GIST ((ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)))",
        "CREATE INDEX events_point_geography ON events USING GIST ((ST_MakePoint(longitude, latitude)::geography))",
        "CREATE INDEX admin_units_shape ON admin_units USING GIST ((ST_GeomFromWKB(geometry_wkb, 4326)))",
        "CREATE INDEX events_run ON events (ingest_run_id)",
    ]


# ---- web: access and community reports (issue 8) --------------------------------------

def m008_access_and_reports(d: Dialect) -> list[str]:
    """Users, organisations, sessions, API tokens, who owns and who may read each
    sensitive record, the audit log, and community reports with their duplicate
    candidates. Replaces m002's placeholders, which nothing had written to."""
    t, i, f, ts, b, flag = d.text, d.int, d.float, d.timestamp, d.blob, d.boolean
    return [
        "DROP TABLE IF EXISTS tokens",
        "DROP TABLE IF EXISTS users",
        "DROP TABLE IF EXISTS orgs",
        "DROP TABLE IF EXISTS audit_log",
        "DROP TABLE IF EXISTS reports",
        f"""CREATE TABLE orgs (org_id {t} PRIMARY KEY, name {t} NOT NULL, receives_reports {flag} NOT NULL,
    created_at {ts} NOT NULL)""",
        f"""CREATE TABLE users (user_id {t} PRIMARY KEY, email {t} NOT NULL UNIQUE, name {t}, org_id {t},
    role {t} NOT NULL, password_hash {t}, active {flag} NOT NULL, created_at {ts} NOT NULL,
    last_login_at {ts})""",
        f"""CREATE TABLE sessions (session_hash {t} PRIMARY KEY, user_id {t} NOT NULL, csrf_token {t} NOT NULL,
    created_at {ts} NOT NULL, expires_at {ts} NOT NULL)""",
        f"""CREATE TABLE tokens (token_id {t} PRIMARY KEY, token_hash {t} NOT NULL UNIQUE, user_id {t} NOT NULL,
    label {t}, created_at {ts} NOT NULL, expires_at {ts}, revoked_at {ts}, last_used_at {ts})""",
        f"""CREATE TABLE org_shares (from_org {t} NOT NULL, to_org {t} NOT NULL, created_at {ts} NOT NULL,
    PRIMARY KEY (from_org, to_org))""",
        f"""CREATE TABLE record_owners (kind {t} NOT NULL, record_id {t} NOT NULL, org_id {t} NOT NULL,
    PRIMARY KEY (kind, record_id))""",
        f"""CREATE TABLE record_readers (kind {t} NOT NULL, record_id {t} NOT NULL, user_id {t} NOT NULL,
    PRIMARY KEY (kind, record_id, user_id))""",
        "CREATE SEQUENCE audit_seq START 1",
        f"""CREATE TABLE audit_log (audit_id {i} PRIMARY KEY, logged_at {ts} NOT NULL, user_id {t}, org_id {t},
    action {t} NOT NULL, target {t}, detail {t}, ip {t})""",
        f"""CREATE TABLE reports (report_id {t} PRIMARY KEY, submitted_at {ts} NOT NULL, channel {t} NOT NULL,
    text {t} NOT NULL, lang {t}, event_date {d.date}, place {t}, latitude {f}, longitude {f},
    country_iso3 {t}, admin1 {t}, admin1_pcode {t}, admin2 {t}, admin2_pcode {t},
    contact_encrypted {b}, submitted_by {t}, status {t} NOT NULL, tlp {t} NOT NULL, event_id {t},
    reason {t}, triaged_by {t}, triaged_at {ts})""",
        f"""CREATE TABLE report_matches (report_id {t} NOT NULL, kind {t} NOT NULL, other_id {t} NOT NULL,
    score {f} NOT NULL, km {f}, days {i}, PRIMARY KEY (report_id, kind, other_id))""",
    ]


# ---- responses (issue 7) ----------------------------------------------------------

def m007_response_tables(d: Dialect) -> list[str]:
    """Responses as tracked actions, and which alerts each answers: m002's empty
    placeholder is replaced (nothing had written to it)."""
    t, ts = d.text, d.timestamp
    return [
        "DROP TABLE IF EXISTS responses",
        f"""CREATE TABLE responses (response_id {t} PRIMARY KEY, category {t} NOT NULL, action {t} NOT NULL,
    owner {t}, due_date {d.date}, status {t} NOT NULL, country_iso3 {t}, playbook_entry {t}, notes {t},
    tlp {t} NOT NULL, created_at {ts} NOT NULL, updated_at {ts} NOT NULL)""",
        f"""CREATE TABLE response_alerts (response_id {t} NOT NULL, alert_id {t} NOT NULL,
    PRIMARY KEY (response_id, alert_id))""",
        f"""CREATE TABLE response_log (response_id {t} NOT NULL, changed_at {ts} NOT NULL, field {t} NOT NULL,
    old_value {t}, new_value {t})""",
    ]


def m010_briefs(d: Dialect) -> list[str]:
    """Briefs kept for reading and download, with the TLP they were built at (web, issue 8)."""
    t, ts, b = d.text, d.timestamp, d.blob
    return [f"""CREATE TABLE briefs (brief_id {t} PRIMARY KEY, title {t}, countries {t} NOT NULL, region {t},
    month {t} NOT NULL, lang {t} NOT NULL, tlp {t} NOT NULL, status {t} NOT NULL, error {t}, created_by {t},
    created_at {ts} NOT NULL, finished_at {ts}, html {t}, md {t}, pdf {b})"""]


def m021_event_paging_indexes(d: Dialect) -> list[str]:
    """PostgreSQL: newest-first pages of events (the dashboard's and the API's default
    order) and the event-type filter read an index instead of sorting every row."""
    if d.name != "postgres":
        return []
    return [
        "CREATE INDEX events_date_id ON events (event_date, event_id)",
        "CREATE INDEX events_type_date ON events (event_type, event_date)",
    ]


MIGRATIONS: tuple[Callable[[Dialect], list[str]], ...] = (
    m001_events_and_provenance,
    m002_later_tables,
    m003_event_indexes,
    m004_forecast_tables,
    m005_alert_tables,
    m006_text_articles,  # extract/ and sources/text.py, sources/feeds.py
    m007_response_tables,
    m008_access_and_reports,
    m010_briefs,
    m020_spatial_indexes,
    m021_event_paging_indexes,
)


def migration_name(fn: Callable) -> str:
    return fn.__name__


def migration_version(fn: Callable) -> int:
    """The number in the migration's name (``m004_forecast_tables`` → 4): versions come
    from names, not positions, so migrations written on different branches keep theirs."""
    name = fn.__name__
    if not (name[0] == "m" and name[1:4].isdigit() and name[4] == "_"):
        raise ValueError(f"migration {name!r} is not named mNNN_what_it_does")
    return int(name[1:4])
