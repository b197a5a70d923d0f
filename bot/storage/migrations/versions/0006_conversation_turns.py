"""Conversations count their turns (the next turn's number without a query)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("turns", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.execute("UPDATE conversations SET turns = (SELECT coalesce(max(turns.seq), 0) "
               "FROM turns WHERE turns.conversation_id = conversations.id)")


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("turns")
