"""Registering members, finding them, and what a cashier sees of one."""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Date, Integer, Select, String, bindparam, case, delete, func, select
from sqlalchemy.orm import Session

from terminal import lots
from terminal.codes import looks_scanned
from terminal.codes.trust import check_member_code
from terminal.errors import Refused
from terminal.ids import member_id as new_member_id
from terminal.journal import Who
from terminal.models import (
    ENTRY_MEMBER,
    CodeClaim,
    Coupon,
    GiftExchange,
    JournalEntry,
    LedgerLink,
    Member,
    Refund,
    Sale,
    SharedPhone,
)
from terminal.money import half_width
from terminal.phones import is_mobile, is_product_barcode, mask_phone
from terminal.rules import Tier
from terminal.services.cashiers import Actor, approval
from terminal.services.common import record
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork
from terminal.visible_text import is_member_name, stored_name

_MEMBER_ID = re.compile(r"M[0-9A-Z]{12}")
GROWTH_DAYS = 365
# The app syncs every 15 seconds (ui.context.AppContext.start_sync) and retries a failed sync within seconds:
# a minute without one is four syncs missed, so a balance older than that says so, and one slow sync does not.
SYNCED_LATELY = timedelta(minutes=1)


def normalise_phone(text: str) -> str:
    """A mainland mobile number, 11 digits; spaces, dashes and the country code (+86, 86, 0086) are dropped."""
    digits = re.sub(r"[\s\-()]", "", half_width(text))
    digits = re.sub(r"^(\+?86|0086)(?=1[0-9]{10}$)", "", digits)
    if not is_mobile(digits):
        raise Refused("bad_input", f"'{text}' is not a mobile number (11 digits, starting with 13 to 19)",
                      f"“{text}”不是有效手机号（以 13 至 19 开头的 11 位数字）")
    return digits


# A phone the ledger holds two members under finds the one not listed in shared_phones (terminal.ledger_link).
_BY_PHONE = select(Member).where(Member.phone == bindparam("phone"),
                                  ~select(SharedPhone.member_id).where(SharedPhone.member_id == Member.id).exists())
_BY_ID = select(Member).where(Member.id == bindparam("id"))


def find_member(session: Session, ref: str, shop: Shop) -> Member:
    """By member id (M…), by phone number, or by a scanned member code (checked first, by ``shop``'s clock too:
    see check_member_code)."""
    text = unicodedata.normalize("NFKC", ref).strip()
    if looks_scanned(text):
        member_id = check_member_code(session, text, shop).member_id
        member = session.scalar(_BY_ID, {"id": member_id})
        if member is None:
            raise Refused("not_found", f"the member code is genuine, but member {member_id} is not in this store yet",
                          f"会员码有效，但本店数据中还没有会员 {member_id}")
        return member
    if _MEMBER_ID.fullmatch(text.upper()):
        member = session.scalar(_BY_ID, {"id": text.upper()})
    elif text[:1] in "Mm" and text[1:].isalnum():  # a member number mistyped, not a phone
        member = None
    elif is_product_barcode(text):
        raise Refused("bad_input", f"'{text}' is a product barcode, not a member code or a phone number",
                      f"“{text}”是商品条码，不是会员码或手机号")
    else:
        member = session.scalar(_BY_PHONE, {"phone": normalise_phone(text)})
    if member is None:
        raise Refused("not_found", f"no member '{ref}'", f"找不到会员“{ref}”")
    return member


@dataclass(frozen=True)
class MemberStats:
    growth_fen: int
    earning_sales_today: int
    phone_shared: bool = False  # another member here has the member's phone (see _phone_sharing)


def _stats_query() -> Select[Any]:
    member, after = bindparam("member", type_=String), bindparam("after", type_=Integer)
    since, today = bindparam("since", type_=Date), bindparam("today", type_=Date)
    refunded = (
        select(func.coalesce(func.sum(Refund.money_fen), 0))
        .join(Sale, Refund.sale_id == Sale.id)
        .where(Sale.member_id == member, Sale.business_date > since, Refund.seq > after)
        .scalar_subquery()
    )
    earning_today = (Sale.business_date == today) & (Sale.earned_points > 0)
    shared = select(SharedPhone.member_id).where(SharedPhone.phone == bindparam("phone", type_=String)).exists()
    return select(
        func.coalesce(func.sum(case((Sale.seq > after, Sale.paid_fen), else_=0)), 0) - refunded,
        func.count(case((earning_today, 1))),
        func.count(case((earning_today & (Sale.seq > after), 1))),
        shared,  # here, not a query of its own: most members have a phone of their own
    ).where(Sale.member_id == member, Sale.business_date > since)


