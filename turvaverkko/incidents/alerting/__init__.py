"""Alerting: who is alerted (selection), the activation and its messages, escalation to
deputies, ready-made alert texts and readiness plan scenarios."""
