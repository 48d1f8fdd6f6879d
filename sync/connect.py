"""Connecting a till to a ledger, the steps `jifen ledger connect` and the app's Settings › Ledger share: clean the
address, ask the ledger whether this store may join it (the token is this terminal's, the store is not one made
anew under a terminal id whose journal the ledger holds, the merchant keeps the store's time zone, the first sync
would not replace gifts the shop added itself), then record the link, keep the token and the certificate authority
of a ledger with a private one. What is refused is raised in the command line's words; the app says it in its own,
by the exception's type. The link's failures (LinkDown, LedgerRefused) are raised as the client raises them: each
front end words them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sync.client import LedgerClient, on_this_computer
from sync.mall import gifts_left_behind
from sync.link_files import keep_ca, read_ca, save_token, trust_for
from sync.relay import Syncer
from terminal import ledger_link
from terminal.clock import same_days
from terminal.errors import Refused

if TYPE_CHECKING:
    from sync.protocol import WhoAmI
    from terminal.bootstrap import Till


class NotALedgerUrl(Refused):
    def __init__(self, given: str) -> None:
        super().__init__("bad_input", f"'{given}' is not a ledger URL like https://ledger.example.com",
                         f"“{given}”不是总账地址，例如 https://ledger.example.com")


class BadAuthority(Refused):
    """The certificate authority file given cannot be read, or is not one (``read_ca``'s words)."""

    def __init__(self, refused: Refused) -> None:
        super().__init__(refused.code, refused.en, refused.zh)


class ZoneMismatch(Refused):
    def __init__(self, merchant: str, theirs: str, mine: str) -> None:
        super().__init__(
            "timezone_mismatch",
            f"this store keeps the time zone {mine}, but merchant {merchant} on the ledger keeps {theirs}, so "
            "the two would put sales on different days (expiry, day totals). A time zone is set when the store "
            f"or the merchant is created: connect a store made with jifen init --timezone {theirs}, or ask the "
            f"ledger's owner for a merchant made with jifen-ledger merchant add --timezone {mine}",
            f"本店时区为 {mine}，而总账中商户 {merchant} 的时区为 {theirs}，两边会把销售算在不同的日期"
            f"（积分到期、日汇总）。时区在创建门店或商户时设定：请连接以 jifen init --timezone {theirs} 创建的"
            f"门店，或请总账管理员以 jifen-ledger merchant add --timezone {mine} 建立商户")
        self.theirs = theirs


class GiftsLeftBehind(Refused):
    def __init__(self, items: list[str]) -> None:
        named = ", ".join(items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")
        named_zh = "、".join(items[:5]) + (f" 等 {len(items)} 项" if len(items) > 5 else "")
        super().__init__(
            "local_catalog",
            f"this shop's own gifts ({named}) are not in the ledger's catalog, and the first sync replaces the "
            "catalog here with the ledger's: add them at the ledger (jifen-ledger mall set) and connect again, "
            "or connect with --replace-gifts to let them go",
            f"本店自建的礼品（{named_zh}）不在总账的商品目录中，首次同步会以总账目录替换本地目录："
            "请先在总账中添加（jifen-ledger mall set）再连接，或加 --replace-gifts 放弃这些礼品")
        self.items = items


def clean_url(url: str) -> str:
    """The ledger's address without surrounding blanks or a trailing slash; NotALedgerUrl when it is not one."""
    cleaned = url.strip().rstrip("/")
    try:
        host = urlsplit(cleaned).hostname
    except ValueError:  # a port that is not a number, a broken IPv6 address
        host = None
    if not cleaned.startswith(("https://", "http://")) or not host:
        raise NotALedgerUrl(url)
    return cleaned


def read_authority(path: str) -> bytes:
    """The certificate authority file given for a ledger with a private certificate (disk)."""
    try:
        return read_ca(path)
    except Refused as refused:
        raise BadAuthority(refused) from None


def check_zone(me: WhoAmI, store_zone: str) -> None:
    """The ledger dates sales (expiry, day totals) in its merchant's time zone, the terminal in its store's:
    they must be one (ZoneMismatch). A ledger that does not say is not checked."""
    if me.timezone is not None and not same_days(me.timezone, store_zone):
        raise ZoneMismatch(me.merchant, me.timezone, store_zone)


def check_gifts(till: Till, client: LedgerClient) -> None:
    """GiftsLeftBehind when the first sync would replace gifts this shop added itself with the ledger's catalog,
    which lacks them."""
    left = gifts_left_behind(till, client)
    if left:
        raise GiftsLeftBehind(left)


def check_ledger(till: Till, url: str, token: str, verify: bool | str, gifts_may_go: bool = False) -> WhoAmI:
    """Whether this store may join the ledger at ``url`` (cleaned) with ``token`` (network): the token is this
    terminal's, the ledger does not hold another store's journal under its id, the time zones agree, and (unless
    ``gifts_may_go``) no gift of the shop's own would be lost; ``verify``: the certificate authority to trust."""
    syncer = Syncer(till, LedgerClient(url, token, verify=verify))
    me = syncer.check_joinable()
    check_zone(me, till.shop.tz.key)
    if not gifts_may_go:
        check_gifts(till, syncer.client)
    return me


def record_link(till: Till, url: str, token: str, ca: bytes | None = None) -> Syncer:
    """Record the link in the store and keep the token beside it, and ``ca``, the certificate authority of a
    ledger with a private certificate (none: back to the system's, when one was kept for this ledger); the syncer
    to run."""
    url, token = clean_url(url), token.strip()
    kept = trust_for(till, url)  # another ledger than the one a private authority was kept for: the system's
    with till.uow() as uow:
        ledger_link.connect(uow.session, url)
        uow.commit()
    save_token(till, token)
    if ca is not None or kept is True:  # a new authority, or none for this ledger
        keep_ca(till, ca)
    return Syncer(till, LedgerClient(url, token, verify=trust_for(till)))


@dataclass(frozen=True)
class Connected:
    me: WhoAmI
    syncer: Syncer


def connect_ledger(till: Till, url: str, token: str, ca: str | None = None,
                   gifts_may_go: bool = False) -> Connected:
    """Connect the till to the ledger at ``url`` with ``token``: ``check_ledger``, then ``record_link``; ``ca``: the
    file of the certificate authority of a ledger with a private certificate (else the one kept for this ledger at
    an earlier connect, if any)."""
    url, token = clean_url(url), token.strip()
    pem = read_authority(ca) if ca is not None else None
    me = check_ledger(till, url, token, ca or trust_for(till, url), gifts_may_go)
    return Connected(me, record_link(till, url, token, pem))


PLAIN_HTTP: tuple[str, str] = (  # the command line and the app warn in these words
    "The ledger is on another machine over plain http://: this terminal's token and the members' data cross the "
    "network unencrypted. Put the ledger behind HTTPS (installer/README.md) and connect with its https:// address",
    "总账在另一台电脑上，且使用未加密的 http://：本终端的令牌和会员资料以明文在网络上传输。"
    "请按 installer/README.md 为总账配置 HTTPS，再以 https:// 地址连接")


def plain_over_network(url: str) -> bool:
    """An http:// ledger not on this machine: what is sent to it can be read on the way."""
    return url.startswith("http://") and not on_this_computer(urlsplit(url).hostname or "")
