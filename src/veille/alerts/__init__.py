"""Alerts: rules in a YAML file → alerts with their evidence, kept once across runs,
delivered by email and webhook. See docs/analysis.md."""

from veille.alerts.deliver import deliver, render_text, send_email, send_webhook
from veille.alerts.engine import evaluate, list_alerts, run_alerts
from veille.alerts.rules import RULES_FILE, Alert, Rule, alert_id, load_rules

__all__ = ["RULES_FILE", "Alert", "Rule", "alert_id", "deliver", "evaluate", "list_alerts", "load_rules",
           "render_text", "run_alerts", "send_email", "send_webhook"]
