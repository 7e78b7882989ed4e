"""A request can record why the advocacy service is not invited to a children-in-care review
of a child old enough to have it invited (it is invited unless this says why not).

A plain column added in place: rebuilding `meeting_requests` on SQLite would cascade to the
rows that reference it.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "meeting_requests",
        sa.Column("advocacy_not_invited_reason", sa.Text(), nullable=False, server_default=""),
    )


def downgrade():
    op.drop_column("meeting_requests", "advocacy_not_invited_reason")
