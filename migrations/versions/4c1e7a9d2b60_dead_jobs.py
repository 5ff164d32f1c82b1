"""dead letters of background jobs

Revision ID: 4c1e7a9d2b60
Revises: 17b8a9efce2f
Create Date: 2026-12-01 18:55:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '4c1e7a9d2b60'
down_revision = '17b8a9efce2f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dead_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('arguments', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dead_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dead_jobs_failed_at'), ['failed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('dead_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dead_jobs_failed_at'))

    op.drop_table('dead_jobs')
