"""Contacts: how each channel knows a person (a Telegram account, a console name), one row per
channel, owned by a student or a mentor. Moves students.console_name,
students.telegram_user_id and mentors.telegram_user_id over and drops them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_MOVES = (  # (owner table, owner column in contacts, column moved, channel)
    ("students", "student_id", "telegram_user_id", "telegram"),
    ("students", "student_id", "console_name", "console"),
    ("mentors", "mentor_id", "telegram_user_id", "telegram"),
)


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(student_id IS NULL) <> (mentor_id IS NULL)",
                           name=op.f("ck_contacts_one_owner")),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"], ondelete="CASCADE",
                                name=op.f("fk_contacts_student_id_students")),
        sa.ForeignKeyConstraint(["mentor_id"], ["mentors.id"], ondelete="CASCADE",
                                name=op.f("fk_contacts_mentor_id_mentors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("channel", "address", name=op.f("uq_contacts_channel")),
    )
    op.create_index(op.f("ix_contacts_student_id"), "contacts", ["student_id"])
    op.create_index(op.f("ix_contacts_mentor_id"), "contacts", ["mentor_id"])
    for table, owner, column, channel in _MOVES:
        op.execute(
            f"INSERT INTO contacts (channel, address, {owner}, created_at) "
            f"SELECT '{channel}', CAST({column} AS VARCHAR(200)), id, created_at FROM {table} "
            f"WHERE {column} IS NOT NULL")
    with op.batch_alter_table("students") as batch:
        batch.drop_constraint(op.f("uq_students_console_name"), type_="unique")
        batch.drop_constraint(op.f("uq_students_telegram_user_id"), type_="unique")
        batch.drop_column("console_name")
        batch.drop_column("telegram_user_id")
    with op.batch_alter_table("mentors") as batch:
        batch.drop_constraint(op.f("uq_mentors_telegram_user_id"), type_="unique")
        batch.drop_column("telegram_user_id")


def downgrade() -> None:
    with op.batch_alter_table("students") as batch:
        batch.add_column(sa.Column("console_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("telegram_user_id", sa.BigInteger(), nullable=True))
        batch.create_unique_constraint(op.f("uq_students_console_name"), ["console_name"])
        batch.create_unique_constraint(op.f("uq_students_telegram_user_id"),
                                       ["telegram_user_id"])
    with op.batch_alter_table("mentors") as batch:
        batch.add_column(sa.Column("telegram_user_id", sa.BigInteger(), nullable=True))
        batch.create_unique_constraint(op.f("uq_mentors_telegram_user_id"),
                                       ["telegram_user_id"])
    for table, owner, column, channel in _MOVES:
        value = "CAST(c.address AS BIGINT)" if column == "telegram_user_id" else "c.address"
        op.execute(
            f"UPDATE {table} SET {column} = (SELECT {value} FROM contacts c "
            f"WHERE c.{owner} = {table}.id AND c.channel = '{channel}')")
    op.drop_index(op.f("ix_contacts_mentor_id"), table_name="contacts")
    op.drop_index(op.f("ix_contacts_student_id"), table_name="contacts")
    op.drop_table("contacts")
