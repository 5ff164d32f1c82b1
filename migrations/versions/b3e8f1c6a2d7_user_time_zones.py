"""Members' time zones (issue 11): every time is shown in the member's own zone. Existing
accounts start in UTC, which is what their pages showed until now.

Revision ID: b3e8f1c6a2d7
Revises: b3e8f1a6c2d7
"""
import sqlalchemy as sa
from alembic import op

revision, down_revision = "b3e8f1c6a2d7", "b3e8f1a6c2d7"
branch_labels = depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("timezone", sa.String(length=64), server_default="UTC",
                                   nullable=False))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("timezone")
