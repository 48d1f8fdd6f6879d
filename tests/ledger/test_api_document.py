"""The served OpenAPI document is enough to write a client from: every route says what it does and which token it
needs, and every refusal it documents is the {"error", "message"} body the ledger really sends."""

from typing import Any

import pytest

from tests.helpers.ledger import Ledger

PROBLEM = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture
def spec(api: Ledger) -> dict[str, Any]:
    return dict(api.client.get("/v1/openapi.json").json())


def _operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_route_says_what_it_does(spec: dict[str, Any]) -> None:
    undescribed = [name for name, op in _operations(spec) if len(op.get("description", "")) < 40]
    assert undescribed == []


def test_every_route_with_a_token_says_which(spec: dict[str, Any]) -> None:
    for name, op in _operations(spec):
        if "/health" not in name:
            assert "Needs a terminal's token" in op["description"] or "Needs an admin token" in op["description"], name
            assert {"401", "403", "503"} <= set(op["responses"]), name


def test_every_documented_refusal_is_a_problem_body(spec: dict[str, Any]) -> None:
    for name, op in _operations(spec):
        for status, answer in op["responses"].items():
            if int(status) >= 400 and not name.startswith("HEAD"):
                assert answer["content"]["application/json"]["schema"] == PROBLEM, (name, status)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_head_on_health_documents_no_body(spec: dict[str, Any]) -> None:
    answers = spec["paths"]["/v1/health"]["head"]["responses"]
    assert [answer.get("content") for answer in answers.values()] == [None, None]


def test_503_says_when_to_come_back(spec: dict[str, Any]) -> None:
    for name, op in _operations(spec):
        assert "Retry-After" in op["responses"]["503"]["headers"], name


def test_the_batch_route_documents_its_rules(spec: dict[str, Any]) -> None:
    said = spec["paths"]["/v1/batches"]["post"]["description"]
    for rule in ("(terminal, seq)", "duplicate", "conflict", "held", "gap", "500", "8 MB", "one transaction"):
        assert rule in said, rule
    changes = spec["paths"]["/v1/changes"]["get"]["description"]
    for rule in ("cursor", "ahead", "more"):
        assert rule in changes, rule


def test_the_docs_page_needs_nothing_from_outside(api: Ledger) -> None:
    page = api.client.get("/v1/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<a href="/v1/openapi.json">' in page.text and "POST /v1/batches" in page.text
    assert "(terminal, seq)" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text
