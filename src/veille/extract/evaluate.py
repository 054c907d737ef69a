"""Scoring the extractor against labelled reports: ``veille eval extract GOLD``.

A gold file is either veille's own JSONL (one article a line, with its ``events``; see
tests/fixtures/extract/README.md) or an ACLED export, whose ``notes`` are read as
one-event reports with the record's own fields as the answer — read in place, never
copied. ACLED rows are split in two fixed halves by the md5 of their ``event_id_cnty``
(``--half tune`` / ``--half report``) so that what one tunes on is kept apart from what
one reports.

Within each article, extracted events are paired with gold events (greedily, by how
many of date, admin units, type and location agree; a pair needs the same event type
or the same place). Every field is scored over the gold events: an event the extractor
missed counts as wrong for every field. Sub-event types are scored as weighted F1 over
the gold classes, with missed events and spurious ones as a "none" class. Duplicate
links are scored over the pairs of gold events reported by different articles.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from veille.errors import InputRefused
from veille.extract.pipeline import Article, ExtractedEvent, extract

FIELDS = ("country_iso3", "admin1", "admin2", "actor1", "actor2", "event_date", "fatalities", "event_type",
          "sub_event_type", "location")
TARGETS = {"country_iso3": 0.98, "admin1": 0.90, "actor1": 0.90, "actor2": 0.85, "event_date": 0.85,
           "fatalities": 0.85, "event_type": 0.85, "sub_event_type_f1": 0.84, "link_precision": 0.90,
           "link_recall": 0.90}


@dataclass
class GoldArticle:
    article: Article
    events: list[dict]
    kind: str = "report"


def read_gold(path: str | Path, half: str | None = None, split: str | None = None,
              country_hint: bool = False, limit: int | None = None) -> list[GoldArticle]:
    """Gold articles from veille's JSONL or from an ACLED CSV export (in place)."""
    from veille.sources.reading import check_readable

    path = Path(path)
    check_readable(path)
    with open(path, encoding="utf-8") as handle:
        head = handle.readline()
    if head.lstrip().startswith("{"):
        return _read_jsonl(path, split, limit)
    if "notes" in head and "event_id_cnty" in head:
        return _read_acled(path, half, country_hint, limit)
    raise InputRefused(str(path), "is neither veille's gold JSONL nor an ACLED export",
                       "JSON lines with id, text and events, or an ACLED CSV with notes")


def _read_jsonl(path: Path, split: str | None, limit: int | None) -> list[GoldArticle]:
    from veille.extract.dates import parse_published

    out = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputRefused(str(path), f"line {number}: not JSON ({exc.msg})", "one JSON object per line") from None
            if split and row.get("split", split) != split:
                continue
            for name in ("id", "text", "events"):
                if name not in row:
                    raise InputRefused(str(path), f"line {number}: field {name!r} is missing", "id, text and events")
            try:
                published = parse_published(row.get("published"))
            except ValueError:
                raise InputRefused(str(path), f"line {number}: field 'published': not a date: {row.get('published')!r}",
                                   "YYYY-MM-DD") from None
            article = Article(str(row["id"]), row["text"], published, None, row.get("url"), row.get("title"),
                              outlet=row.get("outlet"))
            out.append(GoldArticle(article, row["events"], row.get("kind", "report")))
            if limit and len(out) >= limit:
                break
    return out


def acled_half(event_id: str) -> str:
    """The fixed half an ACLED record belongs to: md5 of its id, last hex digit even → tune."""
    return "tune" if int(hashlib.md5(event_id.encode()).hexdigest()[-1], 16) % 2 == 0 else "report"


def _read_acled(path: Path, half: str | None, country_hint: bool, limit: int | None) -> list[GoldArticle]:
    from veille import actors
    from veille.extract.actors import named_actor
    from veille.geo import match_admin1

    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if str(row.get("event_id_cnty", "")).startswith("#"):
                continue  # HXL tag row
            if half and acled_half(row["event_id_cnty"]) != half:
                continue
            notes = (row.get("notes") or "").strip()
            if not notes:
                continue
            iso3 = row.get("iso3") or actors.country_iso3(row.get("country"))
            when = _unswapped(_acled_date(row["event_date"]), notes)
            pcode = match_admin1(iso3, row.get("admin1"), vintages=True) if row.get("admin1") else None
            a1 = actors.resolve(row.get("actor1"), iso3)
            a2 = actors.resolve(row.get("actor2"), iso3)
            gold = {"key": row["event_id_cnty"], "event_date": when.isoformat() if when else None,
                    "date_precision": int(row.get("time_precision") or 1), "country_iso3": iso3,
                    "admin1": row.get("admin1"), "admin1_pcode": pcode, "admin2": row.get("admin2") or None,
                    "location": row.get("location"), "actor1": named_actor(a1.actor_id, iso3) if a1 else None,
                    "actor2": named_actor(a2.actor_id, iso3) if a2 else None, "event_type": row["event_type"],
                    "sub_event_type": row["sub_event_type"], "fatalities": int(float(row.get("fatalities") or 0))}
            # The note's "On 2 March" needs a year: the event's own date stands in for publication.
            article = Article(row["event_id_cnty"], notes, when, "en", None, None, iso3 if country_hint else None)
            out.append(GoldArticle(article, [gold]))
            if limit and len(out) >= limit:
                break
    return out


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_NOTE_DAY = re.compile(r"\b(?:on|around)\s+(?:(?P<d1>\d{1,2})\s+(?P<m1>[a-z]+)|(?P<m2>[a-z]+)\s+(?P<d2>\d{1,2}))\b", re.I)


