"""The Alembic migrations build exactly the schema the models describe, on PostgreSQL (the
production database) and on SQLite (the embedded default), and they can be rolled back."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from community import create_app
from community.dbschema import include_object
from community.extensions import db
from tests.conftest import (
    create_postgres_database,
    drop_postgres_database,
    make_config,
    postgres_reachable,
    unavailable,
)


@pytest.fixture(params=["postgresql", "sqlite"])
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    if not postgres_reachable():
        unavailable("PostgreSQL is not reachable")
    url = create_postgres_database("migrations")
    yield url
    drop_postgres_database(url)


def schema_differences(app) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_matches_the_models(empty_database_url, tmp_path):
    app = create_app(make_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade()
        assert schema_differences(app) == []
        db.engine.dispose()


def test_downgrade_to_base_and_upgrade_again(empty_database_url, tmp_path):
    app = create_app(make_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        assert schema_differences(app) == []
        db.engine.dispose()


def test_cluster_sort_name_is_filled_for_existing_clusters(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path / 'sorted.db'}", tmp_path))
    with app.app_context():
        upgrade(revision="7a1c5e9d2b40")
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO clusters (slug, name, acronym, country, shore, website, description,"
                " description_html, status, forum_visibility, created_at, member_count) VALUES"
                " ('e', 'Énergie Verte', '', 'MA', 'south', '', '', '', 'approved', 'public',"
                " '2026-01-01 00:00:00', 0)")
        upgrade()
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql(
                "SELECT sort_name FROM clusters").scalar() == "energie verte"
        db.engine.dispose()