_STATS = _stats_query()  # built once: building a statement costs more than running it


def refuse_if_in_debt(member: Member) -> None:
    """A member who owes points (spent offline at several terminals at once) spends none until it is cleared."""
    if member.debt_points:
        raise Refused("member_in_debt", f"this member owes {member.debt_points:,} points and cannot pay with points "
                      "until that is cleared", f"该会员欠 {member.debt_points:,} 积分，还清前不能使用积分")


def member_stats(session: Session, member: Member, today: date) -> MemberStats:
    """One query over the member's sales of the trailing 365 days.

    Growth is the cash paid (T − V) on those sales less the cash refunded on them; earning sales today
    are those at this store that earned points. With a ledger, its figures count this terminal's entries
    up to ``ledger_seq``; the later ones are added here.
    """
    after, since = member.ledger_seq or 0, today - timedelta(days=GROWTH_DAYS)
    row = session.execute(_STATS, {"member": member.id, "since": since, "today": today, "after": after,
                                   "phone": member.phone}).one()
    earning = _earning_sales_today(member, today, int(row[1]), int(row[2]))
    return MemberStats(int(row[0]) + _ledger_growth(member, since), earning, bool(row[3]))


def _growth_queries() -> tuple[Select[str, int], Select[str, int]]:
    """``member_stats``'s growth for every member at once: the cash paid on the sales of the trailing 365 days, and
    the cash refunded on them, each summed by member; only the entries after the member's ``ledger_seq``."""
    since = bindparam("since", type_=Date)
    after = func.coalesce(Member.ledger_seq, 0)
    paid = (select(Member.id, func.sum(Sale.paid_fen))
            .join(Member, Member.id == Sale.member_id)
            .where(Sale.business_date > since, Sale.seq > after)
            .group_by(Member.id))
    refunded = (select(Member.id, func.sum(Refund.money_fen))
                .join(Sale, Refund.sale_id == Sale.id)
                .join(Member, Member.id == Sale.member_id)
                .where(Sale.business_date > since, Refund.seq > after)
                .group_by(Member.id))
    return paid, refunded


_PAID, _REFUNDED = _growth_queries()


class LedgerFigures(Protocol):
    """What of a member ``members_growth`` reads: a ``Member``, or its columns read without the ORM's objects."""

    @property
    def id(self) -> str: ...
    @property
    def ledger_seq(self) -> int | None: ...
    @property
    def ledger_growth_fen(self) -> int: ...
    @property
    def ledger_growth_days(self) -> str | None: ...


def members_growth(session: Session, members: Iterable[LedgerFigures], today: date) -> dict[str, int]:
    """Each member's ``member_stats(...).growth_fen``, by member id, in two queries whatever the number of members
    (a member export of the whole store)."""
    since = today - timedelta(days=GROWTH_DAYS)
    growth: dict[str, int] = {}
    for member_id, fen in session.execute(_PAID, {"since": since}):
        growth[member_id] = int(fen or 0)
    for member_id, fen in session.execute(_REFUNDED, {"since": since}):
        growth[member_id] = growth.get(member_id, 0) - int(fen or 0)
    return {member.id: growth.get(member.id, 0) + _ledger_growth(member, since) for member in members}


def _spent_today_query() -> Select[Any]:
    member, today = bindparam("member", type_=String), bindparam("today", type_=Date)

    def total(points: Any, *where: Any) -> Any:
        return select(func.coalesce(func.sum(points), 0)).where(*where).scalar_subquery()

    return select(
        total(Sale.redeemed_points, Sale.member_id == member, Sale.business_date == today)
        + total(GiftExchange.points, GiftExchange.member_id == member, GiftExchange.business_date == today,
                GiftExchange.cancelled_seq.is_(None))
        + total(Coupon.points, Coupon.member_id == member, Coupon.issued_on == today, Coupon.issued_seq.is_not(None))
        + total(CodeClaim.points, CodeClaim.member_id == member, CodeClaim.business_date == today))


_SPENT_TODAY = _spent_today_query()


def spent_today(session: Session, member_id: str, today: date) -> int:
    """Every point the member spent at this terminal today: paying for sales, gifts (not those cancelled),
    coupons issued here and partner codes claimed here. One figure for every check of the offline cap."""
    return int(session.scalar(_SPENT_TODAY, {"member": member_id, "today": today}) or 0)


def offline_room(session: Session, shop: Shop, member_id: str) -> int | None:
    """The points the member may still spend at this terminal today while the ledger is out of reach
    (points-rules.md, Offline); None when no cap applies now."""
    if not shop.offline_caps_apply:
        return None
    return max(0, shop.rules.offline_cap - spent_today(session, member_id, shop.today()))