def _unswapped(when: dt.date | None, notes: str) -> dt.date | None:
    """The HDX copies give some rows' dates with day and month swapped (a note "On
    March 4" on a row dated the 3rd of April). When the note's own first date is the
    row's date with day and month exchanged, the note's reading is taken."""
    if when is None or when.day > 12:
        return when
    m = _NOTE_DAY.search(notes)
    if not m:
        return when
    month_word, day = (m.group("m1"), m.group("d1")) if m.group("d1") else (m.group("m2"), m.group("d2"))
    if month_word.lower() not in _MONTHS:
        return when
    month, day = _MONTHS.index(month_word.lower()) + 1, int(day)
    if (month, day) == (when.day, when.month) and month != day:
        return dt.date(when.year, month, day)
    return when


def _acled_date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


# ---- comparing fields -------------------------------------------------------------------

def _key(value) -> str | None:
    from veille.geo.names import name_key

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return name_key(str(value)) or None


def _admin1_equal(pred: ExtractedEvent, gold: dict) -> bool:
    from veille.geo import match_admin1

    if gold.get("admin1") is None:
        return pred.admin1 is None
    if pred.admin1 is None:
        return False
    gold_pcode = gold.get("admin1_pcode") or match_admin1(gold.get("country_iso3"), gold["admin1"], vintages=True)
    if gold_pcode and pred.admin1_pcode:
        return gold_pcode == pred.admin1_pcode
    return _key(pred.admin1) == _key(gold["admin1"])


def admin1_vintage_equal(pred: ExtractedEvent, gold: dict) -> bool:
    """Admin-1 right on our map or on the map the gold was coded on: ACLED wrote "Gao" until
    2020 for places of what is now Mali's Ménaka region, and a prediction of Ménaka there is
    right on both maps (``data/geo/boundary_changes.csv``). Reported apart from ``admin1``."""
    from veille.geo import vintage_match

    if _admin1_equal(pred, gold):
        return True
    if not gold.get("admin1") or not pred.admin1_pcode:
        return False
    return vintage_match(gold.get("country_iso3"), gold["admin1"], pred.admin1_pcode) is not None


def _date_equal(pred: ExtractedEvent, gold: dict, exact: bool = False) -> bool:
    if gold.get("event_date") is None:
        return pred.event_date is None
    if pred.event_date is None:
        return False
    truth = dt.date.fromisoformat(gold["event_date"])
    if exact or gold.get("date_precision", 1) == 1:
        return pred.event_date == truth
    if gold["date_precision"] == 2:
        return pred.event_date.isocalendar()[:2] == truth.isocalendar()[:2] or abs((pred.event_date - truth).days) <= 3
    return (pred.event_date.year, pred.event_date.month) == (truth.year, truth.month)


def field_equal(name: str, pred: ExtractedEvent, gold: dict) -> bool:
    if name == "admin1":
        return _admin1_equal(pred, gold)
    if name == "event_date":
        return _date_equal(pred, gold)
    if name in ("admin2", "location"):
        if name == "admin2" and gold.get("admin2") is None:
            return pred.admin2 is None or gold.get("country_iso3") == "GHA"
        return _key(getattr(pred, name)) == _key(gold.get(name))
    if name == "fatalities":
        return (pred.fatalities or 0) == int(gold.get("fatalities") or 0)
    return getattr(pred, name) == gold.get(name)


def actor_family_equal(predicted: str | None, gold: str | None) -> bool:
    """Equal, or one the registry's parent of the other: a katiba and its coalition
    (katiba-macina / jnim), an operation and its army (barkhane / military-forces-fra),
    a national branch and its movement (dozo-mli / dozo)."""
    from veille import actors

    if predicted == gold:
        return True
    if not predicted or not gold:
        return False

    def ancestors(actor_id: str) -> set[str]:
        out, record = set(), actors.actor(actor_id)
        while record is not None and record.parent_id and record.parent_id not in out:
            out.add(record.parent_id)
            record = actors.actor(record.parent_id)
        return out

    return gold in ancestors(predicted) or predicted in ancestors(gold)


