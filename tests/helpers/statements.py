"""The SQL statements a piece of work runs, as the database driver is handed them."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def statements_run(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Within the block, each statement run on ``engine`` and its parameters, in order."""
    seen: list[tuple[str, Any]] = []

    def note(conn: object, cursor: object, statement: str, parameters: Any, context: object, many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
