"""cache versions: a counter per topic of public data, raised by each commit that changes it

Revision ID: 20261202b
Revises: 20261202a
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261202b"
down_revision: str | None = "20261202a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cache_versions",
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_cache_versions")),
    )


def downgrade() -> None:
    op.drop_table("cache_versions")
