"""A store taken back to an older schema, as an earlier version left it: the next `jifen` upgrades it as it opens."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from terminal import db


def downgrade_store(db_file: Path, revision: str, *before: str) -> None:
    """Run the SQL statements ``before`` (what the earlier version had stored), then migrate down to ``revision``."""
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    engine = db.open_engine(db_file)
    with engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        with conn.begin():
            for statement in before:
                conn.exec_driver_sql(statement)
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
    engine.dispose()
