"""Talking to the ledger over HTTP: one request at a time, a clear outcome for every failure.

A link failure (no connection, timeout, a 5xx) is ``LinkDown``: normal for a shop, retried later. So is a ledger
whose database cannot store anything now (its 503s), as ``LedgerCannotStore``, which says so: its operator must act.
A refusal (4xx) is ``LedgerRefused`` with the ledger's code and message: it needs a person. So is an address
that is no ledger (plain HTTP asked for https, a web page), with status 0: the terminal's own words.
"""

import math
import ssl
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from sync.deadline import Deadline, with_deadlines
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
from terminal.lang import say

CONNECT_TIMEOUT = 3.0
# The whole exchange, answer included. A batch of 500 entries is some 300 KB sent and up to 300 KB of members
# back: 20 s on a 256 kbit/s shop line, 40 s on a 128 kbit/s one; the ledger takes about a second more.
ANSWER_DEADLINE = 60.0
Answer = TypeVar("Answer", bound=BaseModel)


class StoreTotals(BaseModel):
    """One store's totals in a merchant report (the fields of `report day` the app shows)."""

    store: str
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


class TerminalTotals(StoreTotals):
    """One terminal's totals in a merchant report, and its cashiers' (each a `report day`'s fields, named as at the
    terminal: wang at T1 and wang at T2 need not be one person)."""

    terminal: str
    cashiers: dict[str, dict[str, int]] = {}


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
    members_served: int = 0
    terminals: list[TerminalTotals] = []
    stores: list[StoreTotals] = []  # none from a ledger before they were reported


class Said(Exception):
    """A problem told in English and Chinese; ``message`` in the language of the locale, ``str()`` the English."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh

    @property
    def message(self) -> str:
        return say(self.en, self.zh)


class LinkDown(Said):
    """The ledger could not be reached, or did not answer properly; try again later."""


class AnswerLate(LinkDown):
    """The whole answer did not arrive within the deadline: on a slow line, a smaller batch may."""


class LedgerCannotStore(LinkDown):
    """The ledger answered, but its database cannot store anything now (``reason``, its code: full, or out of its
    reach): entries stay pending and go later, and it is the ledger's operator who can help, not the shop's network."""

    def __init__(self, en: str, zh: str, reason: str, retry_after: int | None = None) -> None:
        super().__init__(en, zh)
        self.reason = reason
        self.retry_after = retry_after  # seconds the ledger asked to be left alone (Retry-After); None: it did not say


# The ledger's 503 codes (ledger/api.py), as the terminal says them
CANNOT_STORE = {"database_full": ("its database is full", "其数据库已满"),
                "database_read_only": ("its database takes no writes, on a read-only disk or a standby server",
                                       "其数据库不接受写入，磁盘只读或为备用服务器"),
                "unavailable": ("its database is unavailable", "其数据库无法使用")}


class LedgerRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


# members' growth by day, used coupons, earning sales, who granted each lot: sent only when asked
_SNAPSHOT_SHAPE = {"snapshot": "4"}
_WITH_ZONE = {"timezone": "true"}  # the merchant's time zone, which ledgers send only when asked (older ones never)
_JSON = {"Content-Type": "application/json"}
# What OpenSSL says when the other end answers a TLS greeting with plain HTTP.
_NOT_TLS = {"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST", "UNKNOWN_PROTOCOL"}


def _json_body(message: BaseModel) -> bytes:
    """UTF-8 bytes, never a str: requests before 2.32 counted a str's characters for Content-Length, so a Chinese
    name cut the JSON short and the ledger refused the batch (422) at every sync."""
    return message.model_dump_json().encode("utf-8")


def _ssl_error(failure: BaseException) -> ssl.SSLError | None:
    """The ssl module's own error, under the wrappings of requests and urllib3."""
    seen: object = failure
    for _ in range(5):
        if isinstance(seen, ssl.SSLError):
            return seen
        args = getattr(seen, "args", ())
        seen = getattr(seen, "reason", None) or (args[0] if args else None)
    return None


def _kind_of(response: requests.Response) -> str:
    """``json`` (every answer of a ledger is), ``cut`` (headers cut short: none, or the start of a JSON one), or
    ``other`` (a web page at the address, say)."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind.endswith("json"):
        return "json"
    return "cut" if "application/json".startswith(kind) else "other"


def _date_of(response: requests.Response) -> datetime | None:
    try:
        return parsedate_to_datetime(response.headers["Date"])
    except (KeyError, TypeError, ValueError):
        return None


def _http_date(value: str) -> datetime | None:
    """An HTTP-date, in UTC (RFC 9110: always GMT, though an obsolete form may not say so); None for anything else."""
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


LONGER_THAN_ANY_CLOCK = 10**15  # seconds: a Retry-After of more digits (int() refuses past 4,300)


def retry_after(value: str | None, said_at: datetime | None, now: datetime) -> int | None:
    """Retry-After (RFC 9110 §10.2.3) in whole seconds: delay-seconds (digits only), or an HTTP-date counted from the
    answer's Date (``said_at``, the server's clock; else this till's ``now``), 0 when it has passed. None when it is
    absent or neither (a negative or fractional number, words); LONGER_THAN_ANY_CLOCK for more digits than that."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit():
        return int(value) if len(value) <= 15 else LONGER_THAN_ANY_CLOCK
    when = _http_date(value) if value else None
    if when is None:
        return None
    base = said_at or now
    return max(0, math.ceil((when - (base if base.tzinfo is not None else base.replace(tzinfo=UTC))).total_seconds()))


