"""solution visibility: a provider lists a solution publicly or for logged-in users only

The plan's 技术供给清单 is public; a provider may keep a solution to logged-in users. Existing
solutions stay as they were (logged-in users only) until their providers choose.

Revision ID: 20261207c
Revises: 20261207b
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207c"
down_revision: str | None = "20261207b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("solutions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("visibility", sa.String(length=16), nullable=False, server_default="members")
        )
        batch_op.create_index(batch_op.f("ix_solutions_visibility"), ["visibility"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("solutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_solutions_visibility"))
        batch_op.drop_column("visibility")
