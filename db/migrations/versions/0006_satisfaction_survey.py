"""satisfaction survey: responses (SKM, one per ticket) and survey periods with a follow-up plan

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

``survey_responses`` holds one anonymous survey per finished ticket: the nine SKM
elements U1–U9 and the five anti-corruption perception items W1–W5 (each 1–4, checked
by the database), an optional respondent profile and comment. ``survey_periods`` holds
the unit's follow-up plan (*rencana tindak lanjut*) for a survey period.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ANSWERS = [f"u{i}" for i in range(1, 10)] + [f"w{i}" for i in range(1, 6)]


def upgrade() -> None:
    """Create the two tables."""
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        *[sa.Column(c, sa.SmallInteger(), nullable=True) for c in ANSWERS],
        sa.Column("age_group", sa.String(length=10), nullable=True),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column("education", sa.String(length=10), nullable=True),
        sa.Column("occupation", sa.String(length=12), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        *[sa.CheckConstraint(f"{c} BETWEEN 1 AND 4", name=f"ck_survey_{c}") for c in ANSWERS],
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"]),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"]),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ticket_id"),
    )
    op.create_index("ix_survey_day_service", "survey_responses", ["day", "service_id"], unique=False)
    op.create_table(
        "survey_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("last", sa.Date(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by"], ["officers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_survey_period", "survey_periods", ["first", "last"], unique=True)


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("uq_survey_period", table_name="survey_periods")
    op.drop_table("survey_periods")
    op.drop_index("ix_survey_day_service", table_name="survey_responses")
    op.drop_table("survey_responses")
