"""Where each copy of an alert was sent (a channel's message reference), so that every copy
can be updated when one mentor picks the flag up

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("flag_events") as batch:
        batch.add_column(sa.Column("message_ref", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("flag_events") as batch:
        batch.drop_column("message_ref")
