"""Single sign-on: the identity provider's stable subject (and its issuer) on each user it signs in.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("sso_issuer", sa.String(300), nullable=True))
        batch.add_column(sa.Column("sso_subject", sa.String(255), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_users_sso_issuer_sso_subject"), ["sso_issuer", "sso_subject"]
        )
        batch.create_check_constraint(
            op.f("ck_users_sso_subject_with_issuer"),
            "(sso_issuer IS NULL) = (sso_subject IS NULL)",
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        # SQLite rebuilds `users` to drop these; the rows that point at users (sessions, audit
        # rows, chairs) are checked when the transaction commits, by which time the rebuilt
        # table holds every user again.
        op.execute("PRAGMA defer_foreign_keys = ON")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_sso_subject_with_issuer"), type_="check")
        batch.drop_constraint(op.f("uq_users_sso_issuer_sso_subject"), type_="unique")
        batch.drop_column("sso_subject")
        batch.drop_column("sso_issuer")
