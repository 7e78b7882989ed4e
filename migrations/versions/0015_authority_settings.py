"""The authority's local practice, stored: one row per version, each in force from its day.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "authority_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("values", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_authority_settings_reason_given")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_authority_settings_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authority_settings")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_authority_settings_effective_from")),
    )


def downgrade():
    op.drop_table("authority_settings")
