"""Indexes for the school's pages (bot/storage/school_views.py): the weeks of the whole school
read conversations by when they started, and the competencies of those conversations.

Without them SQLite and PostgreSQL read every conversation, each with its ~1 kB snapshot, to
count a school's weeks, and every answer's row to find its competency: at 50,000
conversations the analytics page took about twice its 300 ms. With them both are read from
the index alone (bench/school_pages.py).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_conversations_started", "conversations",
                    ["started_at", "student_id", "status", "id"])
    op.create_index("ix_answers_conversation_competency", "answers",
                    ["conversation_id", "competency"])


def downgrade() -> None:
    op.drop_index("ix_answers_conversation_competency", table_name="answers")
    op.drop_index("ix_conversations_started", table_name="conversations")
