"""The models and the migrations describe one schema: a database built by the migrations, on
SQLite and on PostgreSQL, has every table, column, type, index, foreign key and named CHECK
constraint the models declare, and nothing else."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect

from app.extensions import db

pytestmark = pytest.mark.db


def test_the_migrated_database_has_no_difference_from_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_the_migrated_database_has_the_models_named_check_constraints(app):
    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        declared = {
            constraint.name
            for constraint in table.constraints
            if isinstance(constraint, CheckConstraint)
        }
        migrated = {check["name"] for check in inspector.get_check_constraints(table.name)}
        assert migrated == declared, table.name
