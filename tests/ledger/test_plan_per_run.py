"""A new ledger on PostgreSQL: psycopg prepares the statements a batch runs often, and a plan made generic while
the tables were nearly empty went on scanning whole tables for every batch (32–48 ms where an index takes 2) until
the tables were analysed. The ledger's connections plan each run for its values; a URL or PGOPTIONS that sets
options keeps its own."""

import pytest
from sqlalchemy import text

from ledger import db


def _plan_mode(url: str) -> str:
    engine = db.open_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SHOW plan_cache_mode")).scalar_one())
    finally:
        engine.dispose()


def test_the_ledgers_connections_plan_each_run(pg_cluster: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGOPTIONS", raising=False)
    assert _plan_mode(pg_cluster) == "force_custom_plan"
    own = pg_cluster + ("&" if "?" in pg_cluster else "?") + "options=-c%20plan_cache_mode%3Dauto"
    assert _plan_mode(own) == "auto"
    monkeypatch.setenv("PGOPTIONS", "-c plan_cache_mode=force_generic_plan")
    assert _plan_mode(pg_cluster) == "force_generic_plan"
