"""Each submission's findings count for the dashboard; indexes for the audit log's order and session look-ups."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add submissions.findings (unknown until the form is checked) and the indexes."""
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("findings", sa.Integer, nullable=True))
    op.create_index("ix_audit_entries_at", "audit_entries", ["at"])
    op.create_index("ix_login_sessions_account_id", "login_sessions", ["account_id"])
    op.create_index("ix_form_versions_submission_id", "form_versions", ["submission_id"])


def downgrade() -> None:
    """Drop the indexes and the findings column."""
    op.drop_index("ix_form_versions_submission_id", "form_versions")
    op.drop_index("ix_login_sessions_account_id", "login_sessions")
    op.drop_index("ix_audit_entries_at", "audit_entries")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("findings")
