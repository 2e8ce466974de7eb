"""bookings: visits booked ahead (antrian online), checked in at the kiosk; services' booking quota and requirements

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

``bookings`` holds one booked visit: its code (printed with a QR), service, business day
and booked time, the visitor's optional name, company, NIB and phone (erased after
``booking_retention_days``), its status and the ticket it became. Services gain
``booking_quota`` (bookings per time slot) and ``requirements_id``/``requirements_en``
(what to bring, printed on the booking slip).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``bookings`` and add the services' columns."""
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("booking_quota", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("requirements_id", sa.String(length=400), nullable=False, server_default=""))
        batch.add_column(sa.Column("requirements_en", sa.String(length=400), nullable=False, server_default=""))
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("booked_at", sa.DateTime(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("company", sa.String(length=160), nullable=True),
        sa.Column("nib", sa.String(length=13), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("import_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"]),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("import_key"),
    )
    op.create_index("ix_booking_day_service", "bookings", ["day", "service_id", "booked_at"], unique=False)
    op.create_index("ix_booking_status_booked_at", "bookings", ["status", "booked_at"], unique=False)


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_booking_status_booked_at", table_name="bookings")
    op.drop_index("ix_booking_day_service", table_name="bookings")
    op.drop_table("bookings")
    with op.batch_alter_table("services") as batch:
        batch.drop_column("requirements_en")
        batch.drop_column("requirements_id")
        batch.drop_column("booking_quota")
