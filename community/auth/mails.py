"""Account mails (confirmation, reset, notices): a text and a simple HTML body from
`templates/email/`, written in the recipient's language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from community.i18n import LANGUAGES, current_language
from community.mail import send_mail
from community.models import User
from community.times import force_timezone
from community.urls import public_link


def link(endpoint: str, **values) -> str:
    """An absolute link for a mail, on the public address (`SITE_URL`), whatever the request's
    Host header says."""
    return public_link(endpoint, **values)


def mail_locale(user: User) -> str:
    if user.locale in LANGUAGES:
        return user.locale
    try:
        return current_language()
    except Exception:  # outside a request (the command line)
        return "en"


def send_account_mail(user: User, to: str, template: str, subject,
                      headers: dict[str, str] | None = None, **context) -> None:
    """Render `email/<template>.txt` and `.html` in the user's language and time zone and
    send them (with extra `headers`, such as a notification mail's unsubscribe)."""
    locale = mail_locale(user)
    with force_locale(locale), force_timezone(user.timezone):
        context.update(user=user, locale=locale, rtl=locale == "ar",
                       hours=current_app.config["TOKEN_MAX_AGE_SECONDS"] // 3600)
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
        send_mail(to, str(subject), text, html, headers)
