"""Drop the single-column indexes on turns.conversation_id and answers.conversation_id.

Each duplicated the leading column of another index of its table: turns' unique
(conversation_id, seq) and answers' (conversation_id, competency). Those serve every lookup of
a conversation's turns or answers and the cascade when a conversation is deleted, so the
single-column indexes only cost work: every turn writes two turns and often an answer, and
each row went into one index more than it needed.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_turns_conversation_id", table_name="turns")
    op.drop_index("ix_answers_conversation_id", table_name="answers")


def downgrade() -> None:
    op.create_index("ix_answers_conversation_id", "answers", ["conversation_id"])
    op.create_index("ix_turns_conversation_id", "turns", ["conversation_id"])
