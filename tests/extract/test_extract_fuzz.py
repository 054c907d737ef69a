"""Fuzzing the extractor: adversarial text and damaged input lines never crash it; every
input line is refused with its line number, or gets exactly one output line, in order."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille.errors import VeilleError
from veille.extract import Article, extract
from veille.extract.contract import run_extract

REPORT = ("Des hommes armés ont attaqué le poste de police de Sanloaga, près de Dapaong, le 12 mai 2022, "
          "tuant trois gendarmes. ")
WORDS = st.sampled_from(["attaque", "killed", "tués", "JNIM", "Mango", "Kpendjal", "le 31 février", "0", "-3",
                         "1e309", "trois cent mille", "\u202e", "🔥", "\x00", "\n\n", "<b>", "’", "Côte d'Ivoire",
                         "9" * 60, "mai 2022", "yesterday", "hier", "Burkina", "at least 5 dead"])
TEXT = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=60).map(" ".join),
                 st.integers(1, 300).map(lambda n: REPORT * n))

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(text=TEXT, lang=st.sampled_from([None, "en", "fr"]), published=st.one_of(st.none(), st.dates()))
def test_any_text_gives_events_or_none_never_a_crash(text, lang, published):
    result = extract(Article("a1", text, published, lang))
    for event in result.events:
        record = event.contract()
        assert record["fatalities"] is None or record["fatalities"] >= 0
        assert 0 <= record["confidence"] <= 1


LINE = st.one_of(
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.integers(0, 10 ** 6), TEXT),
    st.builds(lambda t: json.dumps({"id": "x", "text": t, "published": "2022-13-45"}), TEXT),
    st.sampled_from(['{"id": 1}', '{"text": "no id"}', "not json", "[1, 2]", '{"id": "", "text": "a"}',
                     '{"id": true, "text": "a"}', '{"id": 2, "text": "a", "lang": "zz"}']),
)


@SETTINGS
@given(lines=st.lists(LINE, min_size=1, max_size=6))
def test_every_input_line_is_refused_by_number_or_answered_once_in_order(lines, tmp_path_factory):
    folder = tmp_path_factory.mktemp("extract_fuzz")
    source, target = folder / "in.jsonl", folder / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        counts = run_extract(source, target)
    except VeilleError as exc:
        assert "line " in exc.message or "has no records" in exc.message or "NUL" in exc.message
        assert not target.exists()
        return
    answered = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    given_ids = [str(json.loads(line)["id"]) for line in lines]
    assert [a["id"] for a in answered] == given_ids
    assert counts["articles"] == len(lines) == counts["with_events"] + counts["without_events"]
    assert counts["events"] == sum(len(a["events"]) for a in answered)