def _ledger_growth(member: LedgerFigures, since: date) -> int:
    """The ledger's part of the growth: its days after ``since`` (the window slides on without a new
    snapshot), or its figure as of the last snapshot when the ledger sent no days."""
    if member.ledger_seq is None:
        return 0
    if member.ledger_growth_days is None:
        return member.ledger_growth_fen
    after = since.isoformat()
    return sum(fen for day, fen in json.loads(member.ledger_growth_days) if day > after)


def _earning_sales_today(member: Member, today: date, here: int, here_later: int) -> int:
    """The store's earning sales today: the ledger's count (every till's, as of ``ledger_seq``) and this terminal's
    later ones; never fewer than this terminal's own (a ledger that names the store otherwise, or restored from a
    backup), which is all there is without the ledger's count."""
    if member.ledger_seq is None or member.ledger_earning_sales is None:
        return here
    return max(here, dict(json.loads(member.ledger_earning_sales)).get(today.isoformat(), 0) + here_later)


@dataclass(frozen=True)
class LastSync:
    """When a till connected to a ledger last took the ledger's changes: its balances are as of then, plus
    its own entries since."""

    at: datetime | None  # the store's local time; None: never
    lately: bool  # within SYNCED_LATELY of now

    @property
    def notice(self) -> tuple[str, str] | None:
        """What the cashier is told of a balance that may lack other tills' points, in English and Chinese."""
        if self.at is None:
            return ("Balance as this till alone knows it: it has never synced with the ledger, so points earned or "
                    "spent at other tills are not in it",
                    "积分余额仅为本终端所知：本终端尚未与总账同步，在其他终端获得或使用的积分未计入")
        if self.lately:
            return None
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return (f"Balance as of the last sync with the ledger, {when}: points earned or spent at other tills since "
                "then are not in it", f"积分余额截至上次与总账同步（{when}）：此后在其他终端获得或使用的积分未计入")


def last_sync(session: Session, shop: Shop) -> LastSync | None:
    """None for a till without a ledger: its store is the book of record."""
    link = session.get(LedgerLink, 1)
    if link is None:
        return None
    if link.last_success is None:
        return LastSync(None, False)
    at = datetime.fromisoformat(link.last_success.replace("Z", "+00:00"))
    return LastSync(at.astimezone(shop.tz), shop.now() - at <= SYNCED_LATELY)


@dataclass(frozen=True)
class MemberView:
    id: str
    phone: str
    name: str | None
    tier: Tier
    next_tier: Tier | None
    balance: int
    growth_fen: int
    debt_points: int
    lots: list[tuple[int, date]] = field(default_factory=list)
    # The other members the ledger holds under this phone (registered at two stores offline), and the one of them
    # the phone finds at this till (None: this one).
    shares_phone_with: tuple[str, ...] = ()
    phone_finds: str | None = None
    synced: LastSync | None = None  # None: a till without a ledger

    @property
    def next_expiry(self) -> tuple[int, date] | None:
        if not self.lots:
            return None
        first = self.lots[0][1]
        return sum(points for points, when in self.lots if when == first), first

    def as_json(self) -> dict[str, object]:
        expiry = self.next_expiry
        data: dict[str, object] = {
            "id": self.id,
            "phone": self.phone,
            "name": self.name,
            "tier": self.tier.name,
            "tier_label": self.tier.label,
            "balance": self.balance,
            "growth_fen": self.growth_fen,
            "next_tier": None if self.next_tier is None else {
                "tier": self.next_tier.name, "growth_needed_fen": self.next_tier.from_yuan * 100 - self.growth_fen},
            "debt": self.debt_points > 0,
            "debt_points": self.debt_points,
            "next_expiry": None if expiry is None else {"points": expiry[0], "date": expiry[1].isoformat()},
            "lots": [{"points": p, "expires_on": d.isoformat()} for p, d in self.lots],
            "shares_phone_with": list(self.shares_phone_with),
            "found_by_phone": self.phone_finds is None,
        }
        if self.synced is not None:
            at = self.synced.at
            data["balance_as_of"] = None if at is None else at.isoformat(timespec="seconds")
        return data

    @property
    def shared_phone_notice(self) -> tuple[str, str] | None:
        """What the cashier is told of a member whose phone another member has too, in English and Chinese."""
        if not self.shares_phone_with:
            return None
        en, zh = phone_members_words(self.phone, len(self.shares_phone_with) + 1)
        others = ", ".join(self.shares_phone_with)
        if self.phone_finds is None:
            return (f"{en}: this one and {others}; to serve {others}, scan their member card",
                    f"{zh}：此会员和 {others}；查找 {others} 请扫描其会员码")
        finds = self.phone_finds
        return (f"{en}: this one and {others}; the phone finds {finds} here, so scan this member's card to serve them",
                f"{zh}：此会员和 {others}；本店按手机号找到的是 {finds}，查找此会员请扫描其会员码")


