"""The sector migration rewrites the free-text sectors of existing clusters as codes."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from community import create_app
from community.extensions import db
from tests.conftest import make_config
from tests.core.test_migrations import empty_database_url  # noqa: F401 (a fixture)

CLUSTER = sa.text(
    "INSERT INTO clusters (id, slug, name, acronym, country, shore, website, description,"
    " description_html, status, forum_visibility, created_at, member_count) VALUES"
    " (1, 'ereci', 'ERECI', 'ERECI', 'EG', 'south', '', 'd', '<p>d</p>', 'approved',"
    " 'public', CURRENT_TIMESTAMP, 0)")
TAG = sa.text("INSERT INTO cluster_tags (cluster_id, kind, value, position)"
              " VALUES (1, :kind, :value, :position)")


def test_upgrade_maps_free_text_sectors_to_codes(empty_database_url, tmp_path):  # noqa: F811
    app = create_app(make_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade(revision="7a1c5e9d2b40")
        with db.engine.begin() as connection:
            connection.execute(CLUSTER)
            for position, (kind, value) in enumerate([
                    ("sector", "Renewable energy"), ("sector", "Énergies renouvelables"),
                    ("sector", "Energy"), ("sector", "Big data"), ("label", "ECEI Bronze")]):
                connection.execute(TAG, {"kind": kind, "value": value, "position": position})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT kind, value FROM cluster_tags ORDER BY kind, position")).all()
        db.engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("label", "ECEI Bronze"), ("sector", "renewable-energy"), ("sector", "energy"),
        ("sector", "other")]
