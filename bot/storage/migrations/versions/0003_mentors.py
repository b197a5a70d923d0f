"""Mentors and their groups, flag status with an audit trail, durable jobs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=False,
                                      server_default="open"))
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
    op.create_table(
        "mentors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("coordinator", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("note_for_flag", sa.Integer(), nullable=True),
        sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["note_for_flag"], ["flags.id"],
                                name=op.f("fk_mentors_note_for_flag_flags"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentors")),
        sa.UniqueConstraint("telegram_user_id", name=op.f("uq_mentors_telegram_user_id")),
    )
    op.create_table(
        "mentor_groups",
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("group_name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["mentor_id"], ["mentors.id"],
                                name=op.f("fk_mentor_groups_mentor_id_mentors"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("mentor_id", "group_name", name=op.f("pk_mentor_groups")),
    )
    op.create_table(
        "flag_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["flag_id"], ["flags.id"],
                                name=op.f("fk_flag_events_flag_id_flags"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentor_id"], ["mentors.id"],
                                name=op.f("fk_flag_events_mentor_id_mentors"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_events")),
    )
    with op.batch_alter_table("flag_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flag_events_flag_id"), ["flag_id"], unique=False)
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["flag_id"], ["flags.id"], name=op.f("fk_jobs_flag_id_flags"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentor_id"], ["mentors.id"],
                                name=op.f("fk_jobs_mentor_id_mentors"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_due", ["status", "run_at"], unique=False)


def downgrade() -> None:
    op.drop_table("jobs")
    op.drop_table("flag_events")
    op.drop_table("mentor_groups")
    op.drop_table("mentors")
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("status")
