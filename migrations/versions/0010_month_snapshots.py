"""Month-end snapshots of the monthly statistics: a closed month's figures, written once.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

import petitiondesk.core.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "month_snapshots",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("frozen_at", petitiondesk.core.types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_month_snapshots")),
    )


def downgrade():
    op.drop_table("month_snapshots")
