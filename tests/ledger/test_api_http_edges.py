"""The ledger answers what a plain HTTP client, a proxy or a load balancer expects: HEAD on health, a Bearer
challenge with every 401, and a path with a slash too many is 404 (not a redirect to http:// behind HTTPS)."""

import pytest
from fastapi.testclient import TestClient

from ledger import db
from ledger.api import create_app
from tests.helpers.ledger import Ledger
from tests.helpers.ledger_server import free_port


def test_head_on_health_is_200_without_a_body(api: Ledger) -> None:
    answer = api.client.head("/v1/health")
    assert answer.status_code == 200 and answer.content == b""


def test_head_on_health_says_503_and_when_to_come_back() -> None:
    engine = db.open_engine(f"postgresql+psycopg://jifen@127.0.0.1:{free_port()}/ledger")  # no server there
    answer = TestClient(create_app(engine), raise_server_exceptions=False).head("/v1/health")
    assert (answer.status_code, answer.headers["Retry-After"], answer.content) == (503, "30", b"")
    engine.dispose()


@pytest.mark.parametrize("method, path, token", [
    ("GET", "/v1/whoami", None), ("GET", "/v1/whoami", "stolen"), ("GET", "/v1/reports/overdrawn?merchant=m1", None),
    ("GET", "/v1/mall/catalog", None), ("POST", "/v1/batches", None),
])
def test_every_401_asks_for_a_bearer_token(api: Ledger, method: str, path: str, token: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = api.client.request(method, path, headers=headers, json={"protocol": 1} if method == "POST" else None)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer", answer.text


def test_a_trailing_slash_is_404_not_a_redirect(api: Ledger) -> None:
    token = api.terminal("m1", "静安店", "T1")
    answer = api.client.get("/v1/whoami/", headers={"Authorization": f"Bearer {token}"}, follow_redirects=False)
    assert (answer.status_code, answer.json()) == (404, {"error": "not_found", "message": "Not Found"})
    assert "location" not in answer.headers
