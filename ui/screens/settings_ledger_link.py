"""Connecting to a ledger the way `jifen ledger connect` does, on its steps (sync.connect), without Qt: check the
address and the token with the ledger (whoami), refuse a token that belongs to another terminal, a store made anew
under a terminal id whose journal the ledger holds, a ledger whose merchant keeps another time zone than the store,
or one whose catalog would replace gifts the shop added itself, then record the link and keep the token (and
the certificate authority of a ledger with a private one), and warn of a ledger on another machine over plain
http:// in the command line's words. What is refused is raised as a LedgerProblem, which the screens word."""

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from sync import connect
from sync.client import UNKNOWN_AUTHORITY, LedgerClient, LedgerRefused, LinkDown
from sync.connect import PLAIN_HTTP, plain_over_network
from sync.protocol import WhoAmI
from sync.link_files import trust_for
from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.lang import say

ProblemKind = Literal["bad_url", "no_token", "offline", "refused", "other_terminal", "other_zone", "untrusted",
                      "tls", "bad_ca", "gifts_left"]
Answer = TypeVar("Answer")


class LedgerProblem(Refused):
    """Why the ledger was not connected; the screen says it in the owner's words, by ``kind``."""

    def __init__(self, kind: ProblemKind, detail: str = "") -> None:
        code = {"bad_url": "bad_input", "no_token": "bad_input", "bad_ca": "bad_input", "offline": "offline",
                "other_zone": "timezone_mismatch"}.get(kind, "ledger_refused")
        super().__init__(code, f"{kind}: {detail}", f"{kind}：{detail}")
        self.kind, self.detail = kind, detail


@dataclass(frozen=True)
class Identity:
    merchant: str
    terminal: str
    timezone: str  # the store's


def clean_url(url: str) -> str:
    try:
        return connect.clean_url(url)
    except connect.NotALedgerUrl:
        raise LedgerProblem("bad_url", url.strip().rstrip("/")) from None


def _asking(call: Callable[[], Answer]) -> Answer:
    try:
        return call()
    except LinkDown as down:
        raise LedgerProblem("offline", down.message) from None
    except LedgerRefused as refused:
        if refused.code == "tls":
            raise _not_trusted(refused) from None
        if refused.status == 0:  # the address is no ledger's (not_a_ledger, not_http, wrong_path): not the token
            raise LedgerProblem("offline", refused.said) from None
        raise LedgerProblem("refused", refused.said) from None
    except connect.ZoneMismatch as other:
        raise LedgerProblem("other_zone", other.theirs) from None
    except connect.GiftsLeftBehind as left:
        items = left.items
        raise LedgerProblem("gifts_left", ", ".join(items[:5]) + (f", … ({len(items)})" if len(items) > 5 else "")) \
            from None


def _not_trusted(refused: LedgerRefused) -> LedgerProblem:
    """``untrusted`` (choose a certificate authority file) only for a certificate signed by an authority this
    terminal does not know; any other TLS failure (expired, not yet valid, made for another name, no TLS at all)
    is ``tls``, in the link's own words: no authority file would help."""
    cause = _verification(refused)
    if cause is not None and cause.verify_code in UNKNOWN_AUTHORITY:
        return LedgerProblem("untrusted", cause.verify_message)
    return LedgerProblem("tls", refused.said)


def _verification(refused: LedgerRefused) -> ssl.SSLCertVerificationError | None:
    """The ssl module's refusal of the certificate behind the client's words, if that is what it was."""
    cause: BaseException | None = refused.__context__
    for _ in range(8):  # requests' error, urllib3's, the ssl module's
        if cause is None or isinstance(cause, ssl.SSLCertVerificationError):
            return cause
        inner = [c for c in (*cause.args, getattr(cause, "reason", None)) if isinstance(c, BaseException)]
        cause = inner[0] if inner else None
    return None


def ask_ledger(url: str, token: str, verify: bool | str = True, at: int | None = None) -> WhoAmI:
    """Who the ledger at ``url`` takes this token for (network only); ``verify``: the certificate authority
    kept at an earlier connect (``trust_for``); ``at``: also how far it holds the terminal's entries, and its
    hash of entry ``at``."""
    url, token = clean_url(url), token.strip()
    if not token:
        raise LedgerProblem("no_token")
    client = LedgerClient(url, token, verify=verify)
    return _asking(lambda: client.whoami(held=at is not None, at=at))


def check_identity(me: WhoAmI, expected: Identity) -> None:
    if (me.merchant, me.terminal) != (expected.merchant, expected.terminal):
        raise LedgerProblem("other_terminal", f"{me.merchant} / {me.terminal}")


def check_zone(me: WhoAmI, store_zone: str) -> None:
    """Refused (``other_zone``, with the merchant's zone) when the ledger's merchant keeps another time zone
    than the store: the two would put sales on different days. A ledger that does not say is not checked."""
    _asking(lambda: connect.check_zone(me, store_zone))


def read_authority(path: str) -> bytes:
    """The certificate authority file given for a ledger with a private certificate (disk: off the UI thread)."""
    try:
        return connect.read_authority(path)
    except connect.BadAuthority:
        raise LedgerProblem("bad_ca", path) from None


def ask_to_join(till: Till, url: str, token: str, ca: str, expected: Identity,
                gifts_may_go: bool = False) -> tuple[WhoAmI, bytes | None]:
    """`jifen ledger connect`'s checks (sync.connect.check_ledger), after the app's own of the token's terminal
    (``other_terminal``, named as the ledger knows it) (network; disk for ``ca``, the certificate authority file
    given, if any): who the ledger takes the token for, and the certificate authority read, for ``remember_link``."""
    pem = read_authority(ca) if ca else None
    verify = ca or trust_for(till, clean_url(url))
    check_identity(ask_ledger(url, token, verify), expected)
    me = _asking(lambda: connect.check_ledger(till, clean_url(url), token.strip(), verify, gifts_may_go))
    return me, pem


def remember_link(till: Till, url: str, token: str, ca: bytes | None = None) -> Syncer:
    """Record the link in the store and keep the token beside it, and ``ca``, the certificate authority of a
    ledger with a private certificate, where `jifen ledger connect --ca` keeps it (store only); the syncer to run."""
    return connect.record_link(till, clean_url(url), token, ca)


def plain_http_warning(url: str) -> str | None:
    """What `jifen ledger connect` warns of a ledger on another machine over plain http:// (the token and the
    members' data cross the network unencrypted), in the app's language; None for https:// and this machine."""
    return say(*PLAIN_HTTP) if plain_over_network(url) else None
