"""`flask --app wsgi search reindex`: rebuild the search index from the data (after a restore,
an import, or a change of `normalise_for_search`)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Re-index every thread, post, member and cluster."""
    from community.extensions import db
    from community.search.index import reindex_all
    from community.search.schema import ensure_search_schema

    ensure_search_schema(db.session.connection())
    db.session.commit()
    count = reindex_all()
    click.echo(f"Indexed {count} records.")
