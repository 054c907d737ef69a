"""Alerts: rules in a YAML file → alerts with their evidence, kept once across runs,
delivered by email and webhook; a playbook of responses and the responses tracked
until done. See docs/analysis.md and docs/briefs.md."""

from veille.alerts.deliver import deliver, render_text, send_email, send_webhook
from veille.alerts.engine import evaluate, list_alerts, run_alerts
from veille.alerts.playbook import PLAYBOOK_FILE, PlaybookEntry, load_playbook, recommend
from veille.alerts.responses import (
    add_response,
    adopt,
    get_response,
    list_responses,
    overdue_responses,
    response_history,
    update_response,
)
from veille.alerts.rules import RULES_FILE, Alert, Rule, alert_id, load_rules

__all__ = ["PLAYBOOK_FILE", "RULES_FILE", "Alert", "PlaybookEntry", "Rule", "add_response", "adopt", "alert_id",
           "deliver", "evaluate", "get_response", "list_alerts", "list_responses", "load_playbook", "load_rules",
           "overdue_responses", "recommend", "render_text", "response_history", "run_alerts", "send_email",
           "send_webhook", "update_response"]
