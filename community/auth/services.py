"""Account actions. Each checks, writes, commits, then has side effects (mail, disconnects).
They never read `request` or `current_user`: routes, the API, sockets and the CLI call them."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from community.auth.passwords import hash_password, password_problem
from community.errors import Conflict, PermissionDenied, ValidationError
from community.extensions import db
from community.i18n import LANGUAGES, is_country
from community.models import ROLES_CHOICES, User, utcnow

USERNAME_PATTERN = re.compile(r"[a-z0-9_]{3,30}")
EMAIL_PATTERN = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def account_problems(username: str, email: str, password: str, display_name: str,
                     country: str | None, locale: str | None) -> dict[str, str]:
    """Every problem with new account data, keyed by field (empty when all is well)."""
    problems: dict[str, str] = {}
    if not USERNAME_PATTERN.fullmatch(username or ""):
        problems["username"] = _("3 to 30 characters: lowercase letters, digits and _.")
    if len(email or "") > 254 or not EMAIL_PATTERN.fullmatch(email or ""):
        problems["email"] = _("Enter a valid e-mail address.")
    if not (display_name or "").strip() or len(display_name) > 80:
        problems["display_name"] = _("Enter a display name of at most 80 characters.")
    if country is not None and country != "" and not is_country(country):
        problems["country"] = _("Choose a country from the list.")
    if locale is not None and locale not in LANGUAGES:
        problems["locale"] = _("Choose English, French or Arabic.")
    problem = password_problem(password or "", username or "", (email or "").split("@")[0])
    if problem:
        problems["password"] = problem
    return problems


def ensure_available(username: str | None = None, email: str | None = None,
                     exclude: User | None = None) -> None:
    """409 when the username or e-mail already belongs to someone else."""
    taken: dict[str, str] = {}
    if username is not None:
        other = db.session.scalar(db.select(User).where(User.username == username))
        if other is not None and other is not exclude:
            taken["username"] = _("This username is taken.")
    if email is not None:
        other = db.session.scalar(db.select(User).where(
            (User.email == email) | (User.pending_email == email)))
        if other is not None and other is not exclude:
            taken["email"] = _("An account already uses this e-mail address.")
    if taken:
        raise Conflict(_("That username or e-mail address is already taken."), taken)


def create_user(username: str, email: str, password: str, display_name: str,
                country: str | None = None, locale: str | None = None, role: str = "member",
                confirmed: bool = False) -> User:
    """Create an account (no mail is sent; `register_user` does that)."""
    username = (username or "").strip().lower()
    email = normalise_email(email)
    country = (country or "").strip().upper() or None
    problems = account_problems(username, email, password, display_name, country, locale)
    if role not in ROLES_CHOICES:
        problems["role"] = _("Unknown role.")
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    ensure_available(username, email)
    user = User(username=username, email=email, password_hash=hash_password(password),
                display_name=display_name.strip(), country=country, locale=locale, role=role,
                email_confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    db.session.commit()
    return user


def set_role(actor: User | None, user: User, role: str) -> User:
    """Change a site role (admins only; `actor` None is the command line). Ends the user's
    sessions so the new role takes effect everywhere at once."""
    if role not in ROLES_CHOICES:
        raise ValidationError(_("Unknown role."), {"role": _("Unknown role.")})
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("Only admins change site roles."))
    if user.role != role:
        user.role = role
        user.session_version += 1
        db.session.commit()
        from community.auth.revocation import end_live_sessions

        end_live_sessions(user)
    return user
