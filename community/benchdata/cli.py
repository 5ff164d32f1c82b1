"""`flask --app wsgi bench seed`: the benchmark data set, made once per scale and database and
found again afterwards ("cached"); a manifest JSON tells the benchmark what is in it."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import make_url

from community.benchdata import (
    ADMIN_USERNAME,
    PASSWORD,
    QUICK_SCALE,
    SEED_VERSION,
    Sizes,
    scale_name,
)

bench_cli = AppGroup("bench", help="The benchmark: its data set.")


def bench_app(url: str):
    """The application on the bench database (this command's app may point elsewhere), with
    the same kind of configuration as this one."""
    from community import create_app
    from config import get_config

    config = get_config(current_app.config.get("NAME"))
    config.SQLALCHEMY_DATABASE_URI = url
    return create_app(config)


def build_schema() -> None:
    """Tables as a fresh database gets them (what the test fixtures do: the models, then the
    search objects), stamped at the newest migration so `flask db upgrade` has nothing to do."""
    from flask_migrate import stamp

    from community.extensions import db
    from community.search.schema import ensure_search_schema

    db.create_all()
    with db.engine.begin() as connection:
        ensure_search_schema(connection)
    stamp()


def bring_up_to_date(report) -> None:
    """A data set seeded by an earlier commit: the migrations since (`flask db upgrade`), then
    the tables derived from the seeded rows that a migration leaves empty (stored partners),
    so a cached data set is measured with the current schema."""
    from flask_migrate import upgrade

    from community.clusters.partners import refresh_all_partners
    from community.extensions import db
    from community.models import ClusterPartner

    upgrade()
    if db.session.scalar(db.select(ClusterPartner.cluster_id).limit(1)) is None:
        report(f"stored partners: {refresh_all_partners()} pairs")
    db.session.commit()


def make_manifest(url: str, backend: str, scale: float, sizes: Sizes, counts: dict,
                  terms: dict, seconds: float) -> dict:
    return {
        "seed_version": SEED_VERSION, "scale": scale, "backend": backend, "database_url": url,
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed_seconds": round(seconds, 1), "sizes": sizes.__dict__, "rows": counts,
        "credentials": {"password": PASSWORD, "admin": ADMIN_USERNAME,
                        "members": "bench00001 … " + f"bench{sizes.users:05d}",
                        "username_format": "bench{:05d}", "member_count": sizes.users},
        "ids": {"threads": [1, sizes.threads], "posts": [1, sizes.posts],
                "clusters": [1, sizes.clusters], "cluster_slug_format": "bench-cluster-{:04d}",
                "big_room_id": 1, "big_room_cluster_slug": "bench-cluster-0001",
                "users": [1, sizes.users + 1]},
        "search_terms": terms,
    }


def write_manifest(manifest: dict, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return str(path)


@bench_cli.command("seed")
@click.option("--quick", is_flag=True, help=f"1/{round(1 / QUICK_SCALE)} of every count.")
@click.option("--scale", type=float, default=None, help="Any fraction of the full counts.")
@click.option("--postgresql", is_flag=True, help="The default PostgreSQL database, not SQLite.")
@click.option("--database-url", default=None, help="Where to seed (made if missing).")
@click.option("--force", is_flag=True, help="Rebuild even when the data is there already.")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the manifest [instance/bench/<scale>-<database>.json].")
def seed_command(quick: bool, scale: float | None, postgresql: bool, database_url: str | None,
                 force: bool, manifest: Path | None) -> None:
    """Seed 10,000 members, 1,000 clusters, 50,000 threads, 1,000,000 posts and 100,000 chat
    messages (or a scale of them), unless the database holds this seed already."""
    from community.benchdata import database

    scale = scale if scale is not None else QUICK_SCALE if quick else 1.0
    name = scale_name(scale)
    url = database_url or database.default_url("postgresql" if postgresql else "sqlite", name)
    backend = database.backend_of(url)
    path = manifest or database.manifest_path(name, backend)
    if make_url(url) == make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]):
        raise click.ClickException("That is this app's own database: the seed would erase it.")
    database.create_database(url)
    if database.holds_other_data(url):
        raise click.ClickException(f"{url} holds data that is not a bench seed: not touching it.")
    marker = database.read_marker(url)
    if database.is_cached(marker, scale) and not force:
        with bench_app(url).app_context():
            bring_up_to_date(click.echo)
        # the data set may have been copied from elsewhere: it is where it was found now
        write_manifest({**marker["manifest"], "database_url": url}, path)
        click.echo(f"cached: {url} holds the {name} seed")
        return
    with bench_app(url).app_context():
        from community.extensions import db

        database.empty_database(db.engine)
        database.claim(db.engine)
        click.echo(f"seeding {name} into {url}")
        made = run_seed(url, backend, scale, click.echo)
        click.echo(f"wrote {write_manifest(made, path)}")
        click.echo(f"seeded in {made['seed_seconds']} s")


def run_seed(url: str, backend: str, scale: float, report) -> dict:
    """Schema, rows, search terms and the marker, inside the bench app's context."""
    from community.benchdata.database import write_marker
    from community.benchdata.seed import seed
    from community.benchdata.terms import choose_terms
    from community.extensions import db

    started = time.monotonic()
    build_schema()
    sizes = Sizes.for_scale(scale)
    counts, post_counts, languages = seed(sizes, report)
    terms = choose_terms(post_counts, languages)
    db.session.commit()
    bring_up_to_date(report)
    manifest = make_manifest(url, backend, scale, sizes, counts, terms,
                             time.monotonic() - started)
    with db.engine.begin() as connection:
        write_marker(connection, scale, manifest)
    return manifest

