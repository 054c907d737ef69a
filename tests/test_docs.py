from pathlib import Path

from veille.model import EVENT_FIELDS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_event_column_is_in_the_data_dictionary():
    text = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    assert [f.name for f in EVENT_FIELDS if f"| `{f.name}` |" not in text] == []
