"""Outgoing e-mail: over SMTP when `MAIL_SERVER` is set, else as `.eml` files in
`instance/outbox/`. Sending happens after the commit, on a worker thread so a slow server never
holds a request."""

from __future__ import annotations

import logging
import smtplib
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app

from community.transaction import on_commit

log = logging.getLogger(__name__)
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")


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


def deliver(config: dict, message: EmailMessage) -> None:
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


def _deliver_logged(config: dict, message: EmailMessage) -> None:
    try:
        deliver(config, message)
    except Exception:  # a mail failure must never surface in a user's request
        log.exception("Could not send mail to %s", message["To"])


def send_mail(to: str, subject: str, text: str, html: str | None = None,
              headers: dict[str, str] | None = None) -> None:
    """Queue a message for after the commit of the current action (a mail about a change
    that was rolled back is never sent), then on a worker thread unless `MAIL_SYNC`.
    `headers` adds some, such as the one-click unsubscribe of notification mails."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    config = dict(app.config)
    message = build_message(config["MAIL_DEFAULT_SENDER"], to, subject, text, html, headers)
    if config.get("MAIL_SYNC"):
        on_commit(_deliver_logged, config, message)
    else:
        on_commit(_executor.submit, _deliver_logged, config, message)
