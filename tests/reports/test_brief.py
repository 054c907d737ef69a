"""Briefs from the bundled data: every number traceable, both languages, every format."""

from __future__ import annotations

import math
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from veille import settings
from veille.errors import InvalidValue
from veille.model import Month
from veille.reports.brief import build_brief, panel_forecast, resolve_countries
from veille.reports.figures import format_number, reproduce
from veille.sources.ingest import ingest
from veille.sources.reference import refresh_reference
from veille.store import Store

MONTH = Month(2026, 1)
COUNTRIES = ("TGO", "BEN", "BFA")


@pytest.fixture(scope="module")
def store():
    data = settings.data_dir() / "ucdp"
    with Store(":memory:") as s:
        ingest(s, "ucdp", [data / "ucdp_ged_23_1_sample1000.csv"])
        ingest(s, "ucdp_candidate", [data / "ucdp_candidate_26_0_1.csv"])
        refresh_reference(s)
        yield s


@pytest.fixture(scope="module")
def frame(store):
    return panel_forecast(store, COUNTRIES, MONTH, samples=40)


@pytest.fixture(scope="module")
def brief_en(store, frame):
    return build_brief(store, COUNTRIES, MONTH, "en", forecast_frame=frame)


@pytest.fixture(scope="module")
def brief_fr(store, frame):
    return build_brief(store, COUNTRIES, MONTH, "fr", forecast_frame=frame)


class Cells(HTMLParser):
    """The text of every data cell (td.num), with figure links kept apart, and the ids
    the links point to and the appendix defines."""

    def __init__(self):
        super().__init__()
        self.cells, self.links, self.entries = [], [], set()
        self._cell = None
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and "num" in (attrs.get("class") or ""):
            self._cell = {"outside": "", "figures": 0}
        if tag == "a" and attrs.get("class") == "fig":
            self.links.append(attrs["href"].lstrip("#"))
            self._in_link = True
            if self._cell is not None:
                self._cell["figures"] += 1
        if attrs.get("class") == "entry":
            self.entries.add(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False
        if tag == "td" and self._cell is not None:
            self.cells.append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._in_link:
            self._cell["outside"] += data


def test_every_figure_reproduces_from_its_recipe(store, brief_en):
    cache: dict = {}
    assert len(brief_en.figures) > 80
    kinds = set()
    for figure in brief_en.figures:
        kinds.add(figure.recipe["kind"])
        again = reproduce(store, figure, cache)
        if figure.value is None:
            assert again is None, figure.label
        else:
            assert math.isclose(float(again), float(figure.value), rel_tol=1e-9, abs_tol=1e-9), figure.label
    assert {"events", "call", "ratio", "sum", "event", "forecast_run"} - {"forecast_run"} <= kinds | {"event"}


def test_every_number_in_the_brief_links_to_its_recipe(brief_en):
    parser = Cells()
    parser.feed(brief_en.to_html())
    assert parser.cells, "the brief has data cells"
    for cell in parser.cells:
        stray = re.sub(r"<[^>]*>", "", cell["outside"])
        # Outside the figure links a data cell may hold only separators, a source tag and a year label.
        assert not re.search(r"\d", re.sub(r"\b(IDMC|UNHCR) (19|20)\d\d\b|\b(19|20)\d\d\b", "", stray)), cell
    assert set(parser.links) <= parser.entries
    assert {f.id for f in brief_en.figures} == parser.entries
    counted = store_counts = brief_en.data["headline"]["rows"][2]["events_month"]
    assert counted.recipe["kind"] == "events" and counted.recipe["query"]["countries"] == ["BFA"]
    assert store_counts.value == 71 and counted.recipe["ingest_runs"]


def test_burkina_faso_figures_and_the_frozen_idp_stock_are_in_the_brief(brief_en):
    html = brief_en.to_html()
    assert "unchanged since 2023" in html
    bfa = next(r for r in brief_en.data["costs"]["table"] if r["country_iso3"] == "BFA")
    assert bfa["idps"].value == 2063000 and bfa["idps_frozen"] == 2023
    togo = next(r for r in brief_en.data["costs"]["table"] if r["country_iso3"] == "TGO")
    assert togo["sahel_refugees_hosted"].value == 49291 and togo["sahel_refugees_hosted_year"] == 2025
    economy = brief_en.data["costs"]["economy"]
    assert economy["coef"].value == pytest.approx(-1.593, abs=1e-3)
    assert economy["imf"].recipe == {"kind": "published", "value": -2.5,
                                     "source": "Fang, Kothari, McLoughlin & Yenice (2020), IMF Working Paper WP/20/221"}


def test_the_french_brief_speaks_french_and_writes_numbers_the_french_way(brief_en, brief_fr):
    html = unescape(brief_fr.to_html())
    assert "Note de situation" in html and "Ce qu'il faut faire" in html and "janvier 2026" in html
    assert "Situation brief" in brief_en.to_html() and "January 2026" in brief_en.to_html()
    text = re.sub(r"<code.*?</code>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert " :" not in text.replace("\u00a0:", "") and " ;" not in text  # no-break spaces before : and ;
    pairs = {e.id: (e.text, f.text) for e, f in zip(brief_en.figures, brief_fr.figures)}
    big = next(f for f in brief_en.figures if isinstance(f.value, (int, float)) and abs(f.value) >= 10000)
    assert "," in pairs[big.id][0] and "\u202f" in pairs[big.id][1]
    assert format_number(0.125, "pct", "fr") == "12,5\u202f%" and format_number(0.125, "pct", "en") == "12.5%"
    assert format_number(-1.5, "pp", "fr") == "\u22121,50\u00a0pt"
    assert [f.value for f in brief_en.figures] == [f.value for f in brief_fr.figures]


def test_pdf_and_markdown_are_written_whole(brief_fr, tmp_path):
    pdf = brief_fr.write(tmp_path / "togo.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and brief_fr.pdf_pages >= 4
    md = brief_fr.write(tmp_path / "togo.md")
    text = md.read_text(encoding="utf-8")
    assert "](togo_files/map.png)" in text and (tmp_path / "togo_files" / "map.png").stat().st_size > 5000
    assert re.search(r"\[[^\]]+\]\(#f1\)", text) and '<a id="f1"></a>' in text
    assert not list(tmp_path.glob("*.part"))


def test_regional_brief_from_a_region_keyword(store, frame):
    assert resolve_countries(region="coastal") == ("TGO", "BEN", "GHA", "CIV")
    assert resolve_countries(("tgo",), region="sahel") == ("TGO", "BFA", "MLI", "NER")
    with pytest.raises(InvalidValue, match="region must be one of"):
        resolve_countries(region="maghreb")
    with pytest.raises(InvalidValue, match="unknown or unsupported"):
        resolve_countries(("FRA",))


def test_brief_command_contract(cli):
    assert cli("ingest", "ucdp_candidate", settings.data_dir() / "ucdp" / "ucdp_candidate_26_0_1.csv").code == 0
    bad = cli("brief", "--country", "TGO", "--month", "2026-01", "--format", "docx", "--output", "x.docx")
    assert bad.code == 2 and "--format must be one of" in bad.stderr
    bad = cli("brief", "--country", "XXX", "--month", "2026-01", "--output", "x.html")
    assert bad.code == 2 and "unknown or unsupported" in bad.stderr
