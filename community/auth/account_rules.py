"""Checks on account data before anything is written: the rules of each field, the password's
own checks and whether a username or address is free, for the account services and the forms."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _

from community.auth.passwords import password_problem
from community.auth.reservations import reserved
from community.errors import Conflict, ValidationError
from community.extensions import db
from community.models import User
from community.text import clean_line
from community.validation import COUNTRY, DISPLAY_NAME, EMAIL, LOCALE, USERNAME, validate


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


ACCOUNT_RULES = {"username": USERNAME, "email": EMAIL,
                 "display_name": dataclasses.replace(DISPLAY_NAME, clean=clean_line),
                 "country": COUNTRY, "locale": LOCALE}


def account_problems(username: str, email: str, password: str, display_name: str,
                     country: str | None, locale: str | None) -> dict[str, str]:
    """Every problem with new account data, keyed by field (empty when all is well): the
    rules of the forms and the API, then the password's own checks."""
    given = {"username": username, "email": email, "display_name": display_name,
             "country": country, "locale": locale}
    try:
        validate({name: value for name, value in given.items() if value is not None},
                 ACCOUNT_RULES)
        problems: dict[str, str] = {}
    except ValidationError as error:
        problems = dict(error.fields)
    problem = password_problem(password or "", username or "", (email or "").split("@")[0])
    if problem:
        problems["password"] = problem
    return problems


def taken_fields(username: str | None = None, email: str | None = None,
                 exclude: User | None = None) -> dict[str, str]:
    """The fields whose username or e-mail belongs to someone else, or to an account erased
    less than 30 days ago (`reservations`), with the message for each."""
    taken: dict[str, str] = {}
    if username is not None:
        other = db.session.scalar(db.select(User).where(User.username == username))
        if (other is not None and other is not exclude) or reserved("username", username):
            taken["username"] = _("This username is taken.")
    if email is not None:
        other = db.session.scalar(db.select(User).where(
            (User.email == email) | (User.pending_email == email)))
        if (other is not None and other is not exclude) or reserved("email", email):
            taken["email"] = _("An account already uses this e-mail address.")
    return taken


def ensure_available(username: str | None = None, email: str | None = None,
                     exclude: User | None = None) -> None:
    """409 when the username or e-mail is taken (`taken_fields`)."""
    taken = taken_fields(username, email, exclude)
    if taken:
        raise Conflict(_("That username or e-mail address is already taken."), taken)


def registration_problems(username: str, email: str, password: str, display_name: str,
                          country: str | None = None) -> dict[str, str]:
    """Every problem of a registration in one pass, taken names included, so that the form
    reports them all at once rather than one round after another."""
    username = (username or "").strip().lower()
    email = normalise_email(email)
    problems = account_problems(username, email, password, display_name,
                                (country or "").strip().upper() or None, None)
    taken = taken_fields(None if "username" in problems else username,
                         None if "email" in problems else email)
    return {**taken, **problems}
