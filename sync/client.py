"""Talking to the ledger over HTTP: one request at a time, a clear outcome for every failure.

A link failure (no connection, timeout, a proxy's 502/503/504) is ``LinkDown``: normal for a shop, retried later. So
is a ledger whose database cannot store anything now (its 503s), as ``LedgerCannotStore``, and a ledger that failed
(its 500s, a bug), as ``LedgerFailed``, each saying so: the ledger's operator must act.
A refusal (4xx) is ``LedgerRefused`` with the ledger's code and message: it needs a person. So is an address
that is no ledger (plain HTTP asked for https, a web page), with status 0: the terminal's own words.
"""

import ipaddress
import math
import re
import socket
import ssl
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from http.client import BadStatusLine
from typing import Any, TypeVar
from urllib.parse import urlsplit

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


class LedgerFailed(LinkDown):
    """The ledger answered, but failed (a 500: a bug at the ledger, ``status``): entries stay pending and are sent
    again later, as after a link failure, and it is whoever runs the ledger who can help, not the shop's network."""

    def __init__(self, en: str, zh: str, status: int) -> None:
        super().__init__(en, zh)
        self.status = status


# What a proxy (nginx, a load balancer) in front of a ledger it cannot reach answers, and what it means
_GATEWAY = {502: ("bad gateway: the ledger behind it does not answer", "网关错误：其后的总账没有应答"),
            503: ("service unavailable: the ledger behind it is down or overloaded", "服务不可用：其后的总账已停止或过载"),
            504: ("gateway timeout: the ledger behind it did not answer in time", "网关超时：其后的总账没有及时应答")}
UNSUPPORTED_MEDIA = "unsupported_media_type"  # ledger.media_type.UNSUPPORTED: the till does not load the ledger's code
# The ledger's 503 codes (ledger/api.py), as the terminal says them
CANNOT_STORE = {"database_full": ("its database is full", "其数据库已满"),
                "database_read_only": ("its database takes no writes, on a read-only disk or a standby server",
                                       "其数据库不接受写入，磁盘只读或为备用服务器"),
                "unavailable": ("its database is unavailable", "其数据库无法使用"),
                "busy": ("it is busy, its database did not answer in time", "总账繁忙，其数据库未及时应答")}


def cannot_store_words(code: str) -> tuple[str, str]:
    """Why the ledger cannot store anything now (its 503 code), and who can help: a busy ledger most often passes
    by itself; the others wait for its operator."""
    why, why_zh = CANNOT_STORE.get(code, CANNOT_STORE["unavailable"])
    if code == "busy":
        return f"{why} (sync again in a minute; if it stays busy, tell the ledger's operator)", \
            f"{why_zh}（请过一分钟再同步；如一直繁忙，请告知总账管理员）"
    return f"{why} (tell the ledger's operator)", f"{why_zh}（请告知总账管理员）"


