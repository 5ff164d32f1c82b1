"""Suspensions and site roles: what moderators and admins do to an account. Each service checks
(`permissions.can_suspend`, `can_change_role`), writes its audit entry and flushes; the entry
point commits, and the user's open connections close only after that commit."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.auth.revocation import end_every_session
from community.auth.services import set_role
from community.errors import Conflict, PermissionDenied, ValidationError
from community.extensions import db
from community.models import ROLES_CHOICES, Suspension, User, isoformat, utcnow
from community.moderation.audit import record
from community.permissions import (
    can_change_role,
    can_suspend,
    require_admin,
    require_moderator,
)
from community.text import clean_text
from community.validation import Field, Invalid, check_field

REASON_MAX = 500  # `User.suspension_reason`, shown at sign-in


def parse_until(value: str) -> datetime:
    """An ISO 8601 time (`2026-05-01T12:00:00Z`, an offset, or a date); UTC when no zone."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise Invalid(_("Use an ISO 8601 date and time, such as 2026-05-01T12:00:00Z.")) \
            from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def until_problem(moment: datetime) -> str | None:
    return _("Must be in the future.") if moment <= utcnow() else None


REASON = Field(str, min_length=1, max_length=REASON_MAX,
               clean=lambda text: clean_text(text).strip(),
               description="why; shown to the user when they try to sign in")
UNTIL = Field(str, required=False, clean=parse_until, check=until_problem,
              description="ISO 8601, in the future; left out: until lifted by hand")
SUSPENSION_SCHEMA = {"reason": REASON, "until": UNTIL}
ROLE_SCHEMA = {"role": Field(str, choices=ROLES_CHOICES)}
REFUSALS = {
    "self": _l("You cannot suspend yourself."),
    "moderator": _l("Only admins can suspend or reinstate moderators."),
    "admin": _l("Admins cannot be suspended: another admin can change their role first."),
}


def _require_may_suspend(actor: User | None, user: User) -> None:
    require_moderator(actor)
    if user.status == "deleted":
        raise Conflict(_("This account is deleted."))
    if not can_suspend(actor, user):
        refusal = "self" if actor.id == user.id else user.role
        raise PermissionDenied(str(REFUSALS.get(refusal, REFUSALS["admin"])))


def suspend_user(actor: User, user: User, reason: str, until: datetime | None = None
                 ) -> Suspension:
    """Suspend `user` until `until` (None: until lifted): they can no longer sign in, write
    or chat, every session ends, and their live connections close once this commits. A
    suspension in force is replaced (to change its end or reason)."""
    _require_may_suspend(actor, user)
    reason = check_field("reason", REASON, reason)
    if until is not None and until_problem(until):
        raise ValidationError(_("Some fields are not valid."), {"until": until_problem(until)})
    now = utcnow()
    _close_suspensions(user, actor, now)
    suspension = Suspension(user=user, actor=actor, reason=reason, until=until, created_at=now)
    db.session.add(suspension)
    user.status, user.suspended_until, user.suspension_reason = "suspended", until, reason
    ending = f" (until {isoformat(until)})" if until is not None else " (indefinitely)"
    record(actor, "user.suspend", "user", user.id, user.username, reason + ending)
    end_every_session(user)
    db.session.flush()
    return suspension


def lift_suspension(actor: User, user: User) -> None:
    """Reinstate a suspended user at once (their sessions stay ended: they sign in again)."""
    _require_may_suspend(actor, user)
    if user.status != "suspended":
        raise Conflict(_("This account is not suspended."))
    _reinstate(user, actor, utcnow())
    record(actor, "user.unsuspend", "user", user.id, user.username)
    db.session.flush()


def lift_if_expired(user: User) -> bool:
    """Mark a suspension whose end has passed as lifted (by the system), so the rows agree
    with `User.is_suspended`, which already treats it as over. True when it did."""
    if user.status != "suspended" or user.suspended_until is None:
        return False
    ended = user.suspended_until
    if ended > utcnow():
        return False
    _reinstate(user, None, ended)
    record(None, "user.unsuspend", "user", user.id, user.username, "The suspension ended.")
    return True


def lift_expired() -> list[User]:
    """Every suspension whose end has passed, lifted (`flask moderation lift-expired`)."""
    users = db.session.scalars(db.select(User).where(
        User.status == "suspended", User.suspended_until.is_not(None),
        User.suspended_until <= utcnow()).order_by(User.id)).all()
    lifted = [user for user in users if lift_if_expired(user)]
    db.session.flush()
    return lifted


def _reinstate(user: User, by: User | None, at: datetime) -> None:
    _close_suspensions(user, by, at)
    user.status, user.suspended_until, user.suspension_reason = "active", None, None


def _close_suspensions(user: User, by: User | None, at: datetime) -> None:
    """End the user's suspensions still open: lifted by hand at `at`, or at their own end."""
    for suspension in db.session.scalars(db.select(Suspension).where(
            Suspension.user_id == user.id, Suspension.lifted_at.is_(None))):
        ended = suspension.until is not None and suspension.until <= at
        suspension.lifted_at = suspension.until if ended else at
        suspension.lifted_by = None if ended else by


def suspension_message(user: User) -> str:
    """What a suspended user reads when they try to sign in: the end (UTC) and the reason."""
    reason = user.suspension_reason or ""
    if user.suspended_until is not None:
        return _("Your account is suspended until %(date)s (UTC). Reason: %(reason)s",
                 date=format_datetime(user.suspended_until, "medium"), reason=reason)
    return _("Your account is suspended until a moderator lifts the suspension. "
             "Reason: %(reason)s", reason=reason)


def set_site_role(actor: User, user: User, role: str) -> User:
    """Make `user` a member, moderator or admin (admins only, never their own role); their
    sessions end so the role applies everywhere at once."""
    require_admin(actor)
    role = check_field("role", ROLE_SCHEMA["role"], role)
    if user.status == "deleted":
        raise Conflict(_("This account is deleted."))
    if not can_change_role(actor, user):
        raise PermissionDenied(_("You cannot change your own role."))
    previous = user.role
    if previous != role:
        set_role(actor, user, role)
        record(actor, "user.role", "user", user.id, user.username, f"{previous} → {role}")
        db.session.flush()
    return user
