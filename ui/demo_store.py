"""The demo store of `jifen demo`, made with the same functions as `jifen init` and the counter: the
owner, a cashier and a manager with known PINs, members (one referred by another), the default rules
with a members' day promotion, and a week of sales, refunds, shifts and Z reports behind it so the
dashboard has something to show. Its printer is a ``file:`` printer in the receipts folder and its
camera a video of the members' cards (ui/demo_camera.py). No Qt."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from terminal.bootstrap import DEFAULT_RULES, Till, init_store
from terminal.clock import Clock, zone
from terminal.home import Home
from terminal.journal import Who
from terminal.services import members, refunds, reports, sales, shifts
from terminal.services.cashiers import Actor, add_cashier
from ui.screens.settings_config import update_config
from ui.selftest_store import file_url, member_card

STORE, TERMINAL, MERCHANT, TIMEZONE = "静安店", "T1", "demo", "Asia/Shanghai"
OWNER = Actor("老板", "owner")
CASHIER = Actor("小王", "cashier")
MANAGER = Actor("李经理", "manager")
PINS = {OWNER.name: "8888", CASHIER.name: "1111", MANAGER.name: "2222"}
# phone, name, referrer's phone
MEMBERS = (("13800138000", "张三", None), ("13900139000", "李四", "13800138000"), ("13700137000", "王五", None),
           ("13600136000", "赵六", None), ("13500135000", "孙七", "13700137000"))
CAMERA_MEMBERS = 3  # the first three members' cards are held up to the demo camera
HISTORY_DAYS = 6
PROMOTION = """
[[promotions]]
name = "会员日"
multiplier = 200
days_of_month = [8, 18, 28]
categories = ["general"]
"""


@dataclass
class DemoStore:
    home: Home
    receipts: Path  # the folder the printer writes to
    cards: list[Path]  # member card PNGs, in MEMBERS order
    staff: list[tuple[str, str, str]] = field(default_factory=list)  # name, role, PIN


def _at(now: datetime, days_ago: int, hour: int, minute: int) -> Clock:
    """``hour``:``minute`` in the shop's time zone, ``days_ago`` days before ``now``."""
    shop_zone = zone(TIMEZONE)
    day = (now.astimezone(shop_zone) - timedelta(days=days_ago)).date()
    return Clock(datetime.combine(day, time(hour, minute), tzinfo=shop_zone).astimezone(UTC))


def build_demo_store(home: Home, now: Clock | None = None,
                     cards_ready: Callable[[list[Path]], None] | None = None) -> DemoStore:
    """A new store in ``home`` (which must hold none), a week old, ready for the app. ``cards_ready``
    is given the member cards as soon as they exist, before the week of sales is written."""
    now = now or Clock.from_env()
    home.root.mkdir(parents=True, exist_ok=True)
    home.rules.write_text(DEFAULT_RULES.read_text(encoding="utf-8") + PROMOTION, encoding="utf-8")
    start = _at(now.now(), HISTORY_DAYS + 1, 8, 30)
    till = init_store(home, store=STORE, terminal_id=TERMINAL, merchant=MERCHANT, timezone=TIMEZONE,
                      owner=OWNER.name, pin=PINS[OWNER.name], clock=start)
    try:
        for actor in (CASHIER, MANAGER):
            add_cashier(till.uow(), till.shop, OWNER, actor.name, actor.role, PINS[actor.name])
        ids: list[str] = []
        for phone, name, referrer in MEMBERS:
            ids.append(members.register_member(till.uow(), till.shop, Who(CASHIER.name), phone, name, referrer).id)
        cards = [member_card(till, member_id, home.root / "cards" / f"{phone}.png")
                 for member_id, (phone, _, _) in zip(ids, MEMBERS, strict=True)]
        if cards_ready is not None:
            cards_ready(cards)
        _history(till, ids, now)
        receipts = home.root / "receipts"
        receipts.mkdir(exist_ok=True)
        update_config(home.config, "printer", {"url": file_url(receipts / "receipts.bin"), "profile": "80mm"})
    finally:
        till.close()
    staff = [(actor.name, actor.role, PINS[actor.name]) for actor in (CASHIER, MANAGER, OWNER)]
    return DemoStore(home, receipts, cards, staff)


def _history(till: Till, ids: list[str], now: Clock) -> None:
    """A few sales a day for the past days, some paid partly with points, one refund, each day closed."""
    pick = random.Random(8)
    today = now.now()
    base = till.shop
    for days_ago in range(HISTORY_DAYS, 0, -1):
        def at(hour: int, minute: int = 0, days_ago: int = days_ago) -> None:
            till.shop = replace(base, clock=_at(today, days_ago, hour, minute))

        at(9)
        shifts.open_shift(till.uow(), till.shop, CASHIER)
        sold: list[str] = []
        for number in range(pick.randint(4, 7)):
            at(10 + number, pick.randint(0, 59))
            member = pick.choice([*ids, None])
            lines = [(pick.choice(["general", "general", "digital"]), pick.randint(15, 600) * 100 + pick.choice([0, 50, 90]))
                     for _ in range(pick.randint(1, 3))]
            balance = members.show_member(till.reading(), till.shop, member).balance if member else 0
            redeem = 200 if member and balance >= 700 and pick.random() < 0.4 else 0
            request = sales.SaleRequest(lines=lines, member=member, redeem_points=redeem,
                                        pay_method=pick.choice(["cash", "card"]))
            sold.append(sales.record_sale(till.uow(), till.shop, CASHIER, request).sale_id)
        if days_ago == 3:
            at(18, 30)
            refunds.record_refund(till.uow(), till.shop, CASHIER, sold[0], None, MANAGER)
        at(20)
        shifts.close_shift(till.uow(), till.shop, CASHIER)
        at(21)
        reports.close_day(till.uow(), till.shop, Who(OWNER.name))
    _this_morning(till, ids, today)
    till.shop = replace(base, clock=now)


def _this_morning(till: Till, ids: list[str], now: datetime) -> None:
    """The shift open since two hours ago, or since midnight when the demo starts earlier than 2 a.m.
    (after last night's Z whatever the hour), and three sales in it, today."""
    base = till.shop
    midnight = datetime.combine(now.astimezone(base.tz).date(), time(0, 0), tzinfo=base.tz)
    opened = max(now - timedelta(minutes=120), midnight.astimezone(UTC))
    till.shop = replace(base, clock=Clock(opened))
    shifts.open_shift(till.uow(), till.shop, CASHIER)
    for share, member, lines, pay in ((0.2, ids[2], [("general", 12800)], "cash"),
                                      (0.5, None, [("general", 3550)], "cash"),
                                      (0.8, ids[3], [("digital", 259900), ("general", 4500)], "card")):
        till.shop = replace(base, clock=Clock(opened + (now - opened) * share))
        sales.record_sale(till.uow(), till.shop, CASHIER, sales.SaleRequest(lines=lines, member=member, pay_method=pay))
