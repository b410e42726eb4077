"""Indexes in the queue's order: (next_due_on IS NULL), next_due_on, id; and per department.

The queue sorts open cases by their earliest deadline, undated ones last
(cases/queries.py `_sort`). With these, its first page is read in index order instead of
sorting every visible case (a million for the clerk). They are expression indexes, which
autogenerate skips, so scripts/regen-migration cannot write them: they live here, and in
the Case model's __table_args__ for create_all. See docs/performance.md.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NULLS_LAST = sa.text("(next_due_on IS NULL)")


def upgrade():
    op.create_index("ix_cases_queue_order", "cases", [NULLS_LAST, "next_due_on", "id"])
    op.create_index("ix_cases_department_queue_order", "cases",
                    ["department_id", NULLS_LAST, "next_due_on", "id"])


def downgrade():
    op.drop_index("ix_cases_department_queue_order", table_name="cases")
    op.drop_index("ix_cases_queue_order", table_name="cases")
