"""Text → events: language, dates, places, actors, event types, fatalities, several
events per article, calibrated confidence, and links between reports of one event.
See docs/extraction.md."""

from veille.extract.pipeline import Article, ExtractedEvent, Extraction, extract

__all__ = ["Article", "ExtractedEvent", "Extraction", "extract"]
