"""login counters and the one-proposal-per-demand rule (filled in by the hardening work)

Revision ID: 20261201a
Revises: ff084732a8c4
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "20261201a"
down_revision: str | None = "ff084732a8c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
