"""tickets indexed by issue time, for the last hour's arrivals

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

Every ticket's slip, and every screen's estimate, counts each service's arrivals of the
last hour (``issued_at >= :since``). Without an index on the issue time that walked every
ticket of the day: about 1.4 ms at 2,000 tickets on SQLite, growing through the day. With
``(day, issued_at, service_id, priority)`` the count is read from the index alone, over
the last hour's tickets only. (With the issue time first, SQLite's planner preferred the
day's equality on ``ix_ticket_day_service_status`` and walked the day anyway.)
"""
from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ix_ticket_day_issued."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_day_issued", ["day", "issued_at", "service_id", "priority"], unique=False)


def downgrade() -> None:
    """Drop ix_ticket_day_issued."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_day_issued")
