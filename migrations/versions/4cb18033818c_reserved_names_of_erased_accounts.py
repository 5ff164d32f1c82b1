"""Reserved names of erased accounts: their username and e-mail address stay unavailable for
30 days (only SHA-256 digests are stored)

Revision ID: 4cb18033818c
Revises: d0a848a15e86
Create Date: 2026-12-01 14:58:33.309326

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4cb18033818c'
down_revision = 'd0a848a15e86'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reserved_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('username', 'email')", name=op.f('ck_reserved_names_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reserved_names'))
    )
    with op.batch_alter_table('reserved_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reserved_names_digest'), ['digest'], unique=False)


def downgrade():
    with op.batch_alter_table('reserved_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reserved_names_digest'))

    op.drop_table('reserved_names')
