"""What every template sees besides its page's data dict: the translator, the caller,
the CSRF token for its forms, and the navigation."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request

from veille.web.i18n import translator

NAV = (("/", "Map"), ("/timeline", "Timeline"), ("/spillover", "Spillover"), ("/hotspots", "Hot spots"),
       ("/forecasts", "Forecasts"), ("/alerts", "Alerts"), ("/responses", "Responses"), ("/briefs", "nav:briefs"),
       ("/reports/new", "nav:report"), ("/triage", "Triage"))


def _with_lang(request: Request, lang: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", lang)]
    return request.url.path + "?" + urlencode(params)


def _query(request: Request, **overrides) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in overrides]
    params += [(k, str(v)) for k, v in overrides.items() if v is not None]
    return urlencode(params)


def anonymous_globals(request: Request, lang: str) -> dict:
    return {"request_query": lambda **o: _query(request, **o), "t": translator(lang), "lang": lang, "user": None, "role": None, "csrf_token":
            getattr(request.state, "csrf_cookie", ""), "nav": NAV, "path": request.url.path,
            "lang_url": lambda code: _with_lang(request, code), "can": lambda role: False}


def page_globals(ctx) -> dict:
    out = anonymous_globals(ctx.request, ctx.lang)
    out.update(user=ctx.user, role=ctx.user.role if ctx.user else None, csrf_token=ctx.caller.csrf_token,
               can=ctx.audience.can)
    return out
