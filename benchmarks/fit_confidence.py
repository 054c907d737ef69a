"""Fit the extractor's confidence model on the dev part of veille's own gold set.

    python benchmarks/fit_confidence.py

Every event the extractor finds in tests/fixtures/extract/gold_dev.jsonl (text the
project wrote; never ACLED) is labelled right when it pairs with a gold event of the
same event type. A logistic regression of that label on ``confidence.Features`` is
saved to src/veille/extract/confidence.json. Its calibration is then measured on the
held-out test part by `veille eval extract` (Brier score, ECE, reliability table).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "fixtures" / "extract" / "gold_dev.jsonl"


def main() -> None:
    from veille.extract import confidence
    from veille.extract.evaluate import match, read_gold
    from veille.extract.pipeline import _features, extract

    rows = []
    for item in read_gold(DEV):
        events = extract(item.article, model="").events
        pairs = dict(match(events, item.events))
        for i, event in enumerate(events):
            right = i in pairs and item.events[pairs[i]].get("event_type") == event.event_type
            rows.append((_features(event, len(events)), right))
    coefs = confidence.fit(rows, l2=2.0)
    confidence.save(coefs, trained_on="tests/fixtures/extract/gold_dev.jsonl (veille's own dev reports)", n=len(rows))
    wrong = sum(1 for _, right in rows if not right)
    print(f"fitted on {len(rows)} events ({wrong} wrong); coefficients: "
          + ", ".join(f"{k} {v:+.2f}" for k, v in coefs.items()))


if __name__ == "__main__":
    main()
