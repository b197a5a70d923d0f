"""What a student said that matters later, the history of each action, and the reply of each
handled update (sent again when the update comes back after a crash)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False,
                                      server_default="step"))
        batch_op.add_column(sa.Column("times_reviewed", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.create_table(
        "action_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("learning", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"],
                                name="fk_action_events_action_id_actions", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"],
                                name="fk_action_events_conversation_id_conversations",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_action_events"),
    )
    op.create_index("ix_action_events_action_id", "action_events", ["action_id"])
    op.create_table(
        "student_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"],
                                name="fk_student_facts_student_id_students", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"],
                                name="fk_student_facts_conversation_id_conversations",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_student_facts"),
    )
    op.create_index("ix_student_facts_student_id", "student_facts", ["student_id"])
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply", sa.JSON(), nullable=True))
    # Every action so far was set once: its history starts with that.
    op.execute("INSERT INTO action_events (action_id, conversation_id, kind, due, at) "
               "SELECT id, conversation_id, 'set', due, created_at FROM actions")


def downgrade() -> None:
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_column("reply")
    op.drop_index("ix_student_facts_student_id", table_name="student_facts")
    op.drop_table("student_facts")
    op.drop_index("ix_action_events_action_id", table_name="action_events")
    op.drop_table("action_events")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_column("times_reviewed")
        batch_op.drop_column("kind")