class LedgerRefused(Exception):
    """``message``: the ledger's words, or (status 0) the terminal's own, in English; ``zh``: those in Chinese (for the
    ledger's, the till's words for its code: the ledger answers in English only)."""

    def __init__(self, status: int, code: str, message: str, zh: str | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message
        self.zh = zh or message

    @property
    def said(self) -> str:
        """The words in the language of the locale."""
        return say(self.message, self.zh)

    @property
    def reason(self) -> tuple[str, str]:
        """Why the ledger refused, to follow "the ledger refused: ": its words with its status and code, and in
        Chinese the till's words for them, neither code nor English."""
        return f"{self.message} ({self.status} {self.code})", self.zh

    @property
    def words(self) -> tuple[str, str]:
        """What happened and what the owner does about it, in English and Chinese (``sync.relay.describe``)."""
        en, zh = self.reason
        to_do_en, to_do_zh = _TO_DO.get(self.code, _TO_DO_UNKNOWN)
        return (f"the ledger refused: {en}" + (f"; {to_do_en}" if to_do_en else ""), f"总账拒绝：{zh}；{to_do_zh}")


_PENDING = "what is not sent stays pending and sales go on", "未发送的记录保持待同步，销售照常进行"
_OLDER = ("Tell the ledger's owner: most often the ledger runs an older jifen-ledger than this till's jifen; upgrade it, "
          "then sync again", "请告知总账管理员：多半是总账的 jifen-ledger 版本比本机的 jifen 旧，升级总账后再同步")
_OLDER_LEDGER = f"{_PENDING[0]}. {_OLDER[0]}", f"{_PENDING[1]}。{_OLDER[1]}"
_ASK_SUPPORT = ("; if both run the same version, call technical support with these words",
                "；如两者版本相同，请联系技术支持并告知这段话")
# The ledger does not know the terminal's token (401), and what the owner does about it: the one source of these words
UNKNOWN_TOKEN_ZH = "不认识本终端的令牌"
NEW_TOKEN = "ask the ledger's owner for a new token and run jifen ledger connect", "请向总账管理员申请新令牌并重新连接"
ALL_PENDING = "every entry stays pending", "所有记录保持待同步"
# What the owner does about each refusal of a terminal's request the ledger can answer (ledger/api.py, ledger/ingest.py),
# by its code. None: the English stays the ledger's words alone (the command line and `sync --status` add the way on
# for a refused token, by the till's store).
_TO_DO: dict[str, tuple[str | None, str]] = {
    "unauthorized": (None, f"{ALL_PENDING[1]}：{NEW_TOKEN[1]}"),
    "forbidden": (None, "本机记录的不会再发送：请告知总账管理员；如系误操作吊销，由其为本终端换发新令牌"),
    "tampered": (None, "总账未接收这批记录，同步已停止：请联系店主；jifen journal verify 可查看该条记录，总账管理员可在 "
                       "jifen-ledger report conflicts 中查看"),
    "bad_entry": ("the ledger took nothing of this batch, so syncing stops at that entry while sales go on. "
                  + _OLDER[0] + _ASK_SUPPORT[0],
                  "总账未接收这批记录中的任何一条，同步停在这条记录，销售照常进行。" + _OLDER[1] + _ASK_SUPPORT[1]),
    "too_large": (f"{_PENDING[0]}. Tell the ledger's owner: the ledger may run another version of jifen-ledger than "
                  "this till's jifen; bring both to the same version" + _ASK_SUPPORT[0],
                  f"{_PENDING[1]}。请告知总账管理员：总账的 jifen-ledger 与本机的 jifen 版本可能不一致，请升级到同一版本"
                  + _ASK_SUPPORT[1]),
}
_TO_DO_UNKNOWN = (_OLDER_LEDGER[0] + _ASK_SUPPORT[0], _OLDER_LEDGER[1] + _ASK_SUPPORT[1])
_NOT_UNDERSTOOD = "看不懂本机的请求（总账与本机的软件版本可能不一致）"


def _entry_zh(message: str) -> str:
    """The entry the ledger's message names (``entry 7``), in Chinese; "一条记录" when it names none."""
    found = re.search(r"entry (\d+)", message)
    return f"第 {found[1]} 条记录" if found else "一条记录"


def refusal_zh(code: str, message: str) -> str:
    """Why the ledger refused a terminal's request, in the till's Chinese words for its ``code`` (``message``: the
    ledger's English, read only for the entry it names), to follow "总账拒绝："."""
    if code == "unauthorized":
        return f"{UNKNOWN_TOKEN_ZH}（令牌已换发，或总账由较早的备份恢复）"
    if code == "forbidden":
        return "本终端已被总账吊销"
    if code == "tampered":
        return f"本终端的{_entry_zh(message)}在写入后被改动（内容与哈希不符）"
    if code == "bad_entry":
        return f"本终端的{_entry_zh(message)}未通过总账的检查"
    if code == "too_large":
        return "这批记录超出了总账一次接收的大小"
    if code == "conflicting":
        return "总账数据库刚刚被其他请求改动，未保存任何内容；下次同步会重新发送"
    if code in ("bad_input", UNSUPPORTED_MEDIA, "bad_request", "method_not_allowed", "not_found"):
        return _NOT_UNDERSTOOD
    return f"原因不明（总账的原话：{message}）"


# members' growth by day, used coupons, earning sales, who granted each lot: sent only when asked
_SNAPSHOT_SHAPE = {"snapshot": "4"}
_WITH_ZONE = {"timezone": "true"}  # the merchant's time zone, which ledgers send only when asked (older ones never)
_JSON = {"Content-Type": "application/json"}
# OpenSSL's verify codes (X509_V_ERR_*) for a certificate whose signer this terminal does not know
UNKNOWN_AUTHORITY = {2, 18, 19, 20, 21}
_EXPIRED, _NOT_YET_VALID, _WRONG_NAMES = 10, 9, {62, 64}
# What OpenSSL says when the other end answers a TLS greeting with plain HTTP.
_NOT_TLS = {"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST", "UNKNOWN_PROTOCOL"}


def _json_body(message: BaseModel) -> bytes:
    """UTF-8 bytes, never a str: requests before 2.32 counted a str's characters for Content-Length, so a Chinese
    name cut the JSON short and the ledger refused the batch (422) at every sync."""
    return message.model_dump_json().encode("utf-8")


def _ssl_error(failure: BaseException) -> ssl.SSLError | None:
    """The ssl module's own error, under the wrappings of requests and urllib3."""
    return next((cause for cause in _causes(failure) if isinstance(cause, ssl.SSLError)), None)


def _causes(failure: BaseException) -> list[BaseException]:
    """``failure`` and what it wraps, outermost first: requests' error, urllib3's, the socket's or the ssl module's."""
    found: list[BaseException] = []
    seen: object = failure
    while isinstance(seen, BaseException) and seen not in found and len(found) < 8:
        found.append(seen)
        inner = [c for c in (getattr(seen, "reason", None), *seen.args, seen.__cause__, seen.__context__)
                 if isinstance(c, BaseException)]
        seen = inner[0] if inner else None
    return found


def _speaks_tls(host: str, port: int) -> bool:
    """Whether ``host``:``port`` completes a TLS handshake (its certificate unchecked: only the protocol is asked)."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT) as raw, \
                context.wrap_socket(raw, server_hostname=host):
            return True
    except (OSError, ValueError):
        return False


def _kind_of(response: requests.Response) -> str:
    """``json`` (every answer of a ledger is), ``cut`` (headers cut short: none, or the start of a JSON one), or
    ``other`` (a web page at the address, say)."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind.endswith("json"):
        return "json"
    return "cut" if "application/json".startswith(kind) else "other"


def _the_ledgers_own(response: requests.Response) -> bool:
    """Whether an answer is in the ledger's own shape, JSON {"error", "message"}: not a page of a server before it."""
    if _kind_of(response) != "json":
        return False
    try:
        said = response.json()
    except ValueError:
        return False
    return isinstance(said, dict) and isinstance(said.get("error"), str) and isinstance(said.get("message"), str)


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
        self.answered_before = False  # a ledger has answered at this address (here, or in a sync that went through)

    def _call(self, method: str, path: str, answer: type[Answer], **kwargs: Any) -> Answer:
        with Deadline(ANSWER_DEADLINE) as deadline:
            try:
                response = self._session.request(method, self.url + path, timeout=(CONNECT_TIMEOUT, ANSWER_DEADLINE),
                                                 verify=self._verify, **kwargs)
            except requests.RequestException as exc:
                raise self._failure(exc, deadline) from None
            except OSError as exc:  # requests' own check of the certificate authority file, before any connection
                raise LedgerRefused(0, "tls", f"the certificate authority {self._verify} cannot be used ({exc})",
                                    f"证书颁发机构文件 {self._verify} 无法使用（{exc}）") from None
        if response.status_code == 503:
            self._raise_if_cannot_store(response)
        if response.status_code >= 500:
            raise self._server_error(response)
        kind = _kind_of(response)
        if kind == "cut":
            raise LinkDown("the ledger's answer was cut short", "总账的应答不完整")
        if kind == "other":
            raise self._web_page(response.status_code)
        self.ledger_time = _date_of(response) or self.ledger_time
        if response.status_code >= 400:
            raise self._refusal(response)
        try:
            said = answer.model_validate_json(response.content)
        except ValidationError:
            raise LinkDown("the ledger's answer was cut short or is not what protocol 1 expects",
                           "总账的应答不完整，或不符合协议 1") from None
        self.answered_before = True
        return said

    def _server_error(self, response: requests.Response) -> LinkDown:
        """A 5xx: the ledger itself failing (a 500 in its own JSON, its traceback in its log), or a server in front
        of it (a proxy's or a CDN's own page: 502, 504, a 503 or 500 page, Cloudflare's 52x) that never reached it:
        both retried later, but said apart, so that support does not chase the ledger for the network's failure, nor
        the shop's network for the ledger's."""
        status = response.status_code
        if status != 500 or not _the_ledgers_own(response):
            why, why_zh = _GATEWAY.get(status, ("", ""))
            return LinkDown(f"cannot reach the ledger at {self.url}: the server in front of it answered {status}"
                            + (f" ({why})" if why else ""),
                            f"无法连接总账 {self.url}：其前面的服务器应答 {status}" + (f"（{why_zh}）" if why_zh else ""))
        return LedgerFailed(f"the ledger at {self.url} was reached but failed (error {status}): tell whoever runs the "
                            "ledger (its log says why)",
                            f"已连接到总账 {self.url}，但总账出错（错误 {status}）：请告知总账管理员（原因见总账的日志）",
                            status)

    def _web_page(self, status: int) -> Exception:
        """A web page at the address: the network's own (a Wi-Fi login page) on an address that has answered as a
        ledger, which goes when the network does; else an address that is no ledger's."""
        if self.answered_before:
            return LinkDown(f"the network answered {self.url} with a web page (a Wi-Fi login page?)",
                            f"网络以网页应答 {self.url}（可能是 Wi-Fi 登录页？）")
        return LedgerRefused(0, "not_a_ledger", f"{self.url} answers (HTTP {status}), but it is not a jifen ledger: check "
                                                "the address and the path",
                             f"{self.url} 有应答（HTTP {status}），但不是积分总账：请检查地址和路径")

    def _refusal(self, response: requests.Response) -> LedgerRefused:
        try:
            problem = response.json()
            code, message = str(problem["error"]), str(problem["message"])
        except (ValueError, KeyError, TypeError):
            code, message = "refused", response.text[:200]
        parts = urlsplit(self.url)
        if response.status_code == 404 and code == "not_found" and parts.path not in ("", "/"):
            only = f"{parts.scheme}://{parts.netloc}"
            return LedgerRefused(0, "wrong_path", f"the address {self.url} answers, but not as a ledger: check the path "
                                                  f"after the host (give only {only})",
                                 f"地址 {self.url} 有应答，但不是总账：请检查主机后面的路径（只需填写 {only}）")
        return LedgerRefused(response.status_code, code, message, refusal_zh(code, message))

    def _raise_if_cannot_store(self, response: requests.Response) -> None:
        """A 503 in which the ledger itself says its database cannot store anything now; not a proxy's 503 page."""
        try:
            code = response.json()["error"] if _kind_of(response) == "json" else None
        except (ValueError, KeyError, TypeError):
            code = None
        if not isinstance(code, str) or code not in CANNOT_STORE:
            return
        why, why_zh = cannot_store_words(code)
        asked = retry_after(response.headers.get("Retry-After"), _date_of(response), datetime.now(UTC))
        raise LedgerCannotStore(f"the ledger at {self.url} answers, but cannot store anything now: {why}",
                                f"总账 {self.url} 有应答，但现在无法存储任何记录：{why_zh}", code, asked)

    def _failure(self, failure: requests.RequestException, deadline: Deadline) -> Exception:
        if deadline.expired.is_set() or isinstance(failure, requests.exceptions.ReadTimeout):
            return AnswerLate(f"the ledger at {self.url} did not answer within {deadline.seconds:.0f} s",
                              f"总账 {self.url} 在 {deadline.seconds:.0f} 秒内没有应答")
        if not isinstance(failure, requests.exceptions.SSLError):
            return self._unreached(failure)
        cause = _ssl_error(failure)
        if isinstance(cause, ssl.SSLCertVerificationError):
            return self._untrusted(cause)
        if cause is not None and cause.reason in _NOT_TLS:
            plain = "http://" + self.url.split("://", 1)[-1]
            return LedgerRefused(0, "tls", f"{self.url} does not speak TLS (https): check the address, maybe {plain}",
                                 f"{self.url} 不使用 TLS（https）：请检查地址，也许是 {plain}")
        why = getattr(cause, "reason", None) or "TLS"
        return LinkDown(f"cannot reach the ledger at {self.url} (TLS: {why})", f"无法连接总账 {self.url}（TLS：{why}）")

    def _unreached(self, failure: requests.RequestException) -> Exception:
        """A failure before any answer, or of one cut short, in the owner's words (no class names)."""
        causes = _causes(failure)
        parts = urlsplit(self.url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        down = f"cannot reach the ledger at {self.url}", f"无法连接总账 {self.url}"
        if any(isinstance(c, socket.gaierror) for c in causes):
            return LinkDown(f"{down[0]}: host name not found ({host})", f"{down[1]}：找不到主机名（{host}）")
        if any(isinstance(c, ConnectionRefusedError) for c in causes):
            if on_this_computer(host):
                return LinkDown(f"{down[0]}: nothing listening on port {port}: the ledger on this computer is not "
                                "running (start it: jifen-ledger serve)",
                                f"{down[1]}：端口 {port} 上没有服务在监听：本机上的总账没有运行（请启动：jifen-ledger serve）")
            return LinkDown(f"{down[0]}: nothing listening on port {port}", f"{down[1]}：端口 {port} 上没有服务在监听")
        if isinstance(failure, requests.exceptions.ConnectTimeout):
            return LinkDown(f"{down[0]}: no answer within {CONNECT_TIMEOUT:.0f} s",
                            f"{down[1]}：{CONNECT_TIMEOUT:.0f} 秒内没有应答")
        if isinstance(failure, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
            return LinkDown(f"the ledger at {self.url} answered, but the answer was cut off",
                            f"总账 {self.url} 有应答，但应答被中途切断")
        if any(isinstance(c, ConnectionResetError | BadStatusLine) for c in causes):  # RemoteDisconnected is both
            return self._closed_early(host, port)
        why = next((c.strerror for c in causes if isinstance(c, OSError) and c.strerror), "the connection failed")
        return LinkDown(f"{down[0]} ({why})", f"{down[1]}（{why}）")

    def _closed_early(self, host: str, port: int) -> Exception:
        """A connection closed before any answer: by a TLS server asked in plain HTTP, or by the network. An address
        that has answered as a ledger is not probed: the probe costs a connection (up to CONNECT_TIMEOUT) at every
        cut of a poor line."""
        if self.url.startswith("http://") and not self.answered_before and _speaks_tls(host, port):
            secure = "https://" + self.url.split("://", 1)[-1]
            return LedgerRefused(0, "not_http", f"the address {self.url} does not speak HTTP: maybe {secure}",
                                 f"地址 {self.url} 不使用 HTTP：也许是 {secure}")
        return LinkDown(f"cannot reach the ledger at {self.url}: the connection was closed before an answer",
                        f"无法连接总账 {self.url}：连接在应答前被关闭")

    def _untrusted(self, cause: ssl.SSLCertVerificationError) -> LedgerRefused:
        """A certificate TLS would not trust, said by why: expired, made for another name, or signed by an authority
        this terminal does not know (only then the hint of --ca)."""
        code, host = cause.verify_code, urlsplit(self.url).hostname or ""
        if code == _EXPIRED:
            return LedgerRefused(0, "tls", "the ledger's certificate has expired: renew it on the ledger's server",
                                 "总账的证书已过期：请在总账服务器上更新证书")
        if code == _NOT_YET_VALID:
            return LedgerRefused(0, "tls", "the ledger's certificate is not valid yet: check the clocks of this "
                                           "terminal and of the ledger's server",
                                 "总账的证书尚未生效：请检查本机和总账服务器的时钟")
        if code in _WRONG_NAMES:
            return LedgerRefused(0, "tls", f"the ledger's certificate is not made for {host}: connect with the name "
                                           "the certificate was made for, or renew it for this name",
                                 f"总账的证书不是为 {host} 签发的：请使用证书上的名称连接，或为此名称更新证书")
        if code in UNKNOWN_AUTHORITY and isinstance(self._verify, str):
            return LedgerRefused(0, "tls", f"the ledger's certificate is not signed by the certificate authority "
                                           f"{self._verify}: give the one that signed it (--ca FILE)",
                                 f"总账的证书不是由证书颁发机构 {self._verify} 签发的：请提供签发它的机构文件（--ca 文件）")
        if code in UNKNOWN_AUTHORITY:
            return LedgerRefused(0, "tls", "the ledger's certificate is signed by an authority this terminal does not "
                                           "know (a private or self-signed certificate): a ledger with a private "
                                           "certificate needs its authority: jifen ledger connect URL --ca FILE",
                                 "总账的证书由本机不认识的机构签发（私有或自签名证书）：使用私有证书的总账需提供其证书颁发机构："
                                 "jifen ledger connect URL --ca 文件")
        return LedgerRefused(0, "tls", f"the ledger's certificate cannot be trusted: {cause.verify_message}",
                             f"总账的证书不可信：{cause.verify_message}")

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

    def post_batch(self, entries: list[WireEntry], last: bool | None = None) -> BatchAnswer:
        """``last``: whether ``entries`` are all this terminal has unsent, said as ``last=1`` or ``0`` (a ledger from
        before it ignores the parameter); None: not said."""
        said = {} if last is None else {"last": "1" if last else "0"}
        return self._call("POST", "/v1/batches", BatchAnswer, data=_json_body(Batch(protocol=1, entries=entries)),
                          headers=_JSON, params={**_SNAPSHOT_SHAPE, **said})

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


def on_this_computer(host: str) -> bool:
    """A ledger addressed on this computer (a one-PC shop's): refused means it is not running, not the network."""
    host = host.lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
