"""The points mall over the network: pulling the catalog with the rules (and each member's takes of
limited items over every terminal, for the per-member limits), and claiming a partner's redemption
code, which only the ledger can hand out (so a claim needs it online)."""

from datetime import date

from sync.client import LedgerClient, LedgerRefused, LinkDown
from terminal.bootstrap import Till
from terminal.errors import CODES, Refused
from terminal.ledger_link import the_link
from terminal.services import claims, mall


def pull_catalog(till: Till, client: LedgerClient) -> bool:
    """Adopt the ledger's catalog and this store's stock, and the members' takes of mall items; True when
    the catalog changed (the sync calls it after the member changes)."""
    catalog = client.mall_catalog()
    if catalog is None:
        return False
    with till.uow() as uow:
        changed = mall.adopt_catalog(uow.session, till.shop, catalog.items, dict(catalog.stock))
        uow.commit()
    pull_takes(till, client)
    return changed


def gifts_left_behind(till: Till, client: LedgerClient) -> list[str]:
    """The gifts and coupons this shop added itself that the ledger's catalog lacks: the first sync
    replaces the catalog held here with the ledger's, and they go (a ledger without a mall replaces nothing)."""
    catalog = client.mall_catalog()
    if catalog is None:
        return []
    with till.reading() as uow:
        return mall.own_items_missing(uow.session, {str(item.get("id")) for item in catalog.items})


def pull_takes(till: Till, client: LedgerClient) -> None:
    """The takes that changed since the last pull, a page per transaction with the cursor it reached (a
    ledger that does not page sends them all at once, and they replace those held)."""
    with till.reading() as uow:
        cursor = the_link(uow.session).takes_cursor
    first = True
    while True:
        page = client.mall_takes(cursor)
        if page is None:
            return
        with till.uow() as uow:  # from the start, the first page replaces what is held (a ledger may have moved)
            every = page.cursor is None or (first and cursor == 0)
            mall.adopt_takes(uow.session, date.fromisoformat(page.day),
                             [(t.member_id, t.item_id, t.total, t.on_day) for t in page.takes], every=every)
            if page.cursor is not None:
                the_link(uow.session).takes_cursor = page.cursor
            uow.commit()
        if not page.more or page.cursor is None or page.cursor <= cursor:  # a page that moves nothing ends it
            return
        cursor, first = page.cursor, False


def offline() -> Refused:
    return Refused("offline", "claiming a code needs the central ledger, and it cannot be reached now: nothing was "
                   "claimed and no points were taken; try again when the terminal is online",
                   "领取兑换码需要连接总账，但现在无法连接：未领取、未扣积分；请在联网后重试")


def claim_code(till: Till, client: LedgerClient, cashier: claims.Actor, offer: str, member_ref: str) -> dict[str, object]:
    """Send what is pending (so the ledger knows the member and their points), ask the ledger for a code,
    then record the claim here. Offline: refused plainly, nothing changed."""
    from sync.relay import Syncer

    member_id = claims.member_for_claim(till.reading(), till.shop, member_ref)
    try:
        Syncer(till, client).push()
        answer = client.claim(offer, member_id)
    except LinkDown:
        raise offline() from None
    except LedgerRefused as refused:
        code = refused.code if refused.code in CODES else "ledger_refused"
        raise Refused(code, f"the ledger refused the claim: {refused.message}", f"总账拒绝了领取：{refused.message}") from None
    return claims.record_claim(till.uow(), till.shop, cashier, answer.claim_id, answer.offer, member_id, answer.code,
                               answer.points)
