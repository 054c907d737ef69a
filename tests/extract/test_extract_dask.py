"""Text extraction on a Dask LocalCluster writes exactly the single-process file."""

import pytest

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")


@pytest.mark.slow
def test_extraction_on_two_workers_writes_the_single_process_file(tmp_path):
    import json
    from pathlib import Path

    from veille.cluster import dask_client
    from veille.extract.contract import run_extract

    gold = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "gold_dev.jsonl"
    articles = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": a["id"], "text": a["text"], "published": a.get("published"),
                                          "lang": a.get("lang")}) + "\n" for a in articles), encoding="utf-8")
    alone = run_extract(source, tmp_path / "alone.jsonl")
    with dask_client(workers=2) as client:
        spread = run_extract(source, tmp_path / "spread.jsonl", client=client)
    assert spread == alone and alone["articles"] == len(articles) > 64  # more than one block
    assert (tmp_path / "spread.jsonl").read_bytes() == (tmp_path / "alone.jsonl").read_bytes()
