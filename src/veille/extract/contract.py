"""``veille extract --input F.jsonl --output G.jsonl``: the contract of DESIGN.md.

Input: one JSON object a line, ``{"id", "text", "published"?, "lang"?, "url"?}`` (also
accepted: ``"title"``, and ``"country"`` — an ISO3 hint for sources that cover one
country). Output: one line per input line, in the same order,
``{"id", "events": [{event_date, date_precision, country_iso3, admin1, admin2, location,
latitude, longitude, actor1, actor2, event_type, sub_event_type, fatalities,
confidence}]}`` with nulls for what the text does not say and ``events`` empty when it
reports none. Blank lines are not records.

The whole input is checked before anything is extracted: a line that is not a JSON
object, lacks ``id`` or ``text``, or has a field of the wrong form refuses the file
with every problem named by file, line and field — and no output is written. The output
file appears whole or not at all.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from veille.errors import BadRecord, InputRefused
from veille.extract.dates import parse_published
from veille.extract.language import check_language
from veille.extract.pipeline import Article, extract

MAX_PROBLEMS = 20


def article_from_record(record: object) -> Article:
    """An ``Article`` from one input object; ``BadRecord`` names the field at fault."""
    if not isinstance(record, dict):
        raise BadRecord("record", f"expected a JSON object, got {type(record).__name__}")
    if "id" not in record or record["id"] is None or str(record["id"]).strip() == "":
        raise BadRecord("id", "missing; every line needs an id")
    if not isinstance(record["id"], (str, int)) or isinstance(record["id"], bool):
        raise BadRecord("id", f"expected text or a whole number, got {record['id']!r}")
    text = record.get("text")
    if not isinstance(text, str):
        raise BadRecord("text", "missing" if text is None else f"expected text, got {type(text).__name__}")
    try:
        published = parse_published(record.get("published"))
    except ValueError:
        raise BadRecord("published", f"expected a date such as 2024-05-13, got {record.get('published')!r}") from None
    try:
        lang = check_language(record.get("lang"))
    except Exception:
        raise BadRecord("lang", f"expected en or fr, got {record.get('lang')!r}") from None
    for name in ("url", "title", "country", "outlet"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise BadRecord(name, f"expected text, got {value!r}")
    country = record.get("country")
    if country is not None and not (len(country.strip()) == 3 and country.strip().isalpha()):
        raise BadRecord("country", f"expected an ISO3 country code such as TGO, got {country!r}")
    return Article(str(record["id"]), text, published, lang, record.get("url"), record.get("title"),
                   country.strip().upper() if country else None, record.get("outlet"))


def read_records(path: str | os.PathLike) -> Iterator[tuple[int, object]]:
    """(line number, parsed JSON or the exception) for every non-blank line."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, exc


def read_input(path: str | os.PathLike) -> list[Article]:
    """Every article of an input file, or ``InputRefused`` naming each bad line."""
    from veille.sources.reading import check_readable

    name = str(path)
    check_readable(name)
    articles, problems = [], []
    for number, record in read_records(name):
        if isinstance(record, json.JSONDecodeError):
            problems.append(f"line {number}: not JSON ({record.msg} at column {record.colno})")
            continue
        try:
            articles.append(article_from_record(record))
        except BadRecord as exc:
            problems.append(f"line {number}: field {exc.field!r}: {exc.problem}")
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = f"; and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        raise InputRefused(name, f"{len(problems)} bad line(s), nothing was extracted: " + "; ".join(shown) + more,
                           'one JSON object a line with "id" and "text" (and optionally "published", "lang", "url")')
    if not articles:
        raise InputRefused(name, "has no records", 'one JSON object a line with "id" and "text"')
    return articles


def output_record(article: Article) -> dict:
    result = extract(article)
    return {"id": article.id, "events": [event.contract() for event in result.events]}


def _warm() -> None:
    from veille.extract.places import place_index

    place_index()


def _one(article: Article) -> tuple[str, int]:
    record = output_record(article)
    return json.dumps(record, ensure_ascii=False), len(record["events"])


def run_extract(input_path: str | os.PathLike, output_path: str | os.PathLike, jobs: int = 1,
                progress: Callable[[int], None] | None = None, client=None) -> dict[str, int]:
    """Extract every article of ``input_path`` into ``output_path``; the counts. With a
    Dask ``client`` (``veille.cluster.dask_client``) the articles are extracted on its
    workers in blocks, and written in input order: the same file as in one process."""
    articles = read_input(input_path)
    output = Path(output_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=output.parent, prefix=f".{output.name}.",
                                         suffix=".part", delete=False)
    events = with_events = 0
    try:
        with handle:
            for line, n in (_cluster_lines(articles, client) if client is not None else _lines(articles, jobs)):
                handle.write(line + "\n")
                events += n
                with_events += n > 0
                if progress:
                    progress(1)
        os.replace(handle.name, output)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return {"articles": len(articles), "with_events": with_events, "without_events": len(articles) - with_events,
            "events": events}


def _block(articles: list[Article]) -> list[tuple[str, int]]:
    _warm()
    return [_one(article) for article in articles]


def _cluster_lines(articles: list[Article], client, block: int = 64) -> Iterator[tuple[str, int]]:
    """One task per block of articles (one article is milliseconds: too little to send alone)."""
    from veille.cluster import map_ordered

    blocks = [articles[i:i + block] for i in range(0, len(articles), block)]
    for lines in map_ordered(_block, blocks, client):
        yield from lines


def _lines(articles: list[Article], jobs: int) -> Iterator[tuple[str, int]]:
    if jobs <= 1 or len(articles) < 50:
        _warm()
        for article in articles:
            yield _one(article)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else multiprocessing.get_context()
    _warm()  # forked workers inherit the built indexes
    with context.Pool(jobs) as pool:
        yield from pool.imap(_one, articles, chunksize=32)
