"""A mailed link's secret hidden from whoever reads a mail that is not theirs (domain/notifications/secret_links.py)."""

from __future__ import annotations

import pytest

from workspace.domain.notifications.secret_links import HIDDEN, mask_secret_links


@pytest.mark.parametrize("kind", ["password-reset", "sign-in-link", "invitations", "unsubscribe"])
def test_each_kind_of_secret_link_keeps_where_it_leads_and_loses_its_secret(kind):
    text = f"Open https://accord.example/{kind}/Ab3_x-Y.z=9 within the hour.\nThanks."
    masked = mask_secret_links(text)
    assert masked == f"Open https://accord.example/{kind}/{HIDDEN} within the hour.\nThanks."
    assert "Ab3_x-Y.z=9" not in masked


def test_other_links_and_text_are_left_as_they_are():
    text = "Read https://accord.example/p/kutahya/declaration and /invitations (the page) today."
    assert mask_secret_links(text) == text


def test_every_secret_in_a_mail_is_hidden():
    text = "/sign-in-link/aaa111 and /unsubscribe/bbb222"
    assert mask_secret_links(text) == f"/sign-in-link/{HIDDEN} and /unsubscribe/{HIDDEN}"