def phone_members_words(phone: str, count: int) -> tuple[str, str]:
    """How a notice of a phone with several members opens, in English and Chinese."""
    many = "two" if count == 2 else str(count)
    return (f"The ledger has {many} members with phone {mask_phone(phone)}",
            f"总账中手机号 {mask_phone(phone)} 有{'两' if count == 2 else f' {count} '}个会员")


_SHARED = select(SharedPhone.member_id).where(SharedPhone.phone == bindparam("phone"))
_SHARING = select(Member.id).where(Member.phone == bindparam("phone"), Member.id != bindparam("id")).order_by(Member.id)


def _phone_sharing(session: Session, member: Member) -> tuple[tuple[str, ...], str | None]:
    """The other members with the member's phone here, and the one the phone finds if not this one."""
    unfound = set(session.scalars(_SHARED, {"phone": member.phone}))
    if not unfound:
        return (), None
    others = tuple(session.scalars(_SHARING, {"phone": member.phone, "id": member.id}))
    finds = None if member.id not in unfound else next((other for other in others if other not in unfound), None)
    return others, finds


def view_member(session: Session, shop: Shop, member: Member) -> MemberView:
    today = shop.today()
    live = lots.member_lots(session, member.id, today).live
    stats = member_stats(session, member, today)
    tier = shop.rules.tier_for(growth := stats.growth_fen)
    others, finds = _phone_sharing(session, member) if stats.phone_shared else ((), None)
    return MemberView(
        id=member.id,
        phone=member.phone,
        name=member.name,
        tier=tier,
        next_tier=shop.rules.next_tier(tier),
        balance=sum(lot.remaining for lot in live) - member.debt_points,
        growth_fen=growth,
        debt_points=member.debt_points,
        lots=[(lot.remaining, lot.expires_on) for lot in live],
        shares_phone_with=others,
        phone_finds=finds,
        synced=last_sync(session, shop),
    )


def show_member(uow: UnitOfWork, shop: Shop, ref: str) -> MemberView:
    with uow:
        return view_member(uow.session, shop, find_member(uow.session, ref, shop))


def grant_bonus(session: Session, shop: Shop, who: Who, member: Member, points: int, reason: str, for_member: str | None = None) -> None:
    if points <= 0:
        return
    today = shop.today()
    expires_on = shop.rules.expires_on(today)
    payload = {"member_id": member.id, "points": points, "reason": reason, "expires_on": expires_on.isoformat()}
    if for_member:
        payload["new_member_id"] = for_member
    entry = record(session, shop, "bonus", who, payload, points_delta=points)
    lots.grant(session, member, points, today, expires_on, entry.seq)


def checked_name(name: str) -> str:
    name = stored_name(name)
    if not is_member_name(name):
        raise Refused("bad_input", "a name is 1 to 32 visible characters", "姓名应为 1 到 32 个可见字符")
    return name


def register_member(
    uow: UnitOfWork, shop: Shop, who: Who, phone: str, name: str | None = None, referrer: str | None = None
) -> MemberView:
    phone = normalise_phone(phone)
    name = None if name is None else checked_name(name)
    with uow:
        session = uow.session
        if who.actor is not None:
            check_active(session, who.actor, "register members", "登记会员")
        if session.scalar(select(Member.id).where(Member.phone == phone)):
            raise Refused("already_exists", f"{mask_phone(phone)} is already a member", f"{mask_phone(phone)} 已是会员")
        referrer_id = find_referrer(session, shop, referrer).id if referrer else None
        member_id = new_member_id()
        member = Member(id=member_id, phone=phone, name=name, referrer_id=referrer_id,
                        registered_on=shop.today(), debt_points=0)
        session.add(member)
        record(session, shop, "member_add", who,
               {"member_id": member_id, "phone": phone, "name": name, "referrer_id": referrer_id})
        session.flush()
        grant_bonus(session, shop, who, member, shop.rules.signup_bonus, "signup")
        view = view_member(session, shop, member)
        uow.commit()
    return view


