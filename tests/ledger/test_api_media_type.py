"""A request body is JSON in UTF-8, uncompressed: sent as anything else it is refused with 415 saying what the ledger
takes, rather than a 422 about dictionaries or a bare 400, and nothing is stored."""

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger import db
from ledger.models import Merchant
from tests.helpers.ledger import Ledger, journal_of, open_ledger
from tests.helpers.store import new_till, sell
from terminal.home import Home

MERCHANT = json.dumps({"id": "m9", "name": "新店"}, ensure_ascii=False).encode()
AS_JSON = {"error": "unsupported_media_type", "message": "send the body as application/json"}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Ledger]:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    yield open_ledger(engine)
    engine.dispose()


def _merchants(api: Ledger) -> list[str]:
    with api.session() as s:
        return [m.id for m in s.query(Merchant)]


def _post(api: Ledger, body: bytes, **headers: str) -> object:
    return api.client.post("/v1/merchants", content=body, headers={"Authorization": f"Bearer {api.admin}"} | headers)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "text/json"])
def test_json_sent_as_something_else_is_415(api: Ledger, content_type: str | None) -> None:
    answer = _post(api, MERCHANT, **({"Content-Type": content_type} if content_type else {}))
    assert (answer.status_code, answer.json()) == (415, AS_JSON)  # type: ignore[attr-defined]
    assert _merchants(api) == []


def test_a_gzipped_body_is_415_saying_uncompressed(api: Ledger) -> None:
    answer = _post(api, gzip.compress(MERCHANT), **{"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert answer.status_code == 415 and answer.json() == {  # type: ignore[attr-defined]
        "error": "unsupported_media_type",
        "message": "send the body as application/json, uncompressed: the ledger takes no Content-Encoding"}
    assert _merchants(api) == []


def test_a_gbk_body_is_415_saying_utf8(api: Ledger) -> None:
    answer = _post(api, json.dumps({"id": "m9", "name": "新店"}, ensure_ascii=False).encode("gbk"),
                   **{"Content-Type": "application/json; charset=gbk"})
    assert answer.status_code == 415 and answer.json() == {  # type: ignore[attr-defined]
        "error": "unsupported_media_type",
        "message": "send the body as application/json in UTF-8 (charset=utf-8, or no charset)"}
    assert _merchants(api) == []


@pytest.mark.parametrize("content_type, body", [
    ("application/json", MERCHANT),
    ("application/json; charset=utf-8", MERCHANT),
    ("Application/JSON;charset=UTF-8", MERCHANT),
    ("application/json", b"\xef\xbb\xbf" + MERCHANT),
])
def test_json_in_utf8_is_taken_as_before(api: Ledger, content_type: str, body: bytes) -> None:
    answer = _post(api, body, **{"Content-Type": content_type})
    assert answer.status_code == 201, answer.text  # type: ignore[attr-defined]
    assert _merchants(api) == ["m9"]


def test_a_batch_sent_as_text_is_415_and_stays_pending(api: Ledger, tmp_path: Path) -> None:
    api.merchant("m1")
    token = api.terminal("m1", "静安店", "T1")
    till = new_till(Home(tmp_path / "T1"))
    sell(till, None, ("general", 100))
    body = json.dumps({"protocol": 1, "entries": [e.model_dump() for e in journal_of(till)]}).encode()
    till.close()
    answer = api.client.post("/v1/batches", content=body, headers={"Authorization": f"Bearer {token}",
                                                                     "Content-Type": "text/plain"})
    assert (answer.status_code, answer.json()) == (415, AS_JSON)
    assert api.get("/v1/whoami", token, held="true").json()["held_seq"] == 0


def test_a_body_without_a_token_is_still_401_first(api: Ledger) -> None:
    answer = api.client.post("/v1/merchants", content=MERCHANT, headers={"Content-Type": "text/plain"})
    assert answer.status_code == 401


@pytest.mark.parametrize("body", [b'{"id": "m9", "name": "\xff"}', "{\"id\": \"m9\", \"name\": \"新店\"}".encode("gbk")])
def test_a_body_said_to_be_utf8_but_not_is_422(api: Ledger, body: bytes) -> None:
    answer = _post(api, body, **{"Content-Type": "application/json"})
    assert answer.status_code == 422 and answer.json() == {  # type: ignore[attr-defined]
        "error": "bad_input", "message": "the body is not JSON in UTF-8"}
    assert _merchants(api) == []
