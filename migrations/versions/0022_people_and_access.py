"""People and access: API tokens expire, one-time set-password links, each user's last sign-in,
and chair user accounts linked to the chair with the same email.

Revision ID: 0022
Revises: 0021
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# Tokens made before expiry existed keep working for the default lifetime from the upgrade,
# so no integration stops the day Quorum is upgraded.
EXISTING_TOKEN_DAYS = 90

# A chair account (role chair) not yet linked, and the live chair with its email whose own link
# is free: linked once here; from now on the services link them as they are created or edited.
LINK_CHAIRS = """
UPDATE chairs SET user_id = (
    SELECT users.id FROM users WHERE users.email = lower(chairs.email) AND users.role = 'chair'
)
WHERE chairs.user_id IS NULL AND chairs.retired_at IS NULL AND EXISTS (
    SELECT 1 FROM users
    WHERE users.email = lower(chairs.email) AND users.role = 'chair'
      AND NOT EXISTS (SELECT 1 FROM chairs AS linked WHERE linked.user_id = users.id)
)
"""


def upgrade():
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    expires = datetime.now(UTC) + timedelta(days=EXISTING_TOKEN_DAYS)
    op.get_bind().execute(
        sa.text("UPDATE api_tokens SET expires_at = :expires WHERE expires_at IS NULL"),
        {"expires": expires},
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)

    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("last_signed_in_at", sa.DateTime(timezone=True), nullable=True)
        )

    op.create_table(
        "password_reset_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_reset_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_password_reset_tokens_created_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_tokens_token_hash")),
    )
    with op.batch_alter_table("password_reset_tokens") as batch:
        batch.create_index(batch.f("ix_password_reset_tokens_user_id"), ["user_id"])

    op.execute(LINK_CHAIRS)


def downgrade():
    # The links made on upgrade stay: they are what an admin would have set by hand.
    op.drop_table("password_reset_tokens")
    # Not in batch mode: rebuilding `users` on SQLite would drop the table every other table
    # points at. SQLite (3.35 and later) drops a plain column in place, as PostgreSQL does.
    op.drop_column("users", "last_signed_in_at")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
