"""Which language a mail is written in (issue 67), and which language of a browser is kept for it at sign-in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace import i18n
from workspace.domain.notifications.language import mail_language
from workspace.domain.vocabulary import LANGUAGES

maybe = st.one_of(st.none(), st.sampled_from([*LANGUAGES, "", "de", "pt-BR"]))


@pytest.mark.parametrize(
    ("account", "browser", "process", "fallback", "expected"),
    [
        ("fr", "en", "es", "en", "fr"),  # the account's language first
        (None, "en", "es", "fr", "en"),  # "my browser's": the one kept at the last sign-in
        (None, None, "es", "fr", "es"),  # never signed in: the process's, never the fallback (an inviter's)
        (None, None, None, "fr", "fr"),  # a mail of no process: the page that asked
        ("", "de", None, "de", "en"),  # nothing of ours anywhere
    ],
)
def test_the_first_language_of_ours_in_order(account, browser, process, fallback, expected):
    assert mail_language(account, browser, process, fallback) == expected


@given(maybe, maybe, maybe, maybe)
def test_a_mail_is_always_in_one_of_our_languages_and_the_first_known_wins(account, browser, process, fallback):
    chosen = mail_language(account, browser, process, fallback or "en")
    known = [c for c in (account, browser, process, fallback) if c in LANGUAGES]
    assert chosen in LANGUAGES and chosen == (known[0] if known else "en")


@pytest.mark.parametrize(
    ("accept", "cookie", "expected"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", None, "fr"),
        ("de-DE,de;q=0.9,en;q=0.5", None, "en"),  # the best of ours it asks for
        ("en;q=0.2,es;q=0.9", None, "es"),  # by weight, not by order
        ("en", "fr", "fr"),  # chosen in the browser (its language cookie) before its header
        ("en", "", "en"),  # "my browser's" chosen: the header
        ("de-DE,pt;q=0.5", None, None),  # none of ours: nothing to keep
        (None, None, None),
        ("es;q=0", "xx", None),
    ],
)
def test_a_browsers_language_is_the_one_chosen_in_it_else_its_best_accepted(accept, cookie, expected):
    assert i18n.browser_language(accept, cookie) == expected
