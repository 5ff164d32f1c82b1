"""Account actions. Each checks, writes, commits, then has side effects (mail, disconnects).
They never read `request` or `current_user`: routes, the API, sockets and the CLI call them."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from community.auth.account_rules import (
    account_problems,
    ensure_available,
    normalise_email,
)
from community.auth.passwords import hash_password, password_problem, verify_password
from community.errors import (
    BadRequest,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthorized,
    ValidationError,
)
from community.extensions import db
from community.i18n import LANGUAGES
from community.models import ROLES_CHOICES, ApiToken, User, utcnow
from community.text import clean_line
from community.transaction import savepoint
from community.validation import (
    EMAIL,
    check_field,
    is_valid,
)

log = logging.getLogger(__name__)


def create_user(username: str, email: str, password: str, display_name: str,
                country: str | None = None, locale: str | None = None, role: str = "member",
                confirmed: bool = False, timezone: str = "UTC") -> User:
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
                display_name=clean_line(display_name), country=country, locale=locale, role=role,
                email_confirmed_at=utcnow() if confirmed else None, timezone=timezone)
    try:
        with savepoint():
            db.session.add(user)
    except IntegrityError as error:  # a simultaneous registration took the name or address
        raise Conflict(_("That username or e-mail address is already taken."),
                       {"username": _("This username is taken.")}
                       if _username_taken(username) else
                       {"email": _("An account already uses this e-mail address.")}) from error
    from community.search.index import index_user

    index_user(user)
    return user


def _username_taken(username: str) -> bool:
    return db.session.scalar(db.select(User.id).where(User.username == username)) is not None


def set_role(actor: User | None, user: User, role: str) -> User:
    """Change a site role (admins only; `actor` None is the command line). Ends the user's
    sessions so the new role takes effect everywhere at once."""
    if role not in ROLES_CHOICES:
        raise ValidationError(_("Unknown role."), {"role": _("Unknown role.")})
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("Only admins change site roles."))
    if user.role != role:
        user.role = role
        from community.auth.revocation import end_every_session

        end_every_session(user)
    return user


# --- Registration and e-mail confirmation -------------------------------------------------

def register_user(username: str, email: str, password: str, display_name: str,
                  country: str | None = None, locale: str | None = None,
                  timezone: str = "UTC") -> User:
    """Create an unconfirmed member and mail them the confirmation link; `timezone` is a
    checked zone (`times.guessed_timezone`)."""
    user = create_user(username=username, email=email, password=password,
                       display_name=display_name, country=country, locale=locale,
                       timezone=timezone)
    send_confirmation(user, user.email)
    return user


def send_confirmation(user: User, email: str) -> bool:
    """Mail a link confirming `email` for `user` (False when the hourly allowance is spent)."""
    from community.auth import mails, throttle, tokens

    if not throttle.may_send_mail(email):
        return False
    mails.send_account_mail(user, email, "confirm", _l("Confirm your e-mail address"),
                            link=mails.link("auth.confirm_email",
                                            token=tokens.confirmation_token(user, email)))
    return True


def resend_confirmation(user: User) -> str | None:
    """Send the pending link again: the new address if a change waits, else the account's
    address while unconfirmed. The address mailed, or None when nothing waits."""
    target = user.pending_email or (None if user.is_confirmed else user.email)
    if target is None:
        return None
    send_confirmation(user, target)
    return target


def confirm_email(token: str) -> User:
    """Apply a confirmation link: the account's first address, or a change of address. A link
    made for an address the account no longer has (or waits for) is refused."""
    from community.auth import tokens

    try:
        user, claims = tokens.read_token(tokens.CONFIRM_EMAIL, token)
    except tokens.InvalidToken as error:
        raise BadRequest(_("This confirmation link has expired. Ask for a new one.")
                         if error.expired else _("This confirmation link is not valid.")) from error
    email = claims.get("email")
    if email and email == user.pending_email:
        ensure_available(email=email, exclude=user)
        old_email = user.email
        user.email, user.pending_email = email, None
        user.email_confirmed_at = utcnow()
        log.info("User %s changed e-mail from %s to %s", user.id, old_email, email)
    elif email and email == user.email:
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()
    else:
        raise BadRequest(_("This confirmation link is not valid."))
    return user


# --- Signing in ----------------------------------------------------------------------------

def find_by_login(login: str) -> User | None:
    login = (login or "").strip().lower()
    if not login or len(login) > 254:
        return None
    column = User.email if "@" in login else User.username
    return db.session.scalar(db.select(User).where(column == login))


def authenticate(login: str, password: str) -> User:
    """The user whose login (username or e-mail) and password match. A wrong password, an
    unknown or deleted account all give the same 401 after the same work; a suspended account
    with the right password is told so (403). Failures count towards the per-account limit."""
    from community.auth import throttle

    user = find_by_login(login)
    key = f"user:{user.id}" if user is not None else f"login:{(login or '').strip().lower()}"
    retry_after = throttle.sign_in_retry_after(key)
    if retry_after is not None:
        raise SignInThrottled(retry_after)
    password_ok = verify_password(user.password_hash if user else None, password or "")
    if not password_ok or user is None or user.status == "deleted":
        throttle.record_sign_in_failure(key)
        raise Unauthorized(bad_credentials_message())
    from community.moderation.suspensions import lift_if_expired, suspension_message

    if user.is_suspended:
        raise PermissionDenied(suspension_message(user))
    lift_if_expired(user)  # a suspension that has ended is marked lifted as they come back
    return user


def bad_credentials_message() -> str:
    """The one message for every failed sign-in, so it never tells which part was wrong."""
    return _("The username, e-mail address or password is not right.")


class SignInThrottled(RateLimited):
    """Too many failed sign-ins for one account: 429 with Retry-After."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, (retry_after + 59) // 60)
        super().__init__(_("Too many failed sign-ins for this account. Try again in "
                           "%(minutes)d minutes, or reset your password.", minutes=minutes))
        self.retry_after = retry_after


