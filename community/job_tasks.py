"""The periodic jobs the worker runs (no cron): the existing upkeep functions, each one action
committed by the job wrapper. The CLI commands stay for manual runs. Imported by
`community.jobs.init_jobs` so every declaration is made before an app's queue is built."""

from __future__ import annotations

from community import mail  # noqa: F401  (declares the send_mail job)
from community.jobs import periodic


@periodic("digests", minute="0", hour="6")
def send_digests_daily() -> None:
    """The daily e-mail digest of unread notifications (`flask notifications send-digests`)."""
    from community.notifications.cli import send_digests

    send_digests()


@periodic("lift_expired", minute="*/5")
def lift_expired_suspensions() -> None:
    """Lift suspensions whose end has passed (`flask moderation lift-expired`)."""
    from community.moderation.suspensions import lift_expired

    lift_expired()


@periodic("reminders", minute="0")
def remind_sessions() -> None:
    """Remind people of sessions starting within a day (`flask programmes remind`)."""
    from community.programmes.reminders import send_due_reminders

    send_due_reminders()
