"""The evaluator's admin-1 on another map's vintage: ACLED's files up to 2020 write "Gao"
for places now in Mali's Ménaka region; veille places them in Ménaka (ML10). Strict
admin-1 counts that wrong; ``admin1_with_vintages`` counts it right, as right on both maps."""

from __future__ import annotations

import datetime as dt

from veille.extract.evaluate import GoldArticle, admin1_vintage_equal, evaluate
from veille.extract.pipeline import Article, extract

TEXT = ("On 3 May 2019, unidentified gunmen killed two civilians in Anderamboukane, "
        "Menaka region.")


def _gold(admin1: str) -> dict:
    return {"key": "k", "event_date": "2019-05-03", "date_precision": 1, "country_iso3": "MLI",
            "admin1": admin1, "admin2": None, "location": "Anderamboukane",
            "actor1": "unidentified-armed-group-mli", "actor2": "civilians-mli",
            "event_type": "Violence against civilians", "sub_event_type": "Attack", "fatalities": 2}


def test_menaka_for_an_older_maps_gao_is_right_only_with_vintages():
    article = Article(id="t-en-1", text=TEXT, published=dt.date(2019, 5, 4), country="MLI")
    [event] = extract(article, model="").events
    assert (event.admin1, event.admin1_pcode) == ("Menaka", "ML10")
    assert admin1_vintage_equal(event, _gold("Gao"))
    assert admin1_vintage_equal(event, _gold("Menaka"))
    assert not admin1_vintage_equal(event, _gold("Mopti"))   # no recorded change links them
    scores = evaluate([GoldArticle(article, [_gold("Gao")])], link=False, model="").as_dict()
    assert scores["fields"]["admin1"] == 0.0
    assert scores["admin1_with_vintages"] == 1.0
