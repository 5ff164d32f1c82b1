"""mentoring programmes, sessions, calendar feeds and cluster events

Revision ID: 17b8a9efce2f
Revises: b3d9f2a61c70
Create Date: 2026-12-01 18:07:17.529249

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '17b8a9efce2f'
down_revision = 'b3d9f2a61c70'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_calendar_feeds_token_digest'))
    )
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('lead_organisation', sa.String(length=160), nullable=False),
    sa.Column('funders', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_programmes_dates')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_programmes_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('slug', name=op.f('uq_programmes_slug'))
    )
    op.create_table('cluster_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attendee_count', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_cluster_events_times')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_cluster_events_cluster_id_clusters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cluster_events_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_events'))
    )
    with op.batch_alter_table('cluster_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_events_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_events_starts_at'), ['starts_at'], unique=False)

    op.create_table('programme_coordinators',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_coordinators_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_coordinators_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'user_id', name=op.f('pk_programme_coordinators'))
    )
    with op.batch_alter_table('programme_coordinators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_coordinators_user_id'), ['user_id'], unique=False)

    op.create_table('programme_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=6), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('expertise', sa.JSON(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("role IN ('mentor', 'mentee')", name=op.f('ck_programme_participants_role')),
    sa.CheckConstraint("state IN ('applied', 'accepted', 'declined')", name=op.f('ck_programme_participants_state')),
    sa.CheckConstraint('capacity BETWEEN 1 AND 20', name=op.f('ck_programme_participants_capacity')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_programme_participants_cluster_id_clusters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_programme_participants_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_participants_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_participants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_participants')),
    sa.UniqueConstraint('programme_id', 'user_id', name=op.f('uq_programme_participants_programme_id'))
    )
    with op.batch_alter_table('programme_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_participants_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_participants_user_id'), ['user_id'], unique=False)

    op.create_table('cluster_event_attendance',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['cluster_events.id'], name=op.f('fk_cluster_event_attendance_event_id_cluster_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cluster_event_attendance_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'user_id', name=op.f('pk_cluster_event_attendance'))
    )
    with op.batch_alter_table('cluster_event_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_event_attendance_user_id'), ['user_id'], unique=False)

    op.create_table('programme_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_programme_pairs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentee_id'], ['programme_participants.id'], name=op.f('fk_programme_pairs_mentee_id_programme_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['programme_participants.id'], name=op.f('fk_programme_pairs_mentor_id_programme_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_pairs_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['chat_rooms.id'], name=op.f('fk_programme_pairs_room_id_chat_rooms'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_pairs')),
    sa.UniqueConstraint('mentee_id', name=op.f('uq_programme_pairs_mentee_id'))
    )
    with op.batch_alter_table('programme_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_pairs_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_pairs_programme_id'), ['programme_id'], unique=False)

    op.create_table('programme_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=13), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pair_id', sa.Integer(), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.CheckConstraint("(kind = 'bilateral') = (pair_id IS NOT NULL)", name=op.f('ck_programme_sessions_pair')),
    sa.CheckConstraint("kind IN ('bilateral', 'group', 'joint_meeting')", name=op.f('ck_programme_sessions_kind')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_programme_sessions_times')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_programme_sessions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pair_id'], ['programme_pairs.id'], name=op.f('fk_programme_sessions_pair_id_programme_pairs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_programme_sessions_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_sessions'))
    )
    with op.batch_alter_table('programme_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_sessions_pair_id'), ['pair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_sessions_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('programme_session_attendees',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['programme_sessions.id'], name=op.f('fk_programme_session_attendees_session_id_programme_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_session_attendees_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_programme_session_attendees'))
    )
    with op.batch_alter_table('programme_session_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_session_attendees_user_id'), ['user_id'], unique=False)

    op.create_table('programme_session_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('goals_reached', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_programme_session_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['programme_sessions.id'], name=op.f('fk_programme_session_notes_session_id_programme_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_session_notes')),
    sa.UniqueConstraint('session_id', 'author_id', name=op.f('uq_programme_session_notes_session_id'))
    )
    with op.batch_alter_table('programme_session_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_session_notes_session_id'), ['session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('programme_session_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_session_notes_session_id'))

    op.drop_table('programme_session_notes')
    with op.batch_alter_table('programme_session_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_session_attendees_user_id'))

    op.drop_table('programme_session_attendees')
    with op.batch_alter_table('programme_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_sessions_starts_at'))
        batch_op.drop_index(batch_op.f('ix_programme_sessions_programme_id'))
        batch_op.drop_index(batch_op.f('ix_programme_sessions_pair_id'))

    op.drop_table('programme_sessions')
    with op.batch_alter_table('programme_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_pairs_programme_id'))
        batch_op.drop_index(batch_op.f('ix_programme_pairs_mentor_id'))

    op.drop_table('programme_pairs')
    with op.batch_alter_table('cluster_event_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_event_attendance_user_id'))

    op.drop_table('cluster_event_attendance')
    with op.batch_alter_table('programme_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_participants_user_id'))
        batch_op.drop_index(batch_op.f('ix_programme_participants_programme_id'))

    op.drop_table('programme_participants')
    with op.batch_alter_table('programme_coordinators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_coordinators_user_id'))

    op.drop_table('programme_coordinators')
    with op.batch_alter_table('cluster_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_events_starts_at'))
        batch_op.drop_index(batch_op.f('ix_cluster_events_cluster_id'))

    op.drop_table('cluster_events')
    op.drop_table('programmes')
    op.drop_table('calendar_feeds')
