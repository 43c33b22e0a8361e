"""organization membership (pending / active / removed, administrator), demand-list regions,
room for the 'conflict_declared' assignment status

Revision ID: 20261201b
Revises: 20261201a
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261201b"
down_revision: str | None = "20261201a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("membership", sa.String(length=16), server_default="active", nullable=False)
        )
        batch_op.add_column(
            sa.Column("is_org_admin", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # existing accounts: the first enterprise user of each organization administers it
    op.execute(
        """
        UPDATE users SET is_org_admin = TRUE
        WHERE id IN (
            SELECT MIN(id) FROM users
            WHERE CAST(roles AS TEXT) LIKE '%publisher%' OR CAST(roles AS TEXT) LIKE '%provider%'
            GROUP BY organization_id
        )
        """
    )
    # 'conflict_declared' did not fit: declaring a conflict failed on PostgreSQL
    with op.batch_alter_table("expert_assignments", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=24)
        )
    with op.batch_alter_table("demand_lists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_demand_lists_region"), ["region"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("demand_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demand_lists_region"))
        batch_op.drop_column("region")
    with op.batch_alter_table("expert_assignments", schema=None) as batch_op:
        batch_op.alter_column(
            "status", existing_type=sa.String(length=24), type_=sa.String(length=16)
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("is_org_admin")
        batch_op.drop_column("membership")
