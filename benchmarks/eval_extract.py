"""Every accuracy figure of the news extractor, from the data it is measured on.

    python benchmarks/eval_extract.py [--model PATH]

- veille's own gold set (tests/fixtures/extract): the held-out ``test`` part (reported)
  and the ``dev`` part (tuned on), English and French, and each language alone;
- the second set, ``wire`` (written later by another hand, untidier): the same parts;
- the third set, ``press`` (written later still, by three other hands, mostly English):
  the same parts;
- the fourth set, ``local`` (community radio, monitors' incident forms, relayed posts and
  communiqués, written blind by three more hands): the same parts;
- the ACLED notes of ../shared/data/acled, read in place (skipped when absent): the
  ``report`` half of each file (the rules were tuned on the ``tune`` half only), without
  and with the file's country as a hint;
- ``--model PATH``: the same, with the optional sub-type model trained on the ``tune``
  half of your ACLED copy (`veille eval train-acled`), and the model alone as a classifier
  of the report half's notes (the shared-task setting: every snippet is an event).

Prints a table and writes benchmarks/out/eval_extract.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
ACLED = ROOT.parent / "shared" / "data" / "acled"
OUT = ROOT / "benchmarks" / "out"
KEYS = ("country_iso3", "admin1", "actor1", "actor2", "event_date", "fatalities", "event_type")


def _language_split(items, lang):
    return [i for i in items if i.article.id.split("-")[1] == lang]


def run(name: str, items, model: str | None, results: dict) -> None:
    from veille.extract.evaluate import evaluate

    started = time.perf_counter()
    scores = evaluate(items, model=model if model else "").as_dict()
    scores["seconds"] = round(time.perf_counter() - started, 1)
    results[name] = scores
    fields = scores["fields"]
    links = scores.get("links") or {}
    short = {"country_iso3": "country", "admin1": "admin1", "actor1": "actor1", "actor2": "actor2", "event_date": "date",
             "fatalities": "dead", "event_type": "type"}
    print(f"{name:38} n={scores['gold_events']:>5}  " + "  ".join(f"{short[k]} {fields[k]:.3f}" for k in KEYS)
          + f"  sub-F1 {scores.get('sub_event_type_f1', 0):.3f}"
          + (f"  links P {links.get('precision') or 0:.2f} R {links.get('recall', 0):.2f}" if links else ""), flush=True)


def classifier_only(model: str, results: dict) -> None:
    from sklearn.metrics import f1_score

    from veille.extract.acled_model import load, read_notes, rule_tokens

    texts, labels, _ = read_notes(sorted(ACLED.glob("*.csv")), "report")
    predicted = load(model).predict([f"{t} {rule_tokens(t)}" for t in texts])
    f1 = float(f1_score(labels, predicted, average="weighted"))
    results["acled report half: model as classifier"] = {"notes": len(texts), "sub_event_type_f1": round(f1, 4)}
    print(f"{'acled report half: model as classifier':38} n={len(texts):>5}  sub-F1 {f1:.3f}")


def main() -> None:
    from veille.extract.evaluate import read_gold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="sub-type model from `veille eval train-acled` (trained on the tune half)")
    args = parser.parse_args()
    results: dict = {}
    test = read_gold(FIXTURES / "gold_test.jsonl")
    dev = read_gold(FIXTURES / "gold_dev.jsonl")
    run("gold test (held out)", test, None, results)
    run("gold test, English", _language_split(test, "en"), None, results)
    run("gold test, French", _language_split(test, "fr"), None, results)
    run("gold dev (tuned on)", dev, None, results)
    if args.model:
        run("gold test + model", test, args.model, results)
    for name in ("wire", "press", "local"):
        if (FIXTURES / f"{name}_test.jsonl").exists():
            held_out = read_gold(FIXTURES / f"{name}_test.jsonl")
            run(f"{name} test (held out)", held_out, None, results)
            run(f"{name} test, English", _language_split(held_out, "en"), None, results)
            run(f"{name} test, French", _language_split(held_out, "fr"), None, results)
            run(f"{name} dev (tuned on)", read_gold(FIXTURES / f"{name}_dev.jsonl"), None, results)
    files = sorted(ACLED.glob("*.csv")) if ACLED.is_dir() else []
    for hint in (False, True):
        merged = [item for f in files for item in read_gold(f, half="report", country_hint=hint)]
        if merged:
            label = "acled report half" + (", country hint" if hint else "")
            run(label, merged, None, results)
            if args.model:
                run(label + " + model", merged, args.model, results)
    if args.model and files:
        classifier_only(args.model, results)
    OUT.mkdir(parents=True, exist_ok=True)
    payload = {"machine": {"platform": platform.platform(), "python": platform.python_version()},
               "model": args.model, "results": results}
    (OUT / "eval_extract.json").write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'eval_extract.json'}")


if __name__ == "__main__":
    main()
