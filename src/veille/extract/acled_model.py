"""An optional sub-event-type classifier trained on *your own* copy of ACLED, at run time.

ACLED's terms forbid redistributing its data or anything derived from it row by row,
so veille ships no model trained on it: the rules of ``types`` work alone. A user who
holds ACLED files may train this classifier on their ``notes`` (TF-IDF of words and
character n-grams, then a logistic regression; scikit-learn) and point the
``extract_model`` setting at the file it writes — by default under the user's cache
directory (``$XDG_CACHE_HOME/veille`` or ``~/.cache/veille``), never inside the project.
The rules still decide whether a passage reports an event, and everything else about
it; for English passages the model then chooses among the 25 sub-types. ACLED's notes
are English, so French passages keep the rules' sub-type.

``half`` keeps the evaluation honest: train on the ``tune`` half (md5 of
``event_id_cnty``, see ``evaluate.acled_half``) and report on the other.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from veille.errors import InputRefused, InvalidValue
from veille.taxonomy import ALL_SUB_EVENT_TYPES

MODEL_NAME = "extract-acled-subtype.joblib"


def default_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "veille" / MODEL_NAME


def read_notes(paths: Sequence[str | os.PathLike], half: str | None = "tune",
               places: list[dict] | None = None) -> tuple[list[str], list[str], list[dict]]:
    """(notes, sub-event types, file descriptions) of the chosen half of ACLED files, read
    in place; ``places`` collects each row's location name and coordinates."""
    from veille.extract.evaluate import acled_half

    if half not in (None, "tune", "report", "all"):
        raise InvalidValue(f"half must be tune, report or all, got {half!r}")
    texts, labels, files = [], [], []
    for path in paths:
        name = str(path)
        with open(name, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "notes" not in reader.fieldnames or "sub_event_type" not in reader.fieldnames:
                raise InputRefused(name, "is not an ACLED export with notes", "columns notes, sub_event_type, event_id_cnty")
            rows = 0
            for row in reader:
                if str(row.get("event_id_cnty", "")).startswith("#"):
                    continue
                if half not in (None, "all") and acled_half(row["event_id_cnty"]) != half:
                    continue
                note, sub = (row.get("notes") or "").strip(), row.get("sub_event_type")
                if places is not None and row.get("location") and row.get("latitude") and row.get("longitude"):
                    places.append({"name": row["location"], "latitude": float(row["latitude"]),
                                   "longitude": float(row["longitude"]), "country_iso3": row.get("iso3") or None})
                if note and sub in ALL_SUB_EVENT_TYPES:
                    texts.append(note)
                    labels.append(sub)
                    rows += 1
        digest = hashlib.sha256(Path(name).read_bytes()).hexdigest()
        files.append({"path": str(Path(name).resolve()), "sha256": digest, "rows": rows})
    return texts, labels, files


def build():
    """Words (1-3-grams) and characters (3-5-grams), TF-IDF, then a linear SVM (C=4): the
    best of the settings compared by 5-fold cross-validation on the tune half
    (docs/extraction.md)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True, strip_accents="unicode")),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                                  strip_accents="unicode", max_features=60_000)),
    ])
    return Pipeline([("features", features), ("model", LinearSVC(C=4.0))])


def rule_tokens(text: str) -> str:
    """What the rules say of a passage, as extra words for the model: their sub-type, the
    trigger families they found, the sides they see hit and whose dead they count
    ("__rule_Armed_clash __hit_clash __vic_state __dead_state …")."""
    from veille.extract.pipeline import Article, extract
    from veille.extract.text import fold
    from veille.extract.types import triggers

    result = extract(Article("model-input", text, None, "en"), model="")
    sub = result.events[0].sub_event_type if result.events else "none"
    hits = " ".join(f"__hit_{family}" for family, n in triggers(fold(text)).counts.items() if n)
    return f"__rule_{_token(sub)} {hits} {context_tokens(text)}"


def context_tokens(text: str) -> str:
    """The sides a passage tells as hit and the groups whose dead the rules count: what
    tells an attack on civilians from a battle between armed sides."""
    from veille.extract.fatalities import count
    from veille.extract.numbers import numeric_view
    from veille.extract.text import fold
    from veille.extract.types import victim_sides

    folded = fold(text)
    sides = [f"__vic_{side}" for side in sorted(victim_sides(folded))]
    dead = count([numeric_view(folded, "en")]).dead
    groups = [f"__dead_{group.split()[0]}" for group in sorted(dead)] or ["__dead_none"]
    return " ".join(sides + groups)


def _token(sub: str) -> str:
    return sub.replace(" ", "_").replace("/", "_")


def train(paths: Sequence[str | os.PathLike], half: str = "tune", output: str | os.PathLike | None = None) -> dict:
    """Fit the classifier on the notes of ``half`` and save it; a description of what was done."""
    import joblib
    import sklearn

    rows: list[dict] = []
    texts, labels, files = read_notes(paths, half, rows)
    if len(set(labels)) < 2:
        raise InvalidValue("need ACLED notes of at least two sub-event types to train")
    model = build().fit([f"{t} {rule_tokens(t)}" for t in texts], labels)
    target = Path(output) if output else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {"trained_on": files, "half": half, "notes": len(texts), "classes": sorted(set(labels)),
            "sklearn": sklearn.__version__, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "note": "trained on the user's own ACLED copy; ACLED's terms forbid sharing this file"}
    names: dict[tuple, dict] = {}
    for row in rows:  # one point per (country, name): the first one ACLED gives
        names.setdefault((row["country_iso3"], row["name"].strip().lower()), row)
    meta["places"] = len(names)
    joblib.dump({"model": model, "meta": meta, "places": list(names.values())}, target)
    load.cache_clear()
    _saved.cache_clear()
    return {"path": str(target), **meta}


@cache
def load(path: str):
    """The saved classifier, or ``InputRefused`` when the file is not one."""
    return _saved(path)["model"]


@cache
def _saved(path: str) -> dict:
    import joblib

    file = Path(path)
    if not file.exists():
        raise InputRefused(path, "no such model file", "a file written by `veille eval train-acled`")
    try:
        saved = joblib.load(file)
    except Exception as exc:  # a wrong or damaged file
        raise InputRefused(path, f"cannot be read as a model ({type(exc).__name__})",
                           "a file written by `veille eval train-acled`") from None
    if not isinstance(saved, dict) or "model" not in saved:
        raise InputRefused(path, "is not a veille extraction model", "a file written by `veille eval train-acled`")
    return saved


@cache
def place_names(path: str) -> dict:
    """Folded place name → places, from the locations of the ACLED rows the model was
    trained on, placed in the bundled boundaries: an extra gazetteer of the villages
    ACLED codes, for the user's own runs only."""
    import numpy as np

    from veille.extract.places import Place
    from veille.extract.text import fold
    from veille.geo import assign_places

    rows = _saved(path).get("places") or []
    if not rows:
        return {}
    lat = np.array([r["latitude"] for r in rows])
    lon = np.array([r["longitude"] for r in rows])
    placed = assign_places(lat, lon, country_hint=np.array([r["country_iso3"] for r in rows], dtype=object))
    out: dict[str, list] = {}
    for r, unit in zip(rows, placed.itertuples(index=False)):
        if not isinstance(unit.country_iso3, str):
            continue
        place = Place(r["name"], "populated place", unit.country_iso3, _text(unit.admin1), _text(unit.admin1_pcode),
                      _text(unit.admin2), _text(unit.admin2_pcode), float(r["latitude"]), float(r["longitude"]), 0)
        out.setdefault(fold(r["name"]), []).append(place)
    return {k: tuple(v) for k, v in out.items()}


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def predict(path: str, text: str, rule_sub: str | None, families: dict[str, int]) -> tuple[str, float]:
    """(sub-event type, a 0.5-1 margin score) for a passage the rules typed ``rule_sub``."""
    import math

    model = load(path)
    hits = " ".join(f"__hit_{family}" for family, n in families.items() if n)
    features = f"{text} __rule_{_token(rule_sub or 'none')} {hits} {context_tokens(text)}"
    scores = model.decision_function([features])[0]
    order = scores.argsort()[::-1]
    margin = float(scores[order[0]] - scores[order[1]]) if len(order) > 1 else 1.0
    return str(model.classes_[order[0]]), 1.0 / (1.0 + math.exp(-2.0 * margin))
