"""Situation briefs: what happened, where it is spreading, what comes next, what it costs
and what should be done, for one country or a region and a month, in English or French.

``build_brief(store, countries, month, lang)`` gathers everything into a ``Brief``: a
plain data dict (what the dashboard shows), the figures with their recipes (every
number, traceable) and the charts as PNG; ``to_html``, ``to_markdown`` and ``to_pdf``
render it from the Jinja2 templates beside this module.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from veille import __version__
from veille.alerts.engine import list_alerts
from veille.alerts.playbook import recommend
from veille.alerts.responses import list_responses
from veille.analysis import (
    ANALYSIS_COLUMNS,
    conflict_indicators,
    emerging_hotspots,
    spillover,
    unit_geometries,
)
from veille.analysis._frame import political_violence
from veille.analysis.spillover import distance_from_country_km
from veille.countries import COASTAL_FOCUS, SAHEL_FRONT, WEST_AFRICA, country_name
from veille.errors import InvalidValue, NotFound, VeilleError
from veille.forecast import SOURCE_PREFERENCE, forecast
from veille.impact import (
    annual_fatalities,
    civilian_harm,
    displacement,
    displacement_model,
    growth_effect,
    military_expenditure,
    military_trends,
    observed_fatalities,
    project_displacement,
    project_growth_impact,
    sahel_arrivals,
    stale_figures,
)
from veille.impact._data import french_names, vintage
from veille.model import Horizon, Month, MonthRange
from veille.reports import charts
from veille.reports.figures import Figure, FigureBook, events_recipe
from veille.reports.recipes import call, events_frame_recipe
from veille.store import EventFilter, Store
from veille.store.responses import CATEGORIES
from veille.taxonomy import BATTLES, POLITICAL_VIOLENCE_EVENT_TYPES, REMOTE, VAC

HERE = Path(__file__).parent
LANGS = ("en", "fr")
REGIONS = {"coastal": COASTAL_FOCUS, "sahel": SAHEL_FRONT, "front": COASTAL_FOCUS + SAHEL_FRONT,
           "west-africa": WEST_AFRICA}
FORMATS = ("html", "pdf", "md")
PV = POLITICAL_VIOLENCE_EVENT_TYPES
MIN_HOTSPOT_EVENTS = 20  # fewer events in the window and Gi* flags the neighbours of a single event
TYPE_LABELS = {"en": {BATTLES: "Battles", REMOTE: "Explosions/remote violence", VAC: "Violence against civilians"},
               "fr": {BATTLES: "Combats", REMOTE: "Explosions et violence à distance",
                      VAC: "Violence contre les civils"}}
HOT_LABELS_FR = {"new": "nouveau", "consecutive": "consécutif", "intensifying": "en intensification",
                 "persistent": "persistant", "diminishing": "en diminution", "sporadic": "sporadique",
                 "oscillating": "oscillant", "historical": "historique"}
SEVERITY_FR = {"low": "faible", "medium": "moyenne", "high": "élevée", "critical": "critique"}
STATUS_FR = {"proposed": "proposée", "planned": "prévue", "in_progress": "en cours", "done": "faite",
             "cancelled": "annulée"}


@functools.cache
def strings(lang: str) -> dict:
    return yaml.safe_load((HERE / "strings.yaml").read_text(encoding="utf-8"))[lang]


def name_of(iso3: str, lang: str) -> str:
    return french_names().get(iso3, country_name(iso3)) if lang == "fr" else country_name(iso3)


def month_label(month: Month, lang: str) -> str:
    from babel.dates import format_date

    return format_date(month.first_day, "MMMM y", locale={"en": "en_GB", "fr": "fr_FR"}[lang])


def day_label(day: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale={"en": "en_GB", "fr": "fr_FR"}[lang])


def resolve_countries(countries: tuple[str, ...] = (), region: str | None = None) -> tuple[str, ...]:
    """The brief's countries: ISO3 codes given, or a region keyword (coastal, sahel,
    front, west-africa), or both."""
    chosen = [c.strip().upper() for c in countries if c.strip()]
    if region:
        if region not in REGIONS:
            raise InvalidValue(f"region must be one of {', '.join(REGIONS)}, got {region!r}")
        chosen += list(REGIONS[region])
    if not chosen:
        raise InvalidValue("a brief needs --country (repeat for a region) or --region")
    unknown = [c for c in chosen if c not in WEST_AFRICA]
    if unknown:
        raise InvalidValue(f"unknown or unsupported country code(s) {', '.join(unknown)}: veille covers "
                           f"{', '.join(WEST_AFRICA)}")
    return tuple(dict.fromkeys(chosen))


@dataclass
class Brief:
    """A built brief. ``data`` is JSON-ready; ``figures`` every number with its recipe."""

    countries: tuple[str, ...]
    month: Month
    lang: str
    region: str | None
    data: dict
    book: FigureBook
    images: dict[str, bytes] = field(default_factory=dict)
    pdf_pages: int | None = None  # set by to_pdf

    @property
    def figures(self) -> list[Figure]:
        return self.book.figures

    @property
    def title(self) -> str:
        t = strings(self.lang)
        where = (self.data["region_name"] if self.region else
                 ", ".join(name_of(c, self.lang) for c in self.countries))
        return f"{t['title']} — {where} — {month_label(self.month, self.lang)}"

    def _render(self, template: str, images: dict[str, str]) -> str:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        env = Environment(loader=FileSystemLoader(HERE / "templates"), undefined=StrictUndefined,
                          autoescape=template.endswith(".html.j2"), trim_blocks=True, lstrip_blocks=True)
        return env.get_template(template).render(brief=self, d=self.data, t=strings(self.lang), images=images,
                                                 figures=self.book.figures, lang=self.lang)

    def to_html(self) -> str:
        """One self-contained HTML page (charts embedded as data URIs)."""
        images = {k: "data:image/png;base64," + base64.b64encode(v).decode() for k, v in self.images.items()}
        return self._render("brief.html.j2", images)

    def to_markdown(self, image_dir: str | Path | None = None, link_prefix: str = "") -> str:
        """Markdown; with ``image_dir`` the charts are written there as PNG and linked
        (``link_prefix`` + file name), otherwise left out."""
        images = {}
        if image_dir is not None:
            image_dir = Path(image_dir)
            image_dir.mkdir(parents=True, exist_ok=True)
            for name, png in self.images.items():
                (image_dir / f"{name}.png").write_bytes(png)
                images[name] = f"{link_prefix}{name}.png"
        return self._render("brief.md.j2", images)

    def to_pdf(self, path: str | Path | None = None) -> bytes:
        """The HTML rendered to PDF by WeasyPrint; written to ``path`` when given."""
        from weasyprint import HTML

        document = HTML(string=self.to_html(), base_url=str(HERE)).render()
        pdf = document.write_pdf()
        self.pdf_pages = len(document.pages)
        if path is not None:
            Path(path).write_bytes(pdf)
        return pdf

    def write(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the brief as html, pdf or md (from the suffix when ``fmt`` is None); a
        Markdown brief's charts go to ``<name>_files/`` beside it."""
        path = Path(path)
        fmt = fmt or path.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise InvalidValue(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        tmp = path.with_name(path.name + ".part")
        if fmt == "html":
            tmp.write_text(self.to_html(), encoding="utf-8")
        elif fmt == "pdf":
            tmp.write_bytes(self.to_pdf())
        else:
            folder = path.with_name(path.stem + "_files")
            tmp.write_text(self.to_markdown(folder, link_prefix=folder.name + "/"), encoding="utf-8")
        tmp.replace(path)  # never a half-written brief under the real name
        return path


# ---- gathering ------------------------------------------------------------------------

def choose_sources(events: pd.DataFrame, countries: tuple[str, ...]) -> dict[str, str | None]:
    """One curated source per country over the window: the first of ACLED, UCDP GED,
    UCDP Candidate with political violence there."""
    pv = political_violence(events)
    out = {}
    for iso3 in countries:
        present = set(pv.loc[pv["country_iso3"] == iso3, "source"])
        out[iso3] = next((s for s in SOURCE_PREFERENCE if s in present), None)
    return out


def near_border_events(events: pd.DataFrame, country_iso3: str, km: float = 50.0,
                       from_countries: tuple[str, ...] = SAHEL_FRONT) -> pd.DataFrame:
    """Political-violence events in ``from_countries`` within ``km`` of ``country_iso3``."""
    pv = political_violence(events)
    pv = pv[pv["country_iso3"].isin(from_countries) & (pv["country_iso3"] != country_iso3)]
    pv = pv.dropna(subset=["latitude", "longitude"])
    if pv.empty:
        return pv.assign(km=[])
    distance = distance_from_country_km(pv["latitude"], pv["longitude"], country_iso3)
    return pv.assign(km=distance)[distance <= km]


def _queries(sources: dict[str, str | None], months: MonthRange, countries=None) -> list[dict]:
    return [{"countries": [c], "sources": [s], "event_types": list(PV), "date_from": months.start.first_day.isoformat(),
             "date_to": months.end.last_day.isoformat()} for c, s in sources.items()
            if s and (countries is None or c in countries)]


def build_brief(store: Store, countries: tuple[str, ...], month: Month | str, lang: str = "en",
                region: str | None = None, samples: int = 200, seed: int = 0, save_forecast: bool = True,
                hotspots: bool = True, forecast_frame: pd.DataFrame | None = None) -> Brief:
    """Gather a brief for ``countries`` and ``month`` in ``lang`` ('en' or 'fr').

    The forecast is made here (admin-1 fatalities, horizons 1-12, ``samples`` draws,
    over the brief's countries, the coastal states and the central Sahel) and stored
    when ``save_forecast``; pass ``forecast_frame`` (from ``panel_forecast``) to reuse one."""
    if lang not in LANGS:
        raise InvalidValue(f"lang must be en or fr, got {lang!r}")
    month = Month.parse(month) if isinstance(month, str) else month
    countries = resolve_countries(tuple(countries), region)
    t = strings(lang)
    book = FigureBook(lang)
    window = MonthRange(month - 23, month)
    year = MonthRange(month - 11, month)
    watched = tuple(dict.fromkeys(countries + (SAHEL_FRONT if set(countries) - set(SAHEL_FRONT) else ())))
    raw = store.events(EventFilter(countries=watched, event_types=PV, date_from=window.start.first_day,
                                   date_to=window.end.last_day, columns=ANALYSIS_COLUMNS + ("location",)))
    sources = choose_sources(raw, watched)
    chosen = raw[[sources.get(c) == s for c, s in zip(raw["country_iso3"], raw["source"])]]
    mine = chosen[chosen["country_iso3"].isin(countries)]
    brief_sources = {c: sources[c] for c in countries}
    labels = _chart_labels(lang, countries + watched)
    data: dict = {"countries": list(countries), "month": str(month), "month_label": month_label(month, lang),
                  "lang": lang, "region": region, "veille_version": __version__,
                  "region_name": _region_name(region, countries, lang),
                  "generated": day_label(dt.date.today(), lang), "sources": brief_sources,
                  "country_names": {c: name_of(c, lang) for c in watched}}

    # -- what happened ------------------------------------------------------------------
    data["coverage"] = _coverage(store, brief_sources, month, lang, t)
    data["headline"] = _headline(store, book, mine, brief_sources, month, year, t)
    data["key_events"] = _key_events(store, book, mine, month, lang)

    # -- where it is spreading ----------------------------------------------------------
    images: dict[str, bytes] = {}
    period = f"{month_label(year.start, lang)} – {month_label(month, lang)}"
    shown = mine[(pd.to_datetime(mine["event_date"]) >= pd.Timestamp(year.start.first_day))]
    neighbours = tuple(c for c in watched if c not in countries)
    images["map"] = charts.events_map(shown, countries, labels, t["map_title"].format(period=period), neighbours)
    monthly = _monthly(mine, countries, window)
    images["trend"] = charts.trend_chart(monthly, labels, t["trend_title"].format(
        period=f"{month_label(window.start, lang)} – {month_label(month, lang)}"))
    data["spreading"] = _spreading(store, book, mine, chosen, brief_sources, sources, countries, month, window, year,
                                   t, images, labels, lang, hotspots)

    # -- what comes next ----------------------------------------------------------------
    panel_countries = tuple(sorted(set(countries) | set(COASTAL_FOCUS) | set(SAHEL_FRONT)))
    data["forecast"], frame, forecast_recipe = _forecast(store, book, countries, panel_countries, month, samples,
                                                         seed, save_forecast, t, forecast_frame)
    if frame is not None and frame["country_iso3"].isin(countries).any():
        images["forecast"] = charts.forecast_chart(monthly.assign(fatalities=monthly["fatalities"])[
            pd.to_datetime(monthly["month"] + "-01") >= pd.Timestamp(year.start.first_day)],
            frame[frame["country_iso3"].isin(countries)], labels, t["forecast_title"])

    # -- what it costs ------------------------------------------------------------------
    data["costs"] = _costs(store, book, countries, brief_sources, month, frame, forecast_recipe, t, lang)

    # -- what should be done ------------------------------------------------------------
    alerts = list_alerts(store, countries=countries, status="open", since=(month - 2).first_day)
    alerts = alerts[alerts["period"].str[:7] <= str(month)]
    indicators = _indicator_levels(data)
    recommendations = recommend(alerts, indicators)
    data["todo"] = _todo(recommendations, month, lang)
    data["alerts"] = _alerts(alerts, lang)
    responses = list_responses(store, countries=countries)
    data["responses"] = [{"id": r.response_id, "category": t["cat_" + r.category], "action": r.action,
                          "owner": r.owner or "", "due": day_label(r.due_date, lang) if r.due_date else "",
                          "status": STATUS_FR.get(r.status, r.status) if lang == "fr" else r.status.replace("_", " "),
                          "overdue": bool(r.overdue), "alerts": len(r.alert_ids)}
                         for r in responses.itertuples(index=False)]
    for row in data["costs"]["table"]:
        cats = sorted({r["category_key"] for r in data["todo"] if r["country_iso3"] == row["country_iso3"]},
                      key=CATEGORIES.index)
        row["responses"] = [t["cat_" + c] for c in cats]

    # -- methods and sources ------------------------------------------------------------
    data["methods"] = _methods(store, book, data, frame)
    brief = Brief(countries=countries, month=month, lang=lang, region=region, data=data, book=book, images=images)
    data["title"] = brief.title
    data["figures"] = book.as_list()
    return brief


def _region_name(region: str | None, countries, lang: str) -> str:
    names = {"coastal": ("Coastal states", "États côtiers"), "sahel": ("Central Sahel", "Sahel central"),
             "front": ("Coastal states and the central Sahel", "États côtiers et Sahel central"),
             "west-africa": ("West Africa", "Afrique de l'Ouest")}
    if region in names:
        return names[region][0 if lang == "en" else 1]
    return ", ".join(name_of(c, lang) for c in countries)


def _chart_labels(lang: str, countries) -> dict:
    t = strings(lang)
    labels = dict(TYPE_LABELS[lang])
    labels.update({k: t[k] for k in ("events", "fatalities", "no_events", "no_hotspots", "observed", "median",
                                     "interval90", "interval50", "front", "border_of")})
    labels["country_names"] = {c: name_of(c, lang) for c in set(countries) | set(WEST_AFRICA)}
    for name, fr in HOT_LABELS_FR.items():
        for kind, kind_fr in (("hot spot", "point chaud"), ("cold spot", "point froid")):
            labels[f"{name} {kind}"] = f"{kind_fr} {fr}" if lang == "fr" else f"{name} {kind}"
    return labels


def _coverage(store: Store, sources: dict, month: Month, lang: str, t: dict) -> list[dict]:
    notes = []
    for iso3, source in sources.items():
        if not source:
            notes.append({"country_iso3": iso3, "source": None, "last_date": None, "stale": True,
                          "text": t["no_source"].format(country=name_of(iso3, lang))})
            continue
        dates = store.events(EventFilter(countries=(iso3,), sources=(source,), event_types=PV,
                                         columns=("event_date",)))["event_date"]
        first, last = pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date()
        stale = last < month.last_day - dt.timedelta(days=31)
        late = first > (month - 23).first_day
        text = " ".join(
            part for part, wanted in ((t["stale_source"].format(country=name_of(iso3, lang), date=day_label(last, lang)),
                                       stale),
                                      (t["late_source"].format(country=name_of(iso3, lang), date=day_label(first, lang)),
                                       late)) if wanted)
        notes.append({"country_iso3": iso3, "source": source, "first_date": day_label(first, lang),
                      "last_date": day_label(last, lang), "stale": stale or late, "text": text})
    return notes


def _filter(iso3: str, source: str, months: MonthRange) -> EventFilter:
    return EventFilter(countries=(iso3,), sources=(source,), event_types=PV, date_from=months.start.first_day,
                       date_to=months.end.last_day)


def _headline(store, book: FigureBook, mine, sources, month, year, t) -> dict:
    rows, totals = [], {}
    for iso3, source in sources.items():
        row = {"country_iso3": iso3, "source": source or "—"}
        for key, months in (("month", MonthRange(month, month)), ("year", year)):
            if not source:
                for what in ("events", "fatalities", "civilian_fatalities"):
                    row[f"{what}_{key}"] = None
                continue
            where = _filter(iso3, source, months)
            count = store.count_events(where)
            row[f"events_{key}"] = book.add(count, f"{iso3} political-violence events, {months}",
                                            events_recipe(store, where, "count"))
            for what in ("fatalities", "civilian_fatalities"):
                frame = store.events(EventFilter(**{**_fields(where), "columns": (what,)}))
                row[f"{what}_{key}"] = book.add(int(frame[what].fillna(0).sum()), f"{iso3} {what}, {months}",
                                                events_recipe(store, where, f"sum:{what}"))
        if source:
            harm = civilian_harm(mine[mine["country_iso3"] == iso3].pipe(_within, year), unit="country",
                                 period="month")
            recipe = call("veille.impact.civilian_harm", {"unit": "country", "period": "month"},
                          {"events": events_frame_recipe(_queries({iso3: source}, year))},
                          select={"unit": iso3}, column="civilian_targeting_events", reduce="sum")
            targeting = int(harm["civilian_targeting_events"].sum())
            events_12 = row["events_year"].value
            row["targeting_share"] = book.add(targeting / events_12 if events_12 else None,
                                              f"{iso3} share of events targeting civilians, {year}",
                                              {"kind": "ratio", "numerator": recipe,
                                               "denominator": row["events_year"].recipe}, "pct")
            fatalities_12 = row["fatalities_year"].value
            row["civilian_share"] = book.add(
                row["civilian_fatalities_year"].value / fatalities_12 if fatalities_12 else None,
                f"{iso3} civilian share of fatalities, {year}",
                {"kind": "ratio", "numerator": row["civilian_fatalities_year"].recipe,
                 "denominator": row["fatalities_year"].recipe}, "pct")
        else:
            row["targeting_share"] = row["civilian_share"] = None
        rows.append(row)
    if len(rows) > 1:
        for key in ("events_month", "fatalities_month", "civilian_fatalities_month", "events_year",
                    "fatalities_year", "civilian_fatalities_year"):
            parts = [r[key] for r in rows if r[key] is not None]
            totals[key] = book.add(sum(p.value for p in parts), f"all countries: {key}",
                                   {"kind": "sum", "parts": [p.recipe for p in parts]}) if parts else None
    return {"rows": rows, "totals": totals}


def _fields(where: EventFilter) -> dict:
    return {"countries": where.countries, "sources": where.sources, "event_types": where.event_types,
            "date_from": where.date_from, "date_to": where.date_to}


def _within(events: pd.DataFrame, months: MonthRange) -> pd.DataFrame:
    dates = pd.to_datetime(events["event_date"])
    return events[(dates >= pd.Timestamp(months.start.first_day)) & (dates <= pd.Timestamp(months.end.last_day))]


def _key_events(store, book: FigureBook, mine, month, lang, limit: int = 8) -> list[dict]:
    rows = _within(mine, MonthRange(month, month)).sort_values(["fatalities", "event_date"], ascending=[False, True])
    names = dict(store.reference("actors")[["actor_id", "name"]].itertuples(index=False))
    out = []
    for r in rows.head(limit).itertuples(index=False):
        actors = " / ".join(names.get(a, a) for a in (r.actor1, r.actor2) if isinstance(a, str))
        place = ", ".join(str(p) for p in (r.location, r.admin1) if isinstance(p, str))
        out.append({"event_id": r.event_id, "date": day_label(pd.Timestamp(r.event_date).date(), lang),
                    "country": name_of(r.country_iso3, lang), "place": place,
                    "type": TYPE_LABELS[lang].get(r.event_type, r.event_type), "actors": actors, "source": r.source,
                    "fatalities": book.add(r.fatalities, f"fatalities of event {r.event_id}",
                                           {"kind": "event", "event_id": r.event_id, "column": "fatalities",
                                            "source": r.source})})
    return out


def _monthly(events: pd.DataFrame, countries, window: MonthRange) -> pd.DataFrame:
    pv = political_violence(events)
    label = pd.to_datetime(pv["event_date"]).dt.strftime("%Y-%m")
    grouped = pv.assign(month=label.to_numpy()).groupby(["country_iso3", "month"]).agg(
        events=("event_id", "size"), fatalities=("fatalities", "sum"))
    index = pd.MultiIndex.from_product([list(countries), [str(m) for m in window]], names=["country_iso3", "month"])
    return grouped.reindex(index, fill_value=0).reset_index()


def _spreading(store, book, mine, chosen, brief_sources, sources, countries, month, window, year, t, images, labels,
               lang, with_hotspots) -> dict:
    out: dict = {"rows": [], "next_door": [], "indicators": [], "hotspots": []}
    table = spillover(mine, countries=countries, months=window) if len(political_violence(mine)) else pd.DataFrame()
    if len(table):
        images["spillover"] = charts.spillover_chart(table, labels, t["spill_title"].format(
            period=f"{month_label(window.start, lang)} – {month_label(month, lang)}"))
    frame_recipe = events_frame_recipe(_queries(brief_sources, window))
    params = {"countries": list(countries), "months": None}
    last12 = [str(m) for m in year]
    for iso3 in countries:
        row = {"country_iso3": iso3}
        rows = table[(table["country_iso3"] == iso3) & table["month"].isin(last12)] \
            if len(table) and brief_sources.get(iso3) else table.iloc[:0]
        for column in ("events_0_20", "events_20_50", "events_50_100", "events_100_plus", "new_admin2",
                       "cross_border_clusters"):
            value = int(rows[column].sum()) if len(rows) else None
            row[column] = None if value is None else book.add(
                value, f"{iso3} {column}, {year}",
                call("veille.analysis.spillover", {**params, "months": str(window)}, {"events": frame_recipe},
                     select={"country_iso3": iso3}, between={"month": [str(year.start), str(month)]},
                     column=column, reduce="sum"))
        current = table[(table["country_iso3"] == iso3) & (table["month"] == str(month))] if len(table) else table
        km = float(current["median_km"].iloc[0]) if len(current) and pd.notna(current["median_km"].iloc[0]) else None
        row["median_km"] = None if km is None else book.add(
            km, f"{iso3} median distance from the front, {month}",
            call("veille.analysis.spillover", {**params, "months": str(window)}, {"events": frame_recipe},
                 select={"country_iso3": iso3, "month": str(month)}, column="median_km"), "km")
        out["rows"].append(row)
        if iso3 not in SAHEL_FRONT:
            sahel_sources = {c: s for c, s in sources.items() if c in SAHEL_FRONT}
            near = near_border_events(_within(chosen, year), iso3)
            near_recipe = call("veille.reports.brief.near_border_events", {"country_iso3": iso3, "km": 50.0},
                               {"events": events_frame_recipe(_queries(sahel_sources, year))})
            out["next_door"].append({
                "country_iso3": iso3,
                "events": book.add(len(near), f"Sahel events within 50 km of {iso3}, {year}",
                                   {**near_recipe, "column": "event_id", "reduce": "count"}),
                "fatalities": book.add(int(near["fatalities"].fillna(0).sum()),
                                       f"Sahel fatalities within 50 km of {iso3}, {year}",
                                       {**near_recipe, "column": "fatalities", "reduce": "sum"})})
    pv = political_violence(mine)
    if len(pv):
        indicators = conflict_indicators(mine, unit="country", period="month")
        for iso3 in countries:
            now = indicators[(indicators["unit"] == iso3) & (indicators["period"] == str(month))]
            row = {"country_iso3": iso3}
            for column, style in (("deadliness", "int"), ("danger_to_civilians", "int"), ("diffusion", "pct"),
                                  ("fragmentation", "int")):
                value = now[column].iloc[0] if len(now) else 0
                row[column] = book.add(value, f"{iso3} {column}, {month}", call(
                    "veille.analysis.conflict_indicators", {"unit": "country", "period": "month"},
                    {"events": events_frame_recipe(_queries(brief_sources, window))},
                    select={"unit": iso3, "period": str(month)}, column=column, reduce="sum"), style)
            out["indicators"].append(row)
    out["hotspots_note"] = len(pv) < MIN_HOTSPOT_EVENTS
    if with_hotspots and len(pv) >= MIN_HOTSPOT_EVENTS:
        try:
            hot = emerging_hotspots(mine, unit="admin2", countries=countries, months=window)
        except VeilleError:
            hot = None
        if hot is not None:
            units = unit_geometries("admin2", countries)
            images["hotspots"] = charts.hotspot_map(hot, units, countries, str(month), labels,
                                                    t["hot_title"].format(month=month_label(month, lang)))
            now = hot[(hot["month"] == str(month)) & hot["category"].str.endswith("hot spot")]
            for iso3 in countries:
                count = int((now["country_iso3"] == iso3).sum())
                out["hotspots"].append({"country_iso3": iso3, "units": book.add(
                    count, f"{iso3} admin-2 units in a hot spot category, {month}",
                    call("veille.analysis.emerging_hotspots", {"unit": "admin2", "countries": list(countries),
                                                               "months": str(window)},
                         {"events": events_frame_recipe(_queries(brief_sources, window))},
                         select={"country_iso3": iso3, "month": str(month)}, endswith={"category": "hot spot"},
                         column="unit", reduce="count"))})
    return out


def panel_forecast(store: Store, countries: tuple[str, ...], month: Month, samples: int = 200, seed: int = 0,
                   save: bool = True) -> pd.DataFrame:
    """The forecast a brief uses: admin-1 fatalities, horizons 1-12, from the end of
    ``month``, over ``countries`` with the coastal states and the central Sahel."""
    panel_countries = tuple(sorted(set(countries) | set(COASTAL_FOCUS) | set(SAHEL_FRONT)))
    return forecast(store, "admin1", "fatalities", month, Horizon(1, 12), samples=samples, seed=seed,
                    countries=panel_countries, save=save)


def _forecast(store, book, countries, panel_countries, month, samples, seed, save, t, frame=None):
    try:
        if frame is None:
            frame = panel_forecast(store, countries, month, samples, seed, save)
    except VeilleError as exc:
        return {"available": False, "reason": exc.message}, None, None
    samples = int(frame.attrs.get("samples", samples))
    params = {"unit": "admin1", "target": "fatalities", "train_end": str(month), "horizons": "1-12",
              "samples": samples, "seed": int(frame.attrs.get("seed", seed)), "countries": list(panel_countries)}
    recipe = {"kind": "forecast_run", "run_id": frame.attrs.get("run_id"), "target": "fatalities",
              "call": call("veille.forecast.forecast", params)}
    out = {"available": True, "run_id": frame.attrs.get("run_id"), "model": frame.attrs["model"],
           "samples": samples, "sources": _sources_of(frame),
           "vintage": frame.attrs.get("data_vintage", {}), "rows": [], "top": []}
    short = annual_fatalities(frame, months=3)
    year = annual_fatalities(frame, months=12)
    for iso3 in countries:
        row = {"country_iso3": iso3}
        for key, table, months in (("next3", short, 3), ("next12", year, 12)):
            mine = table[table["country_iso3"] == iso3]
            if mine.empty:
                row[key] = row[key + "_low"] = row[key + "_high"] = None
                continue
            draws = np.asarray(mine["draws"].iloc[0])
            base = call("veille.impact.annual_fatalities", {"months": months}, {"forecast": recipe},
                        select={"country_iso3": iso3})
            row[key] = book.add(float(np.median(draws)), f"{iso3} forecast fatalities, next {months} months (median)",
                                {**base, "column": "median"})
            row[key + "_low"] = book.add(float(np.quantile(draws, 0.05)), f"{iso3} forecast, next {months} months, 5%",
                                         {**base, "column": "p05"})
            row[key + "_high"] = book.add(float(np.quantile(draws, 0.95)),
                                          f"{iso3} forecast, next {months} months, 95%", {**base, "column": "p95"})
        first = frame[(frame["country_iso3"] == iso3) & (frame["horizon"] == 1)]
        row["p_any"] = None if first.empty else book.add(
            float(first["p_gt0"].max()), f"{iso3} highest chance of any fatality next month",
            {"kind": "call_frame", "input": recipe, "select": {"country_iso3": iso3, "horizon": 1},
             "column": "p_gt0", "reduce": "max"}, "pct")
        out["rows"].append(row)
    units = frame[frame["country_iso3"].isin(countries) & (frame["horizon"] <= 3)]
    totals = units.groupby(["unit", "unit_name", "country_iso3"])["mean"].sum().sort_values(ascending=False)
    for (unit, unit_name, iso3), _ in totals.head(5).items():
        rows = units[units["unit"] == unit]
        draws = np.sum(np.stack([np.asarray(d, dtype=float) for d in rows["draws"]]), axis=0)
        select = {"kind": "call_frame", "input": recipe, "select": {"unit": unit}, "between": {"horizon": [1, 3]},
                  "draws": "sum"}
        out["top"].append({"unit": unit, "name": unit_name, "country": name_of(iso3, "en"),
                           "median": book.add(float(np.median(draws)), f"{unit} forecast, next 3 months (median)",
                                              {**select, "statistic": "median"}),
                           "low": book.add(float(np.quantile(draws, 0.05)), f"{unit} forecast, next 3 months, 5%",
                                           {**select, "statistic": "q05"}),
                           "high": book.add(float(np.quantile(draws, 0.95)), f"{unit} forecast, next 3 months, 95%",
                                            {**select, "statistic": "q95"})})
    return out, frame, recipe


def _sources_of(frame: pd.DataFrame) -> dict:
    """The forecast's country → source (a dict fresh from ``forecast``, JSON text when
    the run was read back from the store)."""
    import json

    sources = frame.attrs.get("sources") or {}
    return json.loads(sources) if isinstance(sources, str) else dict(sources)


def _costs(store, book, countries, sources, month, frame, forecast_recipe, t, lang) -> dict:
    out: dict = {"table": [], "stale": [], "military": [], "arrivals": []}
    growth = growth_effect()
    war = growth_effect(spec="war", sample="ssa")
    elasticity = displacement_model()
    g_recipe = call("veille.impact.growth_effect", {"spec": "intensity", "sample": "world"})
    w_recipe = call("veille.impact.growth_effect", {"spec": "war", "sample": "ssa"})
    d_recipe = call("veille.impact.displacement_model")
    out["economy"] = {
        "coef": book.add(growth.coef, "growth effect per unit of log(1 + deaths per 100k)",
                         {**g_recipe, "attribute": "coef"}, "pp"),
        "low": book.add(growth.ci_low, "growth effect, 90% interval low", {**g_recipe, "attribute": "ci_low"}, "pp"),
        "high": book.add(growth.ci_high, "growth effect, 90% interval high", {**g_recipe, "attribute": "ci_high"}, "pp"),
        "nobs": book.add(growth.nobs, "country-years in the growth panel", {**g_recipe, "attribute": "nobs"}),
        "entities": book.add(growth.entities, "countries in the growth panel", {**g_recipe, "attribute": "entities"}),
        "first": growth.first_year, "last": growth.last_year,
        "war": book.add(war.coef, "war-year growth effect, Sub-Saharan Africa", {**w_recipe, "attribute": "coef"}, "pp"),
        "war_low": book.add(war.ci_low, "war-year effect, 90% low", {**w_recipe, "attribute": "ci_low"}, "pp"),
        "war_high": book.add(war.ci_high, "war-year effect, 90% high", {**w_recipe, "attribute": "ci_high"}, "pp"),
        "imf": book.add(-2.5, "IMF: growth in intense conflict, Sub-Saharan Africa",
                        {"kind": "published", "value": -2.5, "source": "Fang, Kothari, McLoughlin & Yenice (2020), "
                                                                         "IMF Working Paper WP/20/221"}, "pp"),
        "method": growth.method, "war_method": war.method,
        "elasticity": book.add(elasticity.coef * 100, "IDP stock % change per 100% more battle deaths (x100)",
                               {**d_recipe, "attribute": "coef", "scale": 100}, "float2"),
        "el_low": book.add(elasticity.ci_low * 100, "elasticity 90% low (x100)",
                           {**d_recipe, "attribute": "ci_low", "scale": 100}, "float2"),
        "el_high": book.add(elasticity.ci_high * 100, "elasticity 90% high (x100)",
                            {**d_recipe, "attribute": "ci_high", "scale": 100}, "float2"),
        "el_nobs": book.add(elasticity.nobs, "country-years in the displacement panel",
                            {**d_recipe, "attribute": "nobs"}),
        "el_method": elasticity.method,
    }
    table = displacement(tuple(countries))
    table = table[table["year"] <= month.year]
    stale = stale_figures(table)
    d_call = call("veille.impact.displacement", {"countries": list(countries)})
    growth_rows = displacement_rows = None
    if frame is not None:
        annual = annual_fatalities(frame)
        annual = annual[annual["country_iso3"].isin(countries)]
        seen = observed_fatalities(store, {c: s for c, s in _sources_of(frame).items() if c in countries},
                                   month)
        growth_rows = project_growth_impact(growth, annual, year=month.year)
        displacement_rows = project_displacement(elasticity, annual, seen, base_year=month.year)
        annual_recipe = call("veille.impact.annual_fatalities", {"months": 12}, {"forecast": forecast_recipe})
        seen_recipe = call("veille.impact.observed_fatalities",
                           {"sources": {c: s for c, s in _sources_of(frame).items() if c in countries},
                            "end": str(month)})
        pg = call("veille.impact.project_growth_impact", {"year": month.year},
                  {"estimate": g_recipe, "annual": annual_recipe})
        pd_ = call("veille.impact.project_displacement", {"base_year": month.year},
                   {"estimate": d_recipe, "annual": annual_recipe, "observed": seen_recipe})
    for iso3 in countries:
        row = {"country_iso3": iso3, "country": name_of(iso3, lang)}
        mine = table[table["country_iso3"] == iso3]
        for column in ("idps_idmc", "idps_unhcr"):
            values = mine.dropna(subset=[column])
            if len(values):
                year_ = int(values["year"].iloc[-1])
                row["idps"] = book.add(values[column].iloc[-1], f"{iso3} {column}, {year_}",
                                       {**d_call, "select": {"country_iso3": iso3, "year": year_}, "column": column})
                row["idps_year"] = year_
                row["idps_source"] = "IDMC" if column == "idps_idmc" else "UNHCR"
                frozen = stale[(stale["country_iso3"] == iso3) & (stale["measure"] == column) & stale["frozen"]]
                row["idps_frozen"] = int(frozen["unchanged_since"].iloc[0]) if len(frozen) else None
                break
        else:
            row.update({"idps": None, "idps_year": None, "idps_source": None, "idps_frozen": None})
        for column in ("sahel_refugees_hosted", "sahel_new_arrivals"):
            values = mine.dropna(subset=[column])
            if len(values) and iso3 not in SAHEL_FRONT:
                year_ = int(values["year"].iloc[-1])
                row[column] = book.add(values[column].iloc[-1], f"{iso3} {column}, {year_}",
                                       {**d_call, "select": {"country_iso3": iso3, "year": year_}, "column": column})
                row[column + "_year"] = year_
            else:
                row[column], row[column + "_year"] = None, None
        for scenario in ("central", "high"):
            g = growth_rows[(growth_rows["country_iso3"] == iso3) & (growth_rows["scenario"] == scenario)] \
                if growth_rows is not None else pd.DataFrame()
            d = displacement_rows[(displacement_rows["country_iso3"] == iso3)
                                  & (displacement_rows["scenario"] == scenario)] \
                if displacement_rows is not None else pd.DataFrame()
            if len(g):
                sel = {"select": {"country_iso3": iso3, "scenario": scenario}}
                row[f"growth_{scenario}"] = book.add(g["growth_impact_pp"].iloc[0], f"{iso3} growth impact ({scenario})",
                                                     {**pg, **sel, "column": "growth_impact_pp"}, "pp")
                row[f"growth_{scenario}_low"] = book.add(g["ci_low"].iloc[0], f"{iso3} growth impact ({scenario}) 5%",
                                                         {**pg, **sel, "column": "ci_low"}, "pp")
                row[f"growth_{scenario}_high"] = book.add(g["ci_high"].iloc[0],
                                                          f"{iso3} growth impact ({scenario}) 95%",
                                                          {**pg, **sel, "column": "ci_high"}, "pp")
                row[f"loss_{scenario}"] = book.add(g["loss_usd"].iloc[0] / 1e6, f"{iso3} output lost ({scenario}), "
                                                   "US$ million", {**pg, **sel, "column": "loss_usd", "scale": 1e-6},
                                                   "usd_m")
            else:
                for k in ("", "_low", "_high"):
                    row[f"growth_{scenario}{k}"] = None
                row[f"loss_{scenario}"] = None
            if len(d) and pd.notna(d["projected_idps"].iloc[0]):
                sel = {"select": {"country_iso3": iso3, "scenario": scenario}}
                row[f"idps_{scenario}"] = book.add(d["projected_idps"].iloc[0], f"{iso3} projected IDPs ({scenario})",
                                                   {**pd_, **sel, "column": "projected_idps"})
                row[f"idps_{scenario}_low"] = book.add(d["ci_low"].iloc[0], f"{iso3} projected IDPs ({scenario}) 5%",
                                                       {**pd_, **sel, "column": "ci_low"})
                row[f"idps_{scenario}_high"] = book.add(d["ci_high"].iloc[0],
                                                        f"{iso3} projected IDPs ({scenario}) 95%",
                                                        {**pd_, **sel, "column": "ci_high"})
            else:
                for k in ("", "_low", "_high"):
                    row[f"idps_{scenario}{k}"] = None
        out["table"].append(row)
    for r in stale.itertuples(index=False):
        if r.frozen or r.last_year < month.year:
            out["stale"].append({"country": name_of(r.country_iso3, lang), "measure": t["measure_" + r.measure],
                                 "last_year": r.last_year, "unchanged_since": r.unchanged_since, "frozen": r.frozen})
    since = month.year - 10
    trends = military_trends(military_expenditure(tuple(countries), since=since, until=month.year))
    m_recipe = call("veille.impact.military_trends", {}, {"series": call(
        "veille.impact.military_expenditure", {"countries": list(countries), "since": since, "until": month.year})})
    for r in trends.itertuples(index=False):
        sel = {"select": {"iso3": r.iso3}}
        out["military"].append({"country": name_of(r.iso3, lang), "last_year": r.last_year,
                                "last": book.add(r.last_value, f"{r.iso3} military expenditure % GDP, {r.last_year}",
                                                 {**m_recipe, **sel, "column": "last_value"}, "float2"),
                                "slope": book.add(r.slope_per_year, f"{r.iso3} military expenditure trend per year",
                                                  {**m_recipe, **sel, "column": "slope_per_year"}, "float2"),
                                "low": book.add(r.slope_low, f"{r.iso3} trend 5%",
                                                {**m_recipe, **sel, "column": "slope_low"}, "float2"),
                                "high": book.add(r.slope_high, f"{r.iso3} trend 95%",
                                                 {**m_recipe, **sel, "column": "slope_high"}, "float2"),
                                "first_year": r.first_year})
    out["vintage"] = [vintage(n) for n in ("wdi_gdp_growth", "wdi_population", "wdi_gdp_usd", "wdi_military",
                                            "unhcr_population", "unhcr_flows", "idmc", "ucdp_battle_deaths")]
    out["sahel_arrivals"] = int(len(sahel_arrivals()))
    return out


def _indicator_levels(data: dict) -> pd.DataFrame:
    rows = []
    for r in data["spreading"]["indicators"]:
        for key in ("deadliness", "danger_to_civilians", "diffusion", "fragmentation"):
            if r.get(key) is not None and r[key].value is not None:
                rows.append({"country_iso3": r["country_iso3"], "indicator": key, "value": float(r[key].value)})
    for r in data["headline"]["rows"]:
        if r.get("civilian_share") is not None and r["civilian_share"].value is not None:
            rows.append({"country_iso3": r["country_iso3"], "indicator": "civilian_fatality_share",
                         "value": float(r["civilian_share"].value)})
    for r in data["costs"]["table"]:
        if r.get("sahel_new_arrivals") is not None:
            rows.append({"country_iso3": r["country_iso3"], "indicator": "sahel_new_arrivals",
                         "value": float(r["sahel_new_arrivals"].value)})
        if r.get("growth_high") is not None and r["growth_high"].value is not None:
            rows.append({"country_iso3": r["country_iso3"], "indicator": "growth_impact_pp_lost",
                         "value": -float(r["growth_high"].value)})
        if r.get("idps_high") is not None and r.get("idps") is not None:
            rows.append({"country_iso3": r["country_iso3"], "indicator": "projected_idps_increase",
                         "value": float(r["idps_high"].value) - float(r["idps"].value)})
    return pd.DataFrame(rows, columns=["country_iso3", "indicator", "value"])


def _todo(recommendations: pd.DataFrame, month: Month, lang: str) -> list[dict]:
    t = strings(lang)
    out = []
    for r in recommendations.itertuples(index=False):
        out.append({"entry_id": r.entry_id, "category_key": r.category, "category": t["cat_" + r.category],
                    "action": r.action_fr if lang == "fr" else r.action, "owner": r.owner,
                    "country_iso3": r.country_iso3, "country": name_of(r.country_iso3, lang) if r.country_iso3 else "",
                    "due": day_label(month.last_day + dt.timedelta(days=int(r.due_days)), lang),
                    "trigger": r.trigger, "alerts": len(r.alert_ids), "alert_ids": list(r.alert_ids)})
    return sorted(out, key=lambda r: (CATEGORIES.index(r["category_key"]), r["country"]))


def _alerts(alerts: pd.DataFrame, lang: str, limit: int = 12) -> list[dict]:
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    rows = alerts.assign(rank=alerts["severity"].map(order)).sort_values(["rank", "period"], ascending=[True, False])
    return [{"alert_id": r.alert_id, "severity": SEVERITY_FR.get(r.severity, r.severity) if lang == "fr"
             else r.severity, "period": r.period, "title": r.title, "evidence": int(r.evidence_count)}
            for r in rows.head(limit).itertuples(index=False)]


def _methods(store: Store, book: FigureBook, data: dict, frame) -> dict:
    runs = set()
    for figure in book.figures:
        runs.update(_runs_of(figure.recipe))
    table = store.runs()
    used = table[table["run_id"].isin(runs)] if runs else table.iloc[:0]
    return {"runs": [{"run_id": int(r.run_id), "source": r.source, "file": Path(r.path).name, "sha256": r.sha256[:16],
                      "read": int(r.read_count), "finished": str(r.finished_at)[:19]}
                     for r in used.itertuples(index=False)],
            "datasets": data["costs"]["vintage"],
            "forecast": {k: data["forecast"].get(k) for k in ("run_id", "model", "samples", "sources", "vintage")}
            if data["forecast"].get("available") else None}


def _runs_of(recipe) -> set[int]:
    found = set()
    if isinstance(recipe, dict):
        found.update(recipe.get("ingest_runs", []))
        for value in recipe.values():
            found |= _runs_of(value)
    elif isinstance(recipe, list):
        for value in recipe:
            found |= _runs_of(value)
    return found


def write_brief(store: Store, countries: tuple[str, ...], month: Month | str, lang: str, fmt: str, output: Path,
                region: str | None = None, **options) -> Brief:
    """Build and write a brief; the file appears whole or not at all."""
    if fmt not in FORMATS:
        raise InvalidValue(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if not Path(output).parent.exists():
        raise NotFound(f"no folder {Path(output).parent} to write the brief into")
    brief = build_brief(store, countries, month, lang, region=region, **options)
    brief.write(output, fmt)
    return brief


def latest_month(store: Store) -> Month:
    """The last complete month of curated political-violence events in the store."""
    from veille.forecast.panel import last_complete_month

    dates = store.events(EventFilter(sources=SOURCE_PREFERENCE, event_types=PV, columns=("event_date",)))
    if dates.empty:
        raise NotFound("the store holds no political-violence events from ACLED or UCDP; import some first")
    return last_complete_month(dates["event_date"].max())


__all__ = ["FORMATS", "LANGS", "REGIONS", "Brief", "build_brief", "choose_sources", "latest_month",
           "near_border_events", "panel_forecast", "resolve_countries", "strings", "write_brief"]
