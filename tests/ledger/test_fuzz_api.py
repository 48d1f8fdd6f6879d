"""No input earns a 5xx: schemathesis generates requests from the ledger's own OpenAPI document."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from ledger import db
from ledger.api import create_app
from tests.helpers.ledger import open_ledger

_ROOT = Path(__import__("tempfile").mkdtemp(prefix="jifen-fuzz-"))
_ENGINE = db.open_engine(f"sqlite:///{_ROOT / 'ledger.db'}")
_LEDGER = open_ledger(_ENGINE)
_LEDGER.merchant("m1")
_TERMINAL = _LEDGER.terminal("m1", "静安店", "T1")
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", create_app(_ENGINE))


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("who", ["admin", "terminal", "nobody"])
def test_no_request_makes_the_ledger_fail(case: schemathesis.Case, who: str) -> None:
    token = {"admin": _LEDGER.admin, "terminal": _TERMINAL, "nobody": None}[who]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = case.call(headers=headers)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "message"}, response.text
