"""Webhooks (issue 64): a process's (and the instance's) events told to the organisation's systems, signed per
Standard Webhooks, with retries and a log of the answers."""

from .hooks import DeliveryView, WebhookView, add_webhook, delete_webhook, deliveries, list_webhooks, test_webhook
from .sending import next_due, send, send_due

__all__ = [
    "DeliveryView",
    "WebhookView",
    "add_webhook",
    "delete_webhook",
    "deliveries",
    "list_webhooks",
    "next_due",
    "send",
    "send_due",
    "test_webhook",
]
