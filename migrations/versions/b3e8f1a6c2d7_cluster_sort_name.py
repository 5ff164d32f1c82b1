"""Clusters get a folded sort name (issue 11): forums and directories list them by name
whatever the case and accents ("aBC" before "Zeta", "Énergie" among the e's), in SQL, the same
on SQLite and PostgreSQL. Filled here for the clusters that exist.

Revision ID: b3e8f1a6c2d7
Revises: 7a1c5e9d2b40
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision, down_revision = "b3e8f1a6c2d7", "7a1c5e9d2b40"
branch_labels = depends_on = None


def folded(name: str) -> str:
    """The rule of `community.text.fold` as it stood, frozen with this revision."""
    decomposed = unicodedata.normalize("NFKD", (name or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))[:160]


def upgrade():
    with op.batch_alter_table("clusters") as batch:
        batch.add_column(sa.Column("sort_name", sa.String(length=160), nullable=True))
    clusters = sa.table("clusters", sa.column("id", sa.Integer), sa.column("name", sa.String),
                        sa.column("sort_name", sa.String))
    connection = op.get_bind()
    for cluster_id, name in connection.execute(sa.select(clusters.c.id, clusters.c.name)).all():
        connection.execute(clusters.update().where(clusters.c.id == cluster_id)
                           .values(sort_name=folded(name)))
    with op.batch_alter_table("clusters") as batch:
        batch.alter_column("sort_name", existing_type=sa.String(length=160), nullable=False)
        batch.create_index(batch.f("ix_clusters_sort_name"), ["sort_name"])


def downgrade():
    with op.batch_alter_table("clusters") as batch:
        batch.drop_index(batch.f("ix_clusters_sort_name"))
        batch.drop_column("sort_name")
