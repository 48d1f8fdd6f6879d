"""The HTTP API refuses what it should with a clear 4xx, and serves what terminals pull."""

from pathlib import Path

import pytest

from terminal.home import Home
from tests.helpers.ledger import Ledger, journal_of
from tests.helpers.store import member, new_till, sell


@pytest.fixture
def shop(ledger: Ledger, tmp_path: Path):  # type: ignore[no-untyped-def]
    ledger.merchant("m1")
    return new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")


def test_who_a_terminal_is(ledger: Ledger, shop) -> None:  # type: ignore[no-untyped-def]
    _, token = shop
    assert ledger.get("/v1/whoami", token).json() == {"protocol": 1, "merchant": "m1", "store": "静安店", "terminal": "T1"}


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic abc"])
def test_no_valid_token_is_401(ledger: Ledger, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    answer = ledger.client.get("/v1/whoami", headers=headers)
    assert answer.status_code in (401, 403) and answer.json()["error"] in ("unauthorized", "forbidden")


def test_a_terminal_token_is_not_an_admin_token(ledger: Ledger, shop) -> None:  # type: ignore[no-untyped-def]
    _, token = shop
    answer = ledger.get("/v1/reports/day", token, merchant="m1", day="2026-03-01")
    assert answer.status_code == 403 and answer.json()["error"] == "forbidden"
    assert ledger.client.get("/v1/settlement", params={"start": "2026-03-01", "end": "2026-03-02"}).status_code == 401


def test_a_revoked_terminal_is_403_and_its_entries_stay_out(ledger: Ledger, shop) -> None:  # type: ignore[no-untyped-def]
    till, token = shop
    sell(till, None, ("general", 100))
    from ledger.models import Terminal

    def revoke(session):  # type: ignore[no-untyped-def]
        session.query(Terminal).update({"revoked": True})
    ledger.do(revoke)
    answer = ledger.post(token, journal_of(till))
    assert answer.status_code == 403 and "revoked" in answer.json()["message"]


def test_a_terminal_posts_only_its_own_entries(ledger: Ledger, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    till, _ = shop
    other = ledger.terminal("m1", "徐汇店", "T2")
    sell(till, None, ("general", 100))
    answer = ledger.post(other, journal_of(till))  # T1's entries with T2's token: the hashes don't hold
    assert answer.status_code == 422 and answer.json()["error"] == "tampered"
    assert ledger.get("/v1/whoami", other, held="true").json()["held_seq"] == 0


@pytest.mark.parametrize("body, fragment", [
    ("not json", "JSON"),
    ({"protocol": 2, "entries": []}, "protocol"),
    ({"protocol": 1, "entries": [], "extra": 1}, "extra"),
    ({"protocol": 1, "entries": [{"seq": "one"}]}, "entries.0"),
    ({"protocol": 1}, "entries"),
])
def test_malformed_batches_are_422_and_apply_nothing(ledger: Ledger, shop, body, fragment: str) -> None:  # type: ignore[no-untyped-def]
    _, token = shop
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    answer = ledger.client.post("/v1/batches", headers=headers, **({"content": body} if isinstance(body, str) else {"json": body}))
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "bad_input"


def test_negative_or_absurd_amounts_are_refused(ledger: Ledger, shop) -> None:  # type: ignore[no-untyped-def]
    till, token = shop
    sell(till, None, ("general", 100))
    entry = journal_of(till)[-1].model_dump() | {"points_delta": 10**18}
    answer = ledger.post(token, [entry])
    assert answer.status_code == 422 and "points_delta" in answer.json()["message"]


def test_a_batch_over_the_limit_is_413(ledger: Ledger, shop) -> None:  # type: ignore[no-untyped-def]
    till, token = shop
    entry = journal_of(till)[0].model_dump()
    assert ledger.post(token, [entry] * 501).status_code == 413
    huge = ledger.client.post("/v1/batches", content=b"x" * (9 * 1024 * 1024),
                              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert huge.status_code == 413 and huge.json()["error"] == "too_large"


def test_terminals_pull_member_changes_since_their_cursor(ledger: Ledger, shop) -> None:  # type: ignore[no-untyped-def]
    till, token = shop
    m = member(till, "13800138000")
    ledger.sync(till, token)
    first = ledger.get("/v1/changes", token, cursor=0).json()
    assert [s["id"] for s in first["members"]] == [m] and first["rules_version"]
    assert ledger.get("/v1/changes", token, cursor=first["cursor"]).json()["members"] == []
    sell(till, m, ("general", 10000))
    ledger.sync(till, token, after=journal_of(till)[-2].seq)
    later = ledger.get("/v1/changes", token, cursor=first["cursor"]).json()
    assert [(s["id"], s["balance"]) for s in later["members"]] == [(m, 550)] and later["cursor"] > first["cursor"]


def test_admin_adds_merchants_and_terminals_over_http(ledger: Ledger) -> None:
    headers = {"Authorization": f"Bearer {ledger.admin}"}
    assert ledger.client.post("/v1/merchants", json={"id": "m9", "name": "新店"}, headers=headers).status_code == 201
    again = ledger.client.post("/v1/merchants", json={"id": "m9", "name": "新店"}, headers=headers)
    assert again.status_code == 409 and again.json()["error"] == "already_exists"
    token = ledger.client.post("/v1/terminals", json={"merchant": "m9", "store": "一号店", "terminal": "A1"},
                               headers=headers).json()["token"]
    assert ledger.get("/v1/whoami", token).json()["terminal"] == "A1"
    missing = ledger.client.post("/v1/terminals", json={"merchant": "nope", "store": "x", "terminal": "A1"}, headers=headers)
    assert missing.status_code == 404


def test_the_openapi_document_is_served(ledger: Ledger) -> None:
    spec = ledger.client.get("/v1/openapi.json").json()
    assert "/v1/batches" in spec["paths"] and spec["info"]["title"] == "jifen ledger"


def test_refusals_are_logged(ledger: Ledger, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="jifen.ledger"):
        ledger.client.get("/v1/whoami", headers={"Authorization": "Bearer stolen"})
        ledger.client.get("/v1/settlement", params={"start": "2026-03-01", "end": "2026-03-02"},
                          headers={"Authorization": "Bearer stolen"})
    assert [r.getMessage() for r in caplog.records] == ["refused a request with an unknown terminal token",
                                                       "refused an admin request without a valid admin token"]