class LedgerClient:
    def __init__(self, url: str, token: str, verify: bool | str = True, session: requests.Session | None = None) -> None:
        self.url = url.rstrip("/")
        self._session = with_deadlines(session or requests.Session())
        self._session.headers.update({"Authorization": f"Bearer {token}", "User-Agent": f"jifen-terminal/{PROTOCOL}"})
        self._verify = verify
        self.ledger_time: datetime | None = None  # the ledger's clock, as the Date of its last answer said

    def _call(self, method: str, path: str, answer: type[Answer], **kwargs: Any) -> Answer:
        with Deadline(ANSWER_DEADLINE) as deadline:
            try:
                response = self._session.request(method, self.url + path, timeout=(CONNECT_TIMEOUT, ANSWER_DEADLINE),
                                                 verify=self._verify, **kwargs)
            except requests.RequestException as exc:
                raise self._failure(exc, deadline) from None
            except OSError as exc:  # requests' own check of the certificate authority file, before any connection
                raise LedgerRefused(0, "tls", f"the certificate authority {self._verify} cannot be used ({exc})") from None
        if response.status_code == 503:
            self._raise_if_cannot_store(response)
        if response.status_code >= 500:
            raise LinkDown(f"the ledger answered {response.status_code}", f"总账应答出错（{response.status_code}）")
        kind = _kind_of(response)
        if kind == "cut":
            raise LinkDown("the ledger's answer was cut short", "总账的应答不完整")
        if kind == "other":
            raise LedgerRefused(0, "not_a_ledger", f"{self.url} answers (HTTP {response.status_code}), but it is not a "
                                                   "jifen ledger: check the address and the path")
        self.ledger_time = _date_of(response) or self.ledger_time
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
            raise LinkDown("the ledger's answer was cut short or is not what protocol 1 expects",
                           "总账的应答不完整，或不符合协议 1") from None

    def _raise_if_cannot_store(self, response: requests.Response) -> None:
        """A 503 in which the ledger itself says its database cannot store anything now; not a proxy's 503 page."""
        try:
            code = response.json()["error"] if _kind_of(response) == "json" else None
        except (ValueError, KeyError, TypeError):
            code = None
        if not isinstance(code, str) or code not in CANNOT_STORE:
            return
        why, why_zh = CANNOT_STORE[code]
        asked = retry_after(response.headers.get("Retry-After"), _date_of(response), datetime.now(UTC))
        raise LedgerCannotStore(f"the ledger at {self.url} answers, but cannot store anything now: {why} (tell the "
                                "ledger's operator)", f"总账 {self.url} 有应答，但现在无法存储任何记录：{why_zh}（请告知总账管理员）",
                                code, asked)

    def _failure(self, failure: requests.RequestException, deadline: Deadline) -> Exception:
        if deadline.expired.is_set() or isinstance(failure, requests.exceptions.ReadTimeout):
            return AnswerLate(f"the ledger at {self.url} did not answer within {deadline.seconds:.0f} s",
                              f"总账 {self.url} 在 {deadline.seconds:.0f} 秒内没有应答")
        if not isinstance(failure, requests.exceptions.SSLError):
            return LinkDown(f"cannot reach the ledger at {self.url} ({type(failure).__name__})",
                            f"无法连接总账 {self.url}（{type(failure).__name__}）")
        cause = _ssl_error(failure)
        if isinstance(cause, ssl.SSLCertVerificationError):
            return LedgerRefused(0, "tls", f"the ledger's certificate cannot be trusted ({failure}); a ledger with a "
                                           "private certificate needs its authority: jifen ledger connect URL --ca FILE")
        if cause is not None and cause.reason in _NOT_TLS:
            plain = "http://" + self.url.split("://", 1)[-1]
            return LedgerRefused(0, "tls", f"{self.url} does not speak TLS (https): check the address, maybe {plain}")
        return LinkDown(f"cannot reach the ledger at {self.url} (TLS: {cause or failure})",
                        f"无法连接总账 {self.url}（TLS：{cause or failure}）")

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
                                                               **({} if at is None else {"at": at, "gap": "true"})})

    def post_batch(self, entries: list[WireEntry]) -> BatchAnswer:
        return self._call("POST", "/v1/batches", BatchAnswer, data=_json_body(Batch(protocol=1, entries=entries)),
                          headers=_JSON, params=_SNAPSHOT_SHAPE)

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
        claim = ClaimRequest(offer=offer, member_id=member_id)
        return self._call("POST", "/v1/mall/claims", ClaimAnswer, data=_json_body(claim), headers=_JSON,
                          params=_SNAPSHOT_SHAPE)
