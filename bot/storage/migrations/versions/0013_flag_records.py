"""Flag records: the anonymised safeguarding record kept when a student deletes their data

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flag_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_name", sa.String(length=100), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["handled_by"], ["mentors.id"], ondelete="SET NULL",
                                name=op.f("fk_flag_records_handled_by_mentors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_records")),
    )
    op.create_index(op.f("ix_flag_records_erased_at"), "flag_records", ["erased_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_flag_records_erased_at"), table_name="flag_records")
    op.drop_table("flag_records")
