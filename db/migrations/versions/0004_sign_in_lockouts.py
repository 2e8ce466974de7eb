"""sign-in lockouts kept in the database; one officer per counter

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

Wrong passwords and kiosk PINs in a row were counted in the app's memory only, so
restarting the app (or the kiosk) reset the count. ``lockouts`` keeps them per subject
(``officer:<username>``, ``kiosk_pin``). A unique index on ``counters.officer_id`` makes
"one officer holds one counter at a time" a rule of the database; an officer seated at
two counters before the upgrade keeps the lower-numbered one. A ``kiosk_pin`` setting
stored as plain digits by earlier versions (which no kiosk could then check) is hashed.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``lockouts`` and ``uq_counter_officer``."""
    op.create_table(
        "lockouts",
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("subject"),
    )
    op.execute(
        "UPDATE counters SET officer_id = NULL WHERE officer_id IS NOT NULL AND EXISTS ("
        " SELECT 1 FROM counters AS other WHERE other.officer_id = counters.officer_id"
        " AND other.number < counters.number)"
    )
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.create_index("uq_counter_officer", ["officer_id"], unique=True)
    _hash_plain_kiosk_pin()


def _hash_plain_kiosk_pin() -> None:
    from db.passwords import hash_password, is_hash

    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))
    conn = op.get_bind()
    value = conn.execute(sa.select(settings.c.value).where(settings.c.key == "kiosk_pin")).scalar()
    if isinstance(value, str) and value.strip() and not is_hash(value.strip()):
        conn.execute(settings.update().where(settings.c.key == "kiosk_pin").values(value=hash_password(value.strip())))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.drop_index("uq_counter_officer")
    op.drop_table("lockouts")
