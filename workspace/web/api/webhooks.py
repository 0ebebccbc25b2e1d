"""Webhooks: a process's (its committee's) and the instance's (administrators'), thin over services.webhooks."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller
from litestar.params import PathParameter

from ...domain.webhooks import AddWebhook
from ...services import webhooks
from ...services.webhooks import DeliveryView, WebhookView
from ..http import AnyRequest
from ..params import Db, JSONBody, Slug, Who
from .routes import delete, get, post

HookId = Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="The webhook's number.")]


def _private(request: AnyRequest) -> bool:
    return bool(request.app.state.settings.webhooks_private)


class ProcessWebhookController(Controller):
    path = "/processes/{slug:str}/webhooks"
    tags = ("webhooks",)

    @post("/")
    def add(self, request: AnyRequest, db: Db, actor: Who, slug: Slug, data: JSONBody[AddWebhook]) -> WebhookView:
        """A webhook of the process (the committee's): its `url` is POSTed each event of the `kinds` named (of what
        everyone in the process reads: `version.circulated`, `amendment.decided`, `translation.approved`,
        `publication.published`, `meeting.opened`, `meeting.closed`), signed per Standard Webhooks with the `secret`
        this answer alone holds (`webhook-id`, `webhook-timestamp`, `webhook-signature`: HMAC-SHA256, `v1`). A failed
        delivery is tried again (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); a webhook failing for a day is disabled.
        An address inside the server's machine or a private network is refused (422) unless the instance allows it."""
        return webhooks.add_webhook(db, actor, slug, data, _private(request))

    @get("/")
    def listed(self, db: Db, actor: Who, slug: Slug) -> list[WebhookView]:
        """The process's webhooks (their secrets never shown again)."""
        return webhooks.list_webhooks(db, actor, slug)

    @delete("/{hook_id:int}")
    def remove(self, db: Db, actor: Who, slug: Slug, hook_id: HookId) -> None:
        """The webhook removed, and its deliveries with it."""
        webhooks.delete_webhook(db, actor, slug, hook_id)

    @post("/{hook_id:int}/test", status_code=202)
    def test(self, db: Db, actor: Who, slug: Slug, hook_id: HookId) -> DeliveryView:
        """A test event (`webhook.test`) to this webhook, sent as any delivery is: its log says what it got."""
        return webhooks.test_webhook(db, actor, slug, hook_id)

    @get("/{hook_id:int}/deliveries")
    def deliveries(self, db: Db, actor: Who, slug: Slug, hook_id: HookId) -> list[DeliveryView]:
        """The webhook's deliveries, newest first: each with its `webhook-id`, attempts, status and last answer."""
        return webhooks.deliveries(db, actor, slug, hook_id)


class AdminWebhookController(Controller):
    path = "/admin/webhooks"
    tags = ("webhooks",)

    @post("/")
    def add(self, request: AnyRequest, db: Db, actor: Who, data: JSONBody[AddWebhook]) -> WebhookView:
        """A webhook of the instance (administrators'): told of the kinds named in every process, as a process's
        webhook is of its own."""
        return webhooks.add_webhook(db, actor, None, data, _private(request))

    @get("/")
    def listed(self, db: Db, actor: Who) -> list[WebhookView]:
        return webhooks.list_webhooks(db, actor, None)

    @delete("/{hook_id:int}")
    def remove(self, db: Db, actor: Who, hook_id: HookId) -> None:
        webhooks.delete_webhook(db, actor, None, hook_id)

    @post("/{hook_id:int}/test", status_code=202)
    def test(self, db: Db, actor: Who, hook_id: HookId) -> DeliveryView:
        return webhooks.test_webhook(db, actor, None, hook_id)

    @get("/{hook_id:int}/deliveries")
    def deliveries(self, db: Db, actor: Who, hook_id: HookId) -> list[DeliveryView]:
        return webhooks.deliveries(db, actor, None, hook_id)
