"""Send alerts by email (SMTP) and webhook (a JSON POST), once per channel and target.

Both take plain alert dicts (``Alert.as_dict()`` or rows of ``list_alerts``) so the
caller decides which alerts go out. ``deliver`` skips alerts the store says were
already delivered to the same target, and records each attempt.
"""

from __future__ import annotations

import json
import smtplib
from collections.abc import Iterable, Mapping
from email.message import EmailMessage

import httpx

from veille import __version__
from veille.errors import Offline, UpstreamError
from veille.store import Store
from veille.store import alerts as alert_table


def _plain(alert: Mapping) -> dict:
    out = {}
    for key, value in dict(alert).items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


def render_text(alerts: Iterable[Mapping]) -> tuple[str, str]:
    """A subject and a plain-text body listing the alerts with their evidence."""
    alerts = list(alerts)
    worst = max((a["severity"] for a in alerts), key=("low", "medium", "high", "critical").index, default="low")
    subject = f"[veille] {len(alerts)} alert{'s' if len(alerts) != 1 else ''} ({worst})"
    lines = []
    for a in alerts:
        evidence = list(a.get("evidence") or [])
        lines += [f"{a['severity'].upper()}  {a['title']}", f"  {a.get('detail') or ''}",
                  f"  rule {a['rule']} · period {a['period']} · TLP:{a.get('tlp', 'GREEN')} · alert {a['alert_id']}",
                  f"  evidence: {', '.join(evidence[:20])}{' …' if len(evidence) > 20 else ''}", ""]
    return subject, "\n".join(lines)


def send_email(alerts: Iterable[Mapping], to: str | list[str], host: str = "localhost", port: int = 25,
               sender: str = "veille@localhost", username: str | None = None, password: str | None = None,
               starttls: bool = False, timeout: float = 10.0) -> None:
    """One message listing the alerts, sent through an SMTP server."""
    alerts = list(alerts)
    recipients = [to] if isinstance(to, str) else list(to)
    subject, body = render_text(alerts)
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, sender, ", ".join(recipients)
    message.set_content(body)
    message.add_attachment(json.dumps([_plain(a) for a in alerts], indent=1, default=str).encode(),
                           maintype="application", subtype="json", filename="alerts.json")
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if starttls:
                smtp.starttls()
            if username:
                smtp.login(username, password or "")
            smtp.send_message(message)
    except (ConnectionError, OSError) as exc:
        raise Offline(f"cannot reach the SMTP server {host}:{port} ({exc})") from None
    except smtplib.SMTPException as exc:
        raise UpstreamError(f"the SMTP server {host}:{port} refused the alert email ({exc})") from None


def send_webhook(alerts: Iterable[Mapping], url: str, headers: Mapping[str, str] | None = None,
                 timeout: float = 10.0) -> int:
    """POST ``{"source": "veille", "version", "alerts": [...]}`` as JSON; returns the status."""
    payload = {"source": "veille", "version": __version__, "alerts": [_plain(a) for a in alerts]}
    try:
        response = httpx.post(url, content=json.dumps(payload, default=str),
                              headers={"Content-Type": "application/json", **dict(headers or {})}, timeout=timeout)
    except httpx.TransportError as exc:
        raise Offline(f"cannot reach the webhook {url} ({exc})") from None
    if response.status_code >= 300:
        raise UpstreamError(f"the webhook {url} answered {response.status_code}: {response.text[:200]}")
    return response.status_code


def deliver(store: Store, alerts: Iterable[Mapping], email_to: str | list[str] | None = None,
            webhook_url: str | None = None, smtp: Mapping | None = None) -> dict[str, int]:
    """Send the alerts not yet delivered to each target; record every attempt.
    Returns how many alerts each channel sent. A failure is recorded, then raised."""
    alerts = [_plain(a) for a in alerts]
    sent = {}
    channels = []
    if email_to:
        target = email_to if isinstance(email_to, str) else ", ".join(email_to)
        channels.append(("email", target, lambda batch: send_email(batch, email_to, **dict(smtp or {}))))
    if webhook_url:
        channels.append(("webhook", webhook_url, lambda batch: send_webhook(batch, webhook_url)))
    for channel, target, send in channels:
        done = alert_table.delivered_alert_ids(store, channel, target)
        batch = [a for a in alerts if a["alert_id"] not in done]
        if not batch:
            sent[channel] = 0
            continue
        try:
            send(batch)
        except (Offline, UpstreamError) as exc:
            alert_table.record_delivery(store, [a["alert_id"] for a in batch], channel, target, False, exc.message)
            raise
        alert_table.record_delivery(store, [a["alert_id"] for a in batch], channel, target, True)
        sent[channel] = len(batch)
    return sent


__all__ = ["deliver", "render_text", "send_email", "send_webhook"]
