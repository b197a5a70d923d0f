"""Two columns a turn keeps up to date, so the school's figures read conversations only
(bot/storage/school_views.py): `last_step`, the step of the conversation's last turn (where an
unfinished conversation stopped), and `competencies`, one bit per competency the student's
answers were about (`COMPETENCY_BITS` in bot/storage/models.py).

Before them the figures page joined 165,000 answers and looked up 28,000 last turns to count
a school's twelve weeks; that was over half of its time (bench/school_pages_http.py). The
conversations' index now carries the bits, so competencies are counted from the index alone.

The columns are filled here from the turns and answers already stored.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# As in bot/storage/models.py COMPETENCY_BITS when this was written (never reordered).
_BITS = {"kwaliteiten": 1, "motieven": 2, "werkexploratie": 4, "loopbaansturing": 8,
         "netwerken": 16}


def upgrade() -> None:
    with op.batch_alter_table("conversations") as table:
        table.add_column(sa.Column("last_step", sa.String(100), nullable=True))
        table.add_column(sa.Column("competencies", sa.Integer(), nullable=False,
                                   server_default="0"))
    op.execute(
        "UPDATE conversations SET last_step = (SELECT turns.step FROM turns "
        "WHERE turns.conversation_id = conversations.id AND turns.seq = conversations.turns)")
    bits = " + ".join(f"max(CASE WHEN answers.competency = '{name}' THEN {bit} ELSE 0 END)"
                      for name, bit in _BITS.items())
    op.execute(
        f"UPDATE conversations SET competencies = coalesce((SELECT {bits} FROM answers "
        "WHERE answers.conversation_id = conversations.id), 0)")
    op.drop_index("ix_conversations_started", table_name="conversations")
    op.create_index("ix_conversations_started", "conversations",
                    ["started_at", "student_id", "status", "competencies", "id"])


def downgrade() -> None:
    op.drop_index("ix_conversations_started", table_name="conversations")
    op.create_index("ix_conversations_started", "conversations",
                    ["started_at", "student_id", "status", "id"])
    with op.batch_alter_table("conversations") as table:
        table.drop_column("competencies")
        table.drop_column("last_step")
