"""How sure the extractor is that an event it found is a real event, as a calibrated
probability.

Each event is described by a few features (how clearly the words name its type, whether
its date, place and actors were found, how many dead were counted, whether the article
carries non-event cues, how many events share the article, how far down the article it
is told, how old it is at publication — background retold deep in wire copy is where
spurious events come from). A logistic model maps them
to the probability that the event matches one in a labelled report. Its coefficients
(``confidence.json``) were fitted by ``fit`` on the *dev* parts of veille's three gold sets
(tests/fixtures/extract/gold_dev.jsonl, wire_dev.jsonl and press_dev.jsonl, text the project wrote) —
never on ACLED — and its calibration is measured on the held-out test parts by
``veille eval extract``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FEATURES = ("bias", "strength", "has_date", "date_day", "place_precise", "place_region", "has_country",
            "actor1", "actor2", "dead", "cues", "events_in_article", "starter_hits", "position", "days_old")
MODEL_FILE = Path(__file__).with_name("confidence.json")


@dataclass(frozen=True)
class Features:
    strength: float
    has_date: bool
    date_day: bool
    place_precise: bool
    place_region: bool
    has_country: bool
    actor1: bool
    actor2: bool
    dead: int | None
    cues: int
    events_in_article: int
    starter_hits: int
    position: float = 0.0  # where the event's first sentence stands in the article, 0 (lead) to 1 (last)
    days_old: int | None = None  # days from the event date to the publication date

    def vector(self) -> list[float]:
        return [1.0, self.strength, float(self.has_date), float(self.date_day), float(self.place_precise),
                float(self.place_region), float(self.has_country), float(self.actor1), float(self.actor2),
                math.log1p(self.dead or 0), float(min(self.cues, 3)), float(min(self.events_in_article, 5)),
                float(min(self.starter_hits, 6)), float(self.position), math.log1p(max(0, self.days_old or 0))]


# Before any fit: a prior that rewards clear words and found fields.
_PRIOR = {"bias": -1.0, "strength": 2.0, "has_date": 0.6, "date_day": 0.3, "place_precise": 0.5, "place_region": 0.3,
          "has_country": 0.5, "actor1": 0.3, "actor2": 0.3, "dead": 0.2, "cues": -0.8, "events_in_article": -0.1,
          "starter_hits": 0.1, "position": -1.0, "days_old": -0.2}


@cache
def coefficients() -> dict[str, float]:
    if MODEL_FILE.exists():
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        return {name: float(data["coefficients"].get(name, 0.0)) for name in FEATURES}
    return dict(_PRIOR)


def probability(features: Features) -> float:
    weights = coefficients()
    z = sum(weights[name] * value for name, value in zip(FEATURES, features.vector()))
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3)


def fit(rows: list[tuple[Features, bool]], l2: float = 1.0) -> dict[str, float]:
    """Logistic regression (L2-penalised, scikit-learn) of "this event is real" on the features."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    if len({label for _, label in rows}) < 2:
        raise ValueError("need both matched and unmatched events to fit the confidence model")
    x = np.array([f.vector()[1:] for f, _ in rows])
    y = np.array([int(label) for _, label in rows])
    model = LogisticRegression(C=1.0 / l2, max_iter=1000).fit(x, y)
    coefs = {"bias": float(model.intercept_[0])}
    coefs.update({name: float(c) for name, c in zip(FEATURES[1:], model.coef_[0])})
    return coefs


def save(coefs: dict[str, float], trained_on: str, n: int) -> None:
    MODEL_FILE.write_text(json.dumps({"trained_on": trained_on, "events": n, "features": list(FEATURES),
                                      "coefficients": coefs}, indent=2) + "\n", encoding="utf-8")
    coefficients.cache_clear()
