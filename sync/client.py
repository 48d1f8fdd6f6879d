"""Talking to the ledger over HTTP: one request at a time, a clear outcome for every failure.

A link failure (no connection, timeout, a 5xx) is ``LinkDown``: normal for a shop, retried later.
A refusal (4xx) is ``LedgerRefused`` with the ledger's code and message: it needs a person.
"""

from datetime import date
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from sync.protocol import (
    PROTOCOL,
    Batch,
    BatchAnswer,
    Catalog,
    Changes,
    ClaimAnswer,
    ClaimRequest,
    MallTakes,
    WhoAmI,
    WireEntry,
)

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 60.0
Answer = TypeVar("Answer", bound=BaseModel)


class TerminalTotals(BaseModel):
    """One terminal's totals in a merchant report (the fields of `report day` the app shows)."""

    store: str
    terminal: str
    sales: int
    gross_fen: int
    cash_fen: int
    card_fen: int
    points_paid_fen: int
    refunds: int
    refunds_fen: int
    points_earned: int
    points_bonus: int
    points_redeemed: int
    members_served: int
    new_members: int


class MerchantReport(BaseModel):
    """GET /v1/merchant/reports/day: the terminal's own merchant, for a day or a period."""

    merchant: str
    date: str
    until: str
    sales: int
    gross_fen: int
    points_earned: int
    points_redeemed: int
    points_expired: int
    liability_points: int
    terminals: list[TerminalTotals] = []


class LinkDown(Exception):
    """The ledger could not be reached, or did not answer properly; try again later."""


class LedgerRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


_SNAPSHOT_SHAPE = {"snapshot": "2"}  # members' growth by day and used coupons, which ledgers send only when asked
_WITH_ZONE = {"timezone": "true"}  # the merchant's time zone, which ledgers send only when asked (older ones never)


class LedgerClient:
    def __init__(self, url: str, token: str, verify: bool | str = True, session: requests.Session | None = None) -> None:
        self.url = url.rstrip("/")
        self._session = session or requests.Session()
        self._session.headers.update({"Authorization": f"Bearer {token}", "User-Agent": f"jifen-terminal/{PROTOCOL}"})
        self._verify = verify

    def _call(self, method: str, path: str, answer: type[Answer], **kwargs: Any) -> Answer:
        try:
            response = self._session.request(method, self.url + path, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                                             verify=self._verify, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise LedgerRefused(0, "tls", f"the ledger's certificate cannot be trusted ({exc}); a ledger with a private "
                                          "certificate needs its authority: jifen ledger connect URL --ca FILE") from None
        except requests.RequestException as exc:
            raise LinkDown(f"cannot reach the ledger at {self.url} ({type(exc).__name__})") from None
        except OSError as exc:  # requests' own check of the certificate authority file, before any connection
            raise LedgerRefused(0, "tls", f"the certificate authority {self._verify} cannot be used ({exc})") from None
        if response.status_code >= 500:
            raise LinkDown(f"the ledger answered {response.status_code}")
        if response.status_code >= 400:
            try:
                problem = response.json()
                code, message = str(problem["error"]), str(problem["message"])
            except (ValueError, KeyError, TypeError):
                code, message = "refused", response.text[:200]
            raise LedgerRefused(response.status_code, code, message)
        try:
            return answer.model_validate_json(response.content)
        except ValidationError:
            raise LinkDown("the ledger's answer was cut short or is not what protocol 1 expects") from None

    def _get_unless_missing(self, path: str, answer: type[Answer], params: dict[str, Any] | None = None) -> Answer | None:
        """None from a ledger older than the route (404), so a terminal upgraded before its ledger keeps syncing."""
        try:
            return self._call("GET", path, answer, params=params)
        except LedgerRefused as refused:
            if refused.status == 404:
                return None
            raise

    def whoami(self, held: bool = False, at: int | None = None) -> WhoAmI:
        """Who the ledger takes this token for, and its merchant's time zone (None from a ledger that does not
        say); with ``held``, up to which entry it holds this terminal's (a ledger restored from a backup may
        hold fewer than it acknowledged); with ``at``, the hashes of its last entry and of entry ``at`` (None
        from a ledger that does not say)."""
        return self._call("GET", "/v1/whoami", WhoAmI, params={**_WITH_ZONE, **({"held": "true"} if held else {}),
                                                               **({} if at is None else {"at": at})})

    def post_batch(self, entries: list[WireEntry]) -> BatchAnswer:
        body = Batch(protocol=1, entries=entries).model_dump_json()
        return self._call("POST", "/v1/batches", BatchAnswer, data=body, headers={"Content-Type": "application/json"},
                          params=_SNAPSHOT_SHAPE)

    def changes(self, cursor: int) -> Changes:
        return self._call("GET", "/v1/changes", Changes, params={"cursor": cursor, **_SNAPSHOT_SHAPE})

    def merchant_report(self, day: date, until: date | None = None, by_terminal: bool = True) -> MerchantReport:
        params: dict[str, str] = {"day": day.isoformat()}
        if until is not None:
            params["until"] = until.isoformat()
        if by_terminal:
            params["by"] = "terminal"
        return self._call("GET", "/v1/merchant/reports/day", MerchantReport, params=params)

    def mall_catalog(self) -> Catalog | None:
        return self._get_unless_missing("/v1/mall/catalog", Catalog)

    def mall_takes(self, cursor: int | None = None) -> MallTakes | None:
        """Members' takes of mall items over every terminal that changed after ``cursor`` (None: all of the
        limited items', as the first terminals asked). None from a ledger without the route: the terminal
        then counts what it has seen itself."""
        return self._get_unless_missing("/v1/mall/takes", MallTakes, {} if cursor is None else {"cursor": cursor})

    def claim(self, offer: str, member_id: str) -> ClaimAnswer:
        body = ClaimRequest(offer=offer, member_id=member_id).model_dump_json()
        return self._call("POST", "/v1/mall/claims", ClaimAnswer, data=body, headers={"Content-Type": "application/json"},
                          params=_SNAPSHOT_SHAPE)
