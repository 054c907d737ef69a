"""The one list of importers. Adding a source is one module and one line here."""

from __future__ import annotations

from veille.errors import NotFound
from veille.sources.acled import AcledSource
from veille.sources.base import Source
from veille.sources.gdelt import GdeltSource
from veille.sources.text import TextSource
from veille.sources.ucdp import UcdpCandidateSource, UcdpSource

SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        UcdpSource(),
        UcdpCandidateSource(),
        AcledSource(),
        GdeltSource(),
        TextSource(),
    )
}


def get_source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise NotFound(f"unknown source {name!r}; veille imports: {', '.join(SOURCES)}") from None
