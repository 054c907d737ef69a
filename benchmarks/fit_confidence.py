"""Fit the extractor's confidence model on the dev parts of veille's four gold sets.

    python benchmarks/fit_confidence.py

Every event the extractor finds in tests/fixtures/extract/gold_dev.jsonl, wire_dev.jsonl,
press_dev.jsonl and local_dev.jsonl (text the project wrote; never ACLED; the tidy first set,
the untidier wire and press copy and the local radio, monitor and communiqué reports, so that
the probabilities hold on all) is labelled right when it pairs with a
gold event of the same event type. A logistic regression of that label on ``confidence.Features`` is
saved to src/veille/extract/confidence.json. Its calibration is then measured on the
held-out test part by `veille eval extract` (Brier score, ECE, reliability table).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = [ROOT / "tests" / "fixtures" / "extract" / name for name in ("gold_dev.jsonl", "wire_dev.jsonl", "press_dev.jsonl",
                                                                    "local_dev.jsonl")]


def main() -> None:
    from veille.extract import confidence
    from veille.extract.evaluate import match, read_gold
    from veille.extract.pipeline import _features, extract

    rows = []
    for path in DEV:
        for item in read_gold(path):
            result = extract(item.article, model="")
            events = result.events
            pairs = dict(match(events, item.events))
            for i, event in enumerate(events):
                right = i in pairs and item.events[pairs[i]].get("event_type") == event.event_type
                rows.append((_features(event, len(events), result.reference), right))
    # l2 = 1 had the lowest Brier score in a 10-fold cross-validation by article on the dev sets (gold and wire; kept with press added)
    coefs = confidence.fit(rows, l2=1.0)
    confidence.save(coefs, trained_on="tests/fixtures/extract/gold_dev.jsonl, wire_dev.jsonl, press_dev.jsonl and local_dev.jsonl"
                               " (veille's own dev reports)",
                    n=len(rows))
    wrong = sum(1 for _, right in rows if not right)
    print(f"fitted on {len(rows)} events ({wrong} wrong); coefficients: "
          + ", ".join(f"{k} {v:+.2f}" for k, v in coefs.items()))


if __name__ == "__main__":
    main()
