"""The language a mail is written in (issue 67): the reader's, never the language of whoever caused it.

A mail is read away from any browser, so "the language of my browser" (an account without a language of its own)
means the browser the person last signed in with, kept then. Someone who never signed in has told Accord nothing: the
process's language, not the inviter's (an inviter's browser says nothing of the invited person's).
"""

from __future__ import annotations

from ..vocabulary import LANGUAGES


def mail_language(account: str | None, browser: str | None, process: str | None, fallback: str = "en") -> str:
    """The account's language, else the browser's kept at the person's last sign-in, else the process's source
    language, else `fallback` (a mail of no process: the language of the page that asked for it)."""
    for choice in (account, browser, process, fallback):
        if choice in LANGUAGES:
            return str(choice)
    return "en"
