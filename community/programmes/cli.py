"""`flask --app wsgi programmes …`: the programmes' periodic work, meant for cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

programmes_cli = AppGroup("programmes", help="Mentoring programmes.")


@programmes_cli.command("remind")
def remind_command() -> None:
    """E-mail the people of every session starting within a day that was not reminded yet."""
    from community.programmes.reminders import send_due_reminders

    sessions, mails = send_due_reminders()
    click.echo(f"Reminded {sessions} session(s) with {mails} mail(s).")