def edit_member(uow: UnitOfWork, shop: Shop, cashier: Actor, ref: str, *, phone: str | None = None,
                name: str | None = None, clear_name: bool = False, approver: Actor | None = None) -> MemberView:
    """Correct a member's phone or name (PIPL: a member may have their details corrected): by a manager or owner, or a
    cashier with one's approval. One ``member_edit`` entry with what changed (the phone, the name, or both; a name
    removed is null), which the ledger passes on to every till."""
    who = approval(cashier, approver, "editing a member", "修改会员资料")
    if name is not None and clear_name:
        raise Refused("bad_input", "give a new name or --no-name, not both", "请给出新姓名或 --no-name，不能同时给出")
    new_phone = None if phone is None else normalise_phone(phone)
    new_name = None if name is None else checked_name(name)
    with uow:
        session = uow.session
        check_active(session, cashier, "edit members", "修改会员资料", approver)
        member = find_member(session, ref, shop)
        changed = member_changes(member.phone, member.name, new_phone, new_name, clear_name)
        if not changed:
            raise Refused("bad_input", "nothing to change: give a new --phone, --name or --no-name",
                          "没有要修改的内容：请给出新的 --phone、--name 或 --no-name")
        phone_after = changed.get("phone") or member.phone
        if phone_after != member.phone and session.scalar(
                select(Member.id).where(Member.phone == phone_after, Member.id != member.id).limit(1)):
            raise Refused("already_exists", f"{mask_phone(phone_after)} is already another member's phone",
                          f"{mask_phone(phone_after)} 已是其他会员的手机号")
        record(session, shop, "member_edit", who, {"member_id": member.id, **changed})
        member.name = changed.get("name", member.name)
        move_phone(session, member, phone_after)
        view = view_member(session, shop, member)
        uow.commit()
    return view


def member_changes(phone_was: str, name_was: str | None, phone: str | None, name: str | None,
                   clear_name: bool) -> dict[str, str | None]:
    """What an edit changes, and only that: another till's edit of the other field, not heard of here yet, stands."""
    changes: dict[str, str | None] = {}
    if phone is not None and phone != phone_was:
        changes["phone"] = phone
    name_after = None if clear_name else (name or name_was)
    if name_after != name_was:
        changes["name"] = name_after
    return changes


def move_phone(session: Session, member: Member, phone: str) -> None:
    """The member's phone is ``phone`` now: the phone they leave finds another member of it, if any."""
    old = member.phone
    if old == phone:
        return
    session.execute(delete(SharedPhone).where(SharedPhone.member_id == member.id))
    member.phone = phone
    session.flush()
    release_phone(session, old)


def release_phone(session: Session, phone: str) -> None:
    """A member left ``phone``: when no member here is found by it any more, the one first noted as sharing it is
    (the others sharing it stay reached by their cards)."""
    if session.scalar(_BY_PHONE, {"phone": phone}) is not None:
        return
    rows = list(session.scalars(select(SharedPhone).where(SharedPhone.phone == phone)
                                .order_by(SharedPhone.found_at, SharedPhone.member_id)))
    if not rows:
        return
    first, *rest = rows
    session.delete(first)
    mine = registered_here(session, first.member_id)
    for row in rest:
        row.registered_here = mine
    session.flush()


_REGISTERED = select(JournalEntry.seq).where(
    JournalEntry.kind == "member_add", ENTRY_MEMBER == bindparam("member")
).limit(1)


def registered_here(session: Session, member_id: str) -> bool:
    """Whether this till registered the member (its journal holds the registration); read once per shared phone."""
    return session.scalar(_REGISTERED, {"member": member_id}) is not None


class ReferrerRefused(Refused):
    """A referrer that cannot be taken, said as one; ``reason``: why, as ``find_member`` words it."""

    def __init__(self, reason: Refused) -> None:
        super().__init__(reason.code, f"Referrer: {reason.en}", f"推荐人：{reason.zh}")
        self.reason = reason


def find_referrer(session: Session, shop: Shop, ref: str) -> Member:
    try:
        return find_member(session, ref, shop)
    except Refused as problem:
        raise ReferrerRefused(problem) from None


def has_sales(session: Session, member_id: str) -> bool:
    return session.scalar(select(Sale.id).where(Sale.member_id == member_id).limit(1)) is not None


def pay_referral(session: Session, shop: Shop, who: Who, member: Member, bonus: int) -> None:
    """The referral bonus of a new member's first sale, to the referrer and to the member."""
    referrer = session.get(Member, member.referrer_id)
    assert referrer is not None
    grant_bonus(session, shop, who, referrer, bonus, "referral", for_member=member.id)
    grant_bonus(session, shop, who, member, bonus, "referral", for_member=member.id)
