"""The ledger's migrations build exactly the schema its models describe, on both engines."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ledger.models import Base
from tests.helpers.ledger import Ledger


def test_migrations_build_exactly_the_models(ledger: Ledger) -> None:
    with ledger.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []
