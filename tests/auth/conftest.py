"""Helpers for the account tests: reading the mails written to the outbox."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest


def read_mails(outbox: Path) -> list[EmailMessage]:
    if not outbox.exists():
        return []
    files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


def mails_to(outbox: Path, address: str) -> list[EmailMessage]:
    return [m for m in read_mails(outbox) if m["To"] == address]


def bodies(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html_part = message.get_body(("html",))
    return text, html_part.get_content() if html_part else ""


def link_path(message: EmailMessage, marker: str) -> str:
    """The path of the link in the text body whose path contains `marker` (e.g. /confirm/)."""
    text, _html = bodies(message)
    match = re.search(r"https?://[^/\s]+(" + re.escape(marker) + r"[^\s]+)", text)
    assert match, f"no {marker} link in: {text}"
    return match.group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def mails(outbox):
    return lambda address=None: (mails_to(outbox, address) if address else read_mails(outbox))
