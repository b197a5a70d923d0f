"""Invite sheets: the name a code was printed for, and the mentor who used a mentor code

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("mentor_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("name", sa.String(length=200), nullable=True))
        batch.create_foreign_key(op.f("fk_invites_mentor_id_mentors"), "mentors",
                                 ["mentor_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint(op.f("fk_invites_mentor_id_mentors"), type_="foreignkey")
        batch.drop_column("name")
        batch.drop_column("mentor_id")