# --- API tokens ----------------------------------------------------------------------------

def issue_api_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new bearer token for the user; the secret is returned once and never stored."""
    name = clean_line(name)
    if len(name) > 80:
        raise ValidationError(_("Some fields are not valid."),
                              {"name": _("At most %(n)d characters.", n=80)})
    token, secret = ApiToken.issue(user, days=current_app.config["API_TOKEN_DAYS"], name=name)
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_api_token(user: User, token: ApiToken) -> None:
    if token.user_id != user.id:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def active_api_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        db.select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
               ApiToken.expires_at > utcnow())
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def _revoke_all_tokens(user: User) -> None:
    db.session.execute(
        db.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()))


# --- Passwords -----------------------------------------------------------------------------

def request_password_reset(email: str) -> None:
    """Mail a reset link when an account has this address; silent either way, so the answer
    never reveals whether an account exists."""
    from community.auth import mails, throttle, tokens

    email = normalise_email(email)
    if not is_valid(EMAIL, email):
        return
    user = db.session.scalar(db.select(User).where(User.email == email))
    if user is None or user.status == "deleted" or not throttle.may_send_mail(email):
        return
    mails.send_account_mail(user, user.email, "reset", _l("Reset your password"),
                            link=mails.link("auth.reset_password",
                                            token=tokens.reset_token(user)))


def user_for_reset_token(token: str) -> User:
    """The user a valid, unused reset token belongs to; 400 otherwise."""
    from community.auth import tokens

    try:
        user, claims = tokens.read_token(tokens.RESET_PASSWORD, token)
    except tokens.InvalidToken as error:
        raise BadRequest(_("This reset link has expired. Ask for a new one.")
                         if error.expired else _("This reset link is not valid.")) from error
    if not tokens.reset_token_matches(user, claims):  # a new password, or a new address
        raise BadRequest(_("This reset link has already been used. Ask for a new one.")
                         if claims.get("email") == user.email
                         else _("This reset link is not valid."))
    return user


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link. Every session, remember cookie, API token and
    open connection of the account ends; the link itself stops working."""
    user = user_for_reset_token(token)
    _check_new_password(user, password)
    user.password_hash = hash_password(password)
    if user.email_confirmed_at is None:  # the link reached the inbox: the address works
        user.email_confirmed_at = utcnow()
    _end_sessions(user)
    return user


def change_password(user: User, current_password: str, new_password: str) -> User:
    """Change the password (the current one is required). Every session and API token ends;
    the caller signs the current browser in again with the new session version."""
    if not verify_password(user.password_hash, current_password or ""):
        raise ValidationError(_("Some fields are not valid."),
                              {"current_password": _("This is not your current password.")})
    _check_new_password(user, new_password)
    user.password_hash = hash_password(new_password)
    _end_sessions(user)
    from community.auth import mails

    mails.send_account_mail(user, user.email, "password_changed",
                            _l("Your password was changed"))
    return user


def _check_new_password(user: User, password: str) -> None:
    problem = password_problem(password or "", user.username, user.email.split("@")[0])
    if problem:
        raise ValidationError(_("Some fields are not valid."), {"password": problem})


def sign_out_everywhere(user: User) -> None:
    """End every session, remember cookie and API token of the user, and their open
    connections."""
    _end_sessions(user)


def _end_sessions(user: User) -> None:
    """What a password change, a reset and "sign out everywhere" end: every session, remember
    cookie, API token and open connection (a token is a session too, issue 10)."""
    _revoke_all_tokens(user)
    from community.auth.revocation import end_every_session

    end_every_session(user)


# --- E-mail address and locale -------------------------------------------------------------

def request_email_change(user: User, password: str, new_email: str) -> User:
    """Keep the new address pending and mail it a confirmation link; the old address is told.
    Nothing changes until the link is followed."""
    from community.auth import mails

    if not verify_password(user.password_hash, password or ""):
        raise ValidationError(_("Some fields are not valid."),
                              {"password": _("This is not your current password.")})
    new_email = check_field("email", EMAIL, normalise_email(new_email))
    if new_email == user.email:
        raise ValidationError(_("Some fields are not valid."),
                              {"email": _("This is already your e-mail address.")})
    ensure_available(email=new_email, exclude=user)
    user.pending_email = new_email
    send_confirmation(user, new_email)
    mails.send_account_mail(user, user.email, "email_change_notice",
                            _l("Your e-mail address is being changed"), new_email=new_email)
    return user


def cancel_email_change(user: User) -> User:
    if user.pending_email is not None:
        user.pending_email = None
    return user


def set_locale(user: User, locale: str | None) -> User:
    if locale not in (None, "", *LANGUAGES):
        raise ValidationError(_("Some fields are not valid."),
                              {"locale": _("Choose English, French or Arabic.")})
    user.locale = locale or None
    return user
