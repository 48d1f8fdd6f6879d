"""A new ledger on PostgreSQL: psycopg prepares the statements a batch runs often, and a plan made generic while
the tables were nearly empty went on scanning whole tables for every batch (32–48 ms where an index takes 2) until
the tables were analysed. The ledger's connections plan each run for its values, unless the operator chose a
plan_cache_mode: in the URL's options, PGOPTIONS or a libpq service file, whose other options still hold."""

from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from ledger import db


def _settings(url: str) -> tuple[str, str]:
    engine = db.open_engine(url)
    try:
        with engine.connect() as conn:
            conn.rollback()  # what the pool does to a connection given back
            return (str(conn.execute(text("SHOW plan_cache_mode")).scalar_one()),
                    str(conn.execute(text("SHOW search_path")).scalar_one()))
    finally:
        engine.dispose()


def test_the_ledgers_connections_plan_each_run(pg_cluster: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGOPTIONS", raising=False)
    assert _settings(pg_cluster)[0] == "force_custom_plan"
    own = pg_cluster + ("&" if "?" in pg_cluster else "?") + "options=-c%20plan_cache_mode%3Dauto"
    assert _settings(own)[0] == "auto"
    monkeypatch.setenv("PGOPTIONS", "-c plan_cache_mode=force_generic_plan")
    assert _settings(pg_cluster)[0] == "force_generic_plan"


def test_a_service_files_options_hold(pg_cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGOPTIONS", raising=False)
    url = make_url(pg_cluster)
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[ledger]\nhost={url.host}\nport={url.port}\nuser={url.username}\ndbname={url.database}\n"
                        "options=-c search_path=jifen\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    assert _settings("postgresql+psycopg:///?service=ledger") == ("force_custom_plan", "jifen")
