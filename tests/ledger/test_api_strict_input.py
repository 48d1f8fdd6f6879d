"""The API takes each value in its one documented form: a date only as YYYY-MM-DD, an integer only as a JSON
integer. Read any other way it would answer quietly about something else (a Unix timestamp taken for a date)."""

from typing import Any

import pytest

from tests.helpers.ledger import Ledger


@pytest.mark.parametrize("day", ["1795996800", "0", "20261124", "2026-1-5", "2026-02-30", "2026-11-30T00:00:00",
                                 "２０２６-１１-３０"])
def test_a_report_day_not_written_yyyy_mm_dd_is_refused(api: Ledger, day: str) -> None:
    answer = api.get("/v1/reports/day", merchant="m1", day=day)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"error": "bad_input", "message": "query.day: give a date as YYYY-MM-DD, e.g. 2026-03-01"}


def test_every_date_parameter_takes_only_yyyy_mm_dd(api: Ledger) -> None:
    token = api.terminal("m1", "静安店", "T1")
    asked = [("/v1/reports/day", None, {"merchant": "m1", "day": "2026-11-30", "until": "1795996800"}, "until"),
             ("/v1/merchant/reports/day", token, {"day": "0"}, "day"),
             ("/v1/merchant/reports/day", token, {"day": "2026-11-30", "until": "20261201"}, "until"),
             ("/v1/settlement", None, {"start": "1795996800", "end": "2026-12-01"}, "start"),
             ("/v1/settlement", None, {"start": "2026-11-30", "end": "0"}, "end")]
    for path, who, params, wrong in asked:
        answer = api.get(path, who, **params)
        assert answer.status_code == 422 and answer.json()["message"].startswith(f"query.{wrong}: "), (path, answer.text)
        assert "YYYY-MM-DD" in answer.json()["message"]


def test_a_day_written_yyyy_mm_dd_is_answered(api: Ledger) -> None:
    answer = api.get("/v1/reports/day", merchant="m1", day="2026-11-30", until="2026-12-01")
    assert answer.status_code == 200, answer.text
    assert api.get("/v1/settlement", start="2026-11-30", end="2026-12-01").status_code == 200


def _post(api: Ledger, path: str, body: dict[str, Any]) -> Any:
    return api.client.post(path, json=body, headers={"Authorization": f"Bearer {api.admin}"})


@pytest.mark.parametrize("fen_per_point", ["5", 5.0, True])
def test_a_merchants_fen_per_point_must_be_an_integer(api: Ledger, fen_per_point: Any) -> None:
    answer = _post(api, "/v1/merchants", {"id": "m9", "name": "新店", "fen_per_point": fen_per_point})
    assert answer.status_code == 422 and answer.json()["error"] == "bad_input", answer.text
    assert answer.json()["message"].startswith("body.fen_per_point: ")
    assert _post(api, "/v1/merchants", {"id": "m9", "name": "新店", "fen_per_point": 5}).status_code == 201


@pytest.mark.parametrize("path, body, wrong", [
    ("/v1/mall/stock", {"merchant": "m1", "item": "cup", "store": "静安店", "stock": "3"}, "stock"),
    ("/v1/mall/stock", {"merchant": "m1", "item": "cup", "store": "静安店", "stock": 3.0}, "stock"),
    ("/v1/mall/offers", {"merchant": "m1", "id": "o1", "title": "券", "points": "100", "starts_at": "2026-01-01",
                         "ends_at": "2026-12-31", "codes": ["A1"]}, "points"),
    ("/v1/terminals", {"merchant": "m1", "store": 7, "terminal": "T9"}, "store"),
])
def test_admin_bodies_take_numbers_and_text_only_as_such(api: Ledger, path: str, body: dict[str, Any],
                                                        wrong: str) -> None:
    answer = _post(api, path, body)
    assert answer.status_code == 422 and answer.json()["message"].startswith(f"body.{wrong}: "), answer.text


@pytest.mark.parametrize("path, name", [("/v1/changes", "cursor"), ("/v1/mall/takes", "cursor"), ("/v1/whoami", "at")])
@pytest.mark.parametrize("value", ["1.0", " 1", "+1", "1_000", "-1", "4611686018427387905"])
def test_a_cursor_or_sequence_number_only_in_digits(api: Ledger, path: str, name: str, value: str) -> None:
    token = api.terminal("m1", "静安店", "T1")
    answer = api.get(path, token, **{name: value})
    assert answer.status_code == 422, answer.text
    assert answer.json()["message"] == f"query.{name}: give a whole number from 0 to 4611686018427387904 in the digits 0-9, e.g. 42"
    assert api.get(path, token, **{name: "0"}).status_code == 200
