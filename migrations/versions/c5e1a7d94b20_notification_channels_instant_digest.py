"""notification channels: "email" (the digest) becomes "digest", beside the new "instant"

Revision ID: c5e1a7d94b20
Revises: 4c1e7a9d2b60
Create Date: 2026-12-01 18:55:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c5e1a7d94b20'
down_revision = '4c1e7a9d2b60'
branch_labels = None
depends_on = None


def upgrade():
    # Only the value's name changes: those who chose e-mail chose the daily digest.
    op.execute("UPDATE notification_preferences SET channel = 'digest' WHERE channel = 'email'")


def downgrade():
    # Before instant mail there was only the digest: both kinds of e-mail go back to it.
    op.execute("UPDATE notification_preferences SET channel = 'email' "
               "WHERE channel IN ('digest', 'instant')")