def _similarity(pred: ExtractedEvent, gold: dict) -> float:
    score = 0.0
    if pred.event_type == gold.get("event_type"):
        score += 2.0
    if pred.sub_event_type == gold.get("sub_event_type"):
        score += 1.0
    if _date_equal(pred, gold):
        score += 2.0
    if gold.get("admin2") and _key(pred.admin2) == _key(gold.get("admin2")):
        score += 1.5
    if _admin1_equal(pred, gold):
        score += 1.0
    if _key(pred.location) == _key(gold.get("location")):
        score += 1.0
    if pred.country_iso3 == gold.get("country_iso3"):
        score += 0.5
    return score


def match(predicted: list[ExtractedEvent], gold: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of predicted and gold events of one article."""
    pairs = sorted(((_similarity(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
                   reverse=True)
    used_p, used_g, out = set(), set(), []
    for _score, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        p, g = predicted[i], gold[j]
        if len(gold) == 1 and len(predicted) >= 1 and not used_g:
            pass  # a one-event report pairs with its best candidate
        elif not (p.event_type == g.get("event_type") or _similarity(p, g) >= 3.0):
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


# ---- the report -----------------------------------------------------------------------------

@dataclass
class Scores:
    articles: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    matched: int = 0
    correct: Counter = field(default_factory=Counter)  # field → correct over gold events
    correct_matched: Counter = field(default_factory=Counter)
    actor_family: Counter = field(default_factory=Counter)  # actor1/actor2 right up to a parent group
    admin1_vintage: int = 0  # admin-1 right on our map or on the gold's older or newer one
    date_exact: int = 0
    no_event_articles: int = 0
    no_event_correct: int = 0
    language_correct: int = 0
    language_known: int = 0
    y_true: list[str] = field(default_factory=list)
    y_pred: list[str] = field(default_factory=list)
    y_true_type: list[str] = field(default_factory=list)
    y_pred_type: list[str] = field(default_factory=list)
    confidence: list[tuple[float, bool]] = field(default_factory=list)
    links: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        from sklearn.metrics import f1_score

        n = max(self.gold_events, 1)
        out: dict = {
            "articles": self.articles, "gold_events": self.gold_events, "predicted_events": self.predicted_events,
            "matched_events": self.matched,
            "event_precision": round(self.matched / self.predicted_events, 4) if self.predicted_events else None,
            "event_recall": round(self.matched / self.gold_events, 4) if self.gold_events else None,
            "fields": {name: round(self.correct[name] / n, 4) for name in FIELDS},
            "fields_on_matched": {name: round(self.correct_matched[name] / max(self.matched, 1), 4) for name in FIELDS},
            "actors_up_to_parent_group": {name: round(self.actor_family[name] / n, 4) for name in ("actor1", "actor2")},
            "admin1_with_vintages": round(self.admin1_vintage / n, 4),
            "event_date_exact_day": round(self.date_exact / n, 4),
            "no_event_articles": self.no_event_articles,
            "no_event_accuracy": round(self.no_event_correct / self.no_event_articles, 4) if self.no_event_articles else None,
            "language_accuracy": round(self.language_correct / self.language_known, 4) if self.language_known else None,
            "articles_per_second": round(self.articles / self.seconds, 1) if self.seconds else None,
        }
        labels = sorted(set(self.y_true) - {"none"})
        if labels:
            out["sub_event_type_f1"] = round(float(f1_score(self.y_true, self.y_pred, labels=labels, average="weighted",
                                                            zero_division=0)), 4)
            type_labels = sorted(set(self.y_true_type) - {"none"})
            out["event_type_f1"] = round(float(f1_score(self.y_true_type, self.y_pred_type, labels=type_labels,
                                                        average="weighted", zero_division=0)), 4)
        if self.confidence:
            out["confidence"] = calibration(self.confidence)
        if self.links:
            out["links"] = self.links
        out["targets"] = {name: target for name, target in TARGETS.items()}
        return out


def calibration(pairs: list[tuple[float, bool]], bins: int = 5) -> dict:
    """Brier score, expected calibration error and a reliability table of (confidence, correct)."""
    brier = sum((p - float(y)) ** 2 for p, y in pairs) / len(pairs)
    table, ece = [], 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if low <= p < high or (b == bins - 1 and p == 1.0)]
        if not inside:
            continue
        mean_p = sum(p for p, _ in inside) / len(inside)
        rate = sum(1 for _, y in inside if y) / len(inside)
        ece += len(inside) / len(pairs) * abs(mean_p - rate)
        table.append({"bin": f"{low:.1f}-{high:.1f}", "events": len(inside), "mean_confidence": round(mean_p, 3),
                      "share_correct": round(rate, 3)})
    return {"events": len(pairs), "brier": round(brier, 4), "ece": round(ece, 4), "reliability": table}


def evaluate(gold: Iterable[GoldArticle], link: bool = True,
             progress: Callable[[int], None] | None = None, keep_errors: int = 200, model: str | None = None) -> Scores:
    import time

    scores = Scores()
    extracted: list[tuple[GoldArticle, list[ExtractedEvent], dict[int, int]]] = []
    started = time.perf_counter()
    for item in gold:
        result = extract(item.article, model=model if model is not None else None)
        scores.articles += 1
        if progress:
            progress(1)
        predicted = result.events
        scores.predicted_events += len(predicted)
        scores.gold_events += len(item.events)
        if item.article.lang is None and "-" in item.article.id:
            code = item.article.id.split("-")[1]
            if code in ("en", "fr"):
                scores.language_known += 1
                scores.language_correct += result.lang == code
        if not item.events:
            scores.no_event_articles += 1
            scores.no_event_correct += not predicted
        pairs = match(predicted, item.events)
        paired_gold = {j: i for i, j in pairs}
        paired_pred = {i for i, _ in pairs}
        scores.matched += len(pairs)
        for j, g in enumerate(item.events):
            p = predicted[paired_gold[j]] if j in paired_gold else None
            scores.y_true.append(g.get("sub_event_type") or "none")
            scores.y_pred.append(p.sub_event_type if p else "none")
            scores.y_true_type.append(g.get("event_type") or "none")
            scores.y_pred_type.append(p.event_type if p else "none")
            wrong = []
            for name in FIELDS:
                ok = p is not None and field_equal(name, p, g)
                scores.correct[name] += ok
                if p is not None:
                    scores.correct_matched[name] += ok
                if not ok:
                    wrong.append(name)
            if p is not None and _date_equal(p, g, exact=True):
                scores.date_exact += 1
            for name in ("actor1", "actor2"):
                scores.actor_family[name] += p is not None and actor_family_equal(getattr(p, name), g.get(name))
            scores.admin1_vintage += p is not None and admin1_vintage_equal(p, g)
            if wrong and len(scores.errors) < keep_errors:
                scores.errors.append({"id": item.article.id, "gold": g, "wrong": wrong,
                                      "predicted": p.contract() | {"admin2": p.admin2} if p else None})
        for i, p in enumerate(predicted):
            scores.confidence.append((p.confidence, i in paired_pred))
            if i not in paired_pred:
                scores.y_true.append("none")
                scores.y_pred.append(p.sub_event_type)
                scores.y_true_type.append("none")
                scores.y_pred_type.append(p.event_type)
                if len(scores.errors) < keep_errors:
                    scores.errors.append({"id": item.article.id, "gold": None, "wrong": ["spurious"],
                                          "predicted": p.contract()})
        extracted.append((item, predicted, {i: j for i, j in pairs}))
    scores.seconds = time.perf_counter() - started
    if link:
        scores.links = _score_links(extracted)
    return scores


def _score_links(extracted) -> dict:
    """Duplicate-link precision and recall over events of different articles."""
    from veille.extract.links import link_events

    gold_pairs = set()
    by_key: dict[str, list[tuple[int, int]]] = {}
    for a, (item, _, _) in enumerate(extracted):
        for j, g in enumerate(item.events):
            if g.get("key"):
                by_key.setdefault(g["key"], []).append((a, j))
    for members in by_key.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                if members[x][0] != members[y][0]:
                    gold_pairs.add(frozenset((members[x], members[y])))
    if not gold_pairs:
        return {}
    flat = []
    for a, (item, predicted, pairs) in enumerate(extracted):
        for i, p in enumerate(predicted):
            flat.append((a, i, p, item.article, pairs.get(i)))
    predicted_pairs = link_events([(f"{a}:{i}", p, article) for a, i, p, article, _ in flat])
    gold_of = {f"{a}:{i}": (a, j) for a, i, _, _, j in flat if j is not None}
    found = set()
    tp = 0
    for left, right, _score in predicted_pairs:
        ga, gb = gold_of.get(left), gold_of.get(right)
        pair = frozenset((ga, gb)) if ga and gb else None
        if pair in gold_pairs:
            tp += 1
            found.add(pair)
    precision = tp / len(predicted_pairs) if predicted_pairs else None
    recall = len(found) / len(gold_pairs)
    return {"gold_pairs": len(gold_pairs), "predicted_pairs": len(predicted_pairs), "true_pairs": tp,
            "precision": round(precision, 4) if precision is not None else None, "recall": round(recall, 4)}
