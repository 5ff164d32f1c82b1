"""`flask --app wsgi moderation lift-expired`: mark suspensions whose end has passed as lifted
(meant for cron; sign-in does the same for one user as they come back)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from community.extensions import db

moderation_cli = AppGroup("moderation", help="Moderation upkeep.")


@moderation_cli.command("lift-expired")
def lift_expired_command() -> None:
    """Lift every suspension that has reached its end date."""
    from community.moderation.suspensions import lift_expired

    lifted = lift_expired()
    db.session.commit()
    click.echo(f"{len(lifted)} suspension(s) lifted.")
