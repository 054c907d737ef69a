"""The dashboard and JSON API (FastAPI): ``create_app(db)``; ``veille serve`` runs it.
See docs/web.md for the pages, the API and the access rules."""

from veille.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
