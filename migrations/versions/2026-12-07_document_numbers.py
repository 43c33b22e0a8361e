"""document numbers: the issuing body (发文单位) and document number (文号) of lists and notices

A published demand list and a public notice are official documents: who issued them and their
number (e.g. 苏科发〔2026〕12号). Both are optional; a document number is unique among
demand lists (NULLs do not collide), notices may share one (one document can announce several).

Revision ID: 20261207b
Revises: 20261207a
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261207b"
down_revision: str | None = "20261207a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("demand_lists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuing_body", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("document_number", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_demand_lists_document_number"), ["document_number"]
        )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuing_body", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("document_number", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("document_number")
        batch_op.drop_column("issuing_body")
    with op.batch_alter_table("demand_lists", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_demand_lists_document_number"), type_="unique")
        batch_op.drop_column("document_number")
        batch_op.drop_column("issuing_body")
