"""Stored partners across the sea (issue 13): the cluster page read every approved cluster of
the other shore and scored them on each view; the scores and what was matched are now written
when a cluster changes. Filled by `flask clusters refresh-partners` (it needs the matching
rules of the app, which a migration must not import).

Revision ID: e4a2c7f91b36
Revises: c5e1a7d94b20
"""
import sqlalchemy as sa
from alembic import op

revision, down_revision = "e4a2c7f91b36", "c5e1a7d94b20"
branch_labels = depends_on = None


def upgrade():
    op.create_table(
        "cluster_partners",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["cluster_id"], ["clusters.id"], ondelete="CASCADE",
                                name=op.f("fk_cluster_partners_cluster_id_clusters")),
        sa.ForeignKeyConstraint(["partner_id"], ["clusters.id"], ondelete="CASCADE",
                                name=op.f("fk_cluster_partners_partner_id_clusters")),
        sa.PrimaryKeyConstraint("cluster_id", "partner_id", name=op.f("pk_cluster_partners")),
    )
    op.create_index("ix_cluster_partners_cluster_score", "cluster_partners",
                    ["cluster_id", "score"])
    op.create_index(op.f("ix_cluster_partners_partner_id"), "cluster_partners", ["partner_id"])


def downgrade():
    op.drop_index(op.f("ix_cluster_partners_partner_id"), table_name="cluster_partners")
    op.drop_index("ix_cluster_partners_cluster_score", table_name="cluster_partners")
    op.drop_table("cluster_partners")
