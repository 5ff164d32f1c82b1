"""Outgoing e-mail: over SMTP when `MAIL_SERVER` is set, else as `.eml` files in
`instance/outbox/`. Sending is a background job (`community/jobs.py`) enqueued after the
commit: a slow server never holds a request, and a process that dies after answering loses
nothing."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app

from community.jobs import enqueue_after_commit, job

log = logging.getLogger(__name__)


def build_message(sender: str, to: str, subject: str, text: str, html: str | None,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="i-community")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def deliver(config: Any, message: EmailMessage) -> None:
    """Hand one message to the SMTP server or write it to the outbox."""
    if not config.get("MAIL_SERVER"):
        outbox = Path(config["MAIL_OUTBOX"])
        outbox.mkdir(parents=True, exist_ok=True)
        path = outbox / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(bytes(message))
        log.info("Mail to %s (%s) written to %s", message["To"], message["Subject"], path)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


@job
def send_mail_job(payload: dict) -> None:
    """The job that sends one rendered message; an SMTP failure raises, so it is retried."""
    message = build_message(payload["sender"], payload["to"], payload["subject"],
                            payload["text"], payload.get("html"))
    for name, value in payload.get("headers", {}).items():
        message[name] = value
    deliver(current_app.config, message)


def send_mail(to: str, subject: str, text: str, html: str | None = None,
              headers: dict[str, str] | None = None) -> None:
    """Queue a message as a background job once the current action commits (a mail about a
    change that was rolled back is never sent); the worker sends it, retrying on failure."""
    payload = {"sender": current_app.config["MAIL_DEFAULT_SENDER"], "to": to,
               "subject": subject, "text": text, "html": html, "headers": dict(headers or {})}
    enqueue_after_commit(send_mail_job, payload)
