"""The school's pages: one-time sign-in links, staff sessions, who viewed a student's page, and
an administrator flag on mentors.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentors") as batch:
        batch.add_column(sa.Column("admin", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    for table in ("staff_links", "staff_sessions"):
        extra = [sa.Column("used_at", sa.DateTime(timezone=True), nullable=True)] \
            if table == "staff_links" else []
        op.create_table(
            table,
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("mentor_id", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(["mentor_id"], ["mentors.id"],
                                    name=f"fk_{table}_mentor_id_mentors", ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("token_hash", name=f"pk_{table}"),
        )
        op.create_index(f"ix_{table}_mentor_id", table, ["mentor_id"])
    op.create_table(
        "page_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["mentor_id"], ["mentors.id"],
                                name="fk_page_views_mentor_id_mentors", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"],
                                name="fk_page_views_student_id_students", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_page_views"),
    )
    op.create_index("ix_page_views_student_id", "page_views", ["student_id"])


def downgrade() -> None:
    op.drop_index("ix_page_views_student_id", table_name="page_views")
    op.drop_table("page_views")
    for table in ("staff_sessions", "staff_links"):
        op.drop_index(f"ix_{table}_mentor_id", table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("mentors") as batch:
        batch.drop_column("admin")
