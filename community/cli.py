"""Command line: `flask --app wsgi users …` and `flask --app wsgi demo load`. Each command is
one action: it commits once at its end (`community/transaction.py`)."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from community.errors import AppError
from community.extensions import db
from community.models import ROLES_CHOICES, User

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data from the seed article.")
markup_cli = AppGroup("markup", help="The HTML stored beside what members write.")
clusters_cli = AppGroup("clusters", help="What is stored about clusters.")


@users_cli.command("create")
@click.argument("username")
@click.argument("email")
@click.option("--password", required=True, help="At least 10 characters, not a common one.")
@click.option("--role", type=click.Choice(ROLES_CHOICES), default="member", show_default=True)
@click.option("--display-name", default=None, help="Defaults to the username.")
def create_user_command(username: str, email: str, password: str, role: str,
                        display_name: str | None) -> None:
    """Create a confirmed user."""
    from community.auth.services import create_user

    try:
        user = create_user(username=username, email=email, password=password,
                           display_name=display_name or username, role=role, confirmed=True)
        db.session.commit()
    except AppError as error:
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        raise click.ClickException(f"{error.message} {details}".strip()) from error
    click.echo(f"Created {user.role} {user.username} <{user.email}>.")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES_CHOICES))
def set_role_command(username: str, role: str) -> None:
    """Change a user's site role."""
    from community.auth.services import set_role

    user = db.session.scalar(db.select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    set_role(None, user, role)
    db.session.commit()
    click.echo(f"{user.username} is now {role}.")


@demo_cli.command("load")
def demo_load_command() -> None:
    """Load the demo data; running it twice changes nothing."""
    from community.demo import load_demo

    created = load_demo()
    db.session.commit()
    click.echo(f"Demo data loaded ({created} new records).")


def resanitise_stored_html(batch: int = 500) -> int:
    """Every stored HTML value through `resanitise`, a batch of rows at a time; returns how many
    changed."""
    from community.markup import resanitise
    from community.models import ChatMessage, Cluster, Post, PostRevision

    changed = 0
    for model, name in ((Post, "body_html"), (PostRevision, "body_html"),
                        (ChatMessage, "body_html"), (Cluster, "description_html"),
                        (User, "bio_html")):
        column, last = getattr(model, name), 0
        while rows := db.session.execute(sa.select(model.id, column).where(model.id > last)
                                         .order_by(model.id).limit(batch)).all():
            for row_id, html in rows:
                if html and (clean := resanitise(html)) != html:
                    db.session.execute(sa.update(model).where(model.id == row_id)
                                       .values({name: clean}))
                    changed += 1
            last = rows[-1][0]
    return changed


@markup_cli.command("resanitise")
def resanitise_command() -> None:
    """Clean every stored post, revision, message, description and bio under today's allowlist
    (after the allowlist is narrowed: HTML is stored rendered)."""
    changed = resanitise_stored_html()
    db.session.commit()
    click.echo(f"Cleaned {changed} stored HTML value(s).")


@clusters_cli.command("refresh-partners")
@click.option("--if-empty", is_flag=True,
              help="Only when no pair is stored yet (what `make db` runs after the migrations).")
def refresh_partners_command(if_empty: bool) -> None:
    """Score every pair of approved clusters across the sea again and store the partners (after
    the upgrade that adds the table, or a change of the matching rules)."""
    from community.clusters.partners import fill_partners_if_missing, refresh_all_partners

    stored = fill_partners_if_missing() if if_empty else refresh_all_partners()
    db.session.commit()
    click.echo("Partners already stored." if stored is None else
               f"Stored {stored} partner pair(s).")


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads running jobs.")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run background jobs (mail) and the periodic ones (digests, suspensions, reminders)."""
    from flask import current_app

    from community.jobs import run_worker

    run_worker(current_app._get_current_object(), workers)  # type: ignore[attr-defined]


def register_cli(app: Flask) -> None:
    app.cli.add_command(worker_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(markup_cli)
    app.cli.add_command(clusters_cli)
    from community.notifications.cli import notifications_cli

    app.cli.add_command(notifications_cli)
    from community.search.cli import search_cli

    app.cli.add_command(search_cli)
    from community.moderation.cli import moderation_cli

    app.cli.add_command(moderation_cli)
    from community.programmes.cli import programmes_cli

    app.cli.add_command(programmes_cli)
    from community.benchdata.cli import bench_cli

    app.cli.add_command(bench_cli)
