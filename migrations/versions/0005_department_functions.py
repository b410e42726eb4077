"""The functions a department serves (intake, legal, supervision), replacing fixed codes.

Until now the petition office and the legal counsel office were found by the settings
PETITION_OFFICE and LEGAL_DEPARTMENT, fixed department codes. Nothing is deployed yet
(see scripts/regen-migration), so no database needs its offices carried over: an
administrator sets them with `petitiondesk departments update CODE --function intake`,
and `petitiondesk serve` warns while a function has no department.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "department_functions",
        sa.Column("function", sa.String(length=20), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_department_functions_department_id_departments")),
        sa.PrimaryKeyConstraint("function", name=op.f("pk_department_functions")),
    )
    with op.batch_alter_table("department_functions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_department_functions_department_id"),
                              ["department_id"], unique=False)


def downgrade():
    with op.batch_alter_table("department_functions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_department_functions_department_id"))
    op.drop_table("department_functions")
