"""waiting index leads with the business day

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The daily expiry (``status = 'waiting' AND day < today``) used the day/service/status
index on SQLite and so read every past ticket: 216 ms at 1,000,000 tickets, inside the
write lock. With ``day`` first in the partial index it reads only waiting tickets
(0.05 ms), and ``call_next`` reads only today's waiting tickets.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHERE = "status = 'waiting'"


def upgrade() -> None:
    """Recreate ix_ticket_waiting as (day, service_id, priority, queue_time)."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_waiting", sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))
        batch_op.create_index("ix_ticket_waiting", ["day", "service_id", "priority", "queue_time"], unique=False,
                              sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade() -> None:
    """Back to (service_id, priority, queue_time)."""
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_waiting", sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))
        batch_op.create_index("ix_ticket_waiting", ["service_id", "priority", "queue_time"], unique=False,
                              sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))
