"""Indexes for a student's history: their newest conversations, and a conversation's action.
Without them SQLite scanned every conversation and built a temporary index over every action
when a reflection started (26 ms at 10,000 stored conversations, 130 ms at 50,000).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_conversations_student_newest", "conversations", ["student_id", "id"])
    op.create_index("ix_actions_conversation", "actions", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_actions_conversation", table_name="actions")
    op.drop_index("ix_conversations_student_newest", table_name="conversations")
