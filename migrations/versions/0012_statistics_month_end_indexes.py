"""Indexes for the statistics at a month's end: open cases and overdue clocks.

The current month's figures are today's state corrected by the few events after the
month (stats/asof.py). These let the databases read only the open cases (and those
closed after the month) and the open obligation clocks due by its end, instead of
every case and clock ever recorded, and find a case's department from an index. See docs/performance.md.

Revision ID: 0012
Revises: 0010
"""

from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_cases_closed_at_received_on", "cases", ["closed_at", "received_on"])
    op.create_index("ix_cases_id_answerable_department", "cases",
                    ["id", "answerable_department_id"])
    op.create_index("ix_clocks_kind_met_on_due_on", "clocks", ["kind", "met_on", "due_on"])


def downgrade():
    op.drop_index("ix_clocks_kind_met_on_due_on", table_name="clocks")
    op.drop_index("ix_cases_id_answerable_department", table_name="cases")
    op.drop_index("ix_cases_closed_at_received_on", table_name="cases")
