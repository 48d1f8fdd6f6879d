"""`jifen gift …` and `jifen coupon …`: the points mall at the counter (the catalog of a shop without
a ledger, exchanges and their cancels, coupons). `jifen code claim` needs the network: see sync.mall_cli."""

from argparse import Namespace
from typing import Any

from terminal.cli import auth
from terminal.cli.choices import PAY_METAVAR, pay_method
from terminal.cli.registry import (
    CommandLine,
    Context,
    Output,
    amount,
    day_or_none,
    points,
    whole_number,
)
from terminal.cli.text import many, n_points, pay_word, sale_text
from terminal.errors import Refused
from terminal.lang import say
from terminal.mall.catalog import DEFAULT_COUPON_DAYS, ItemSpec
from terminal.money import format_fen


def _fields(args: Namespace) -> dict[str, Any]:
    """The item fields the options give (None: not given)."""
    tiers = None if args.tiers is None else tuple(t.strip() for t in args.tiers.split(",") if t.strip())
    return {
        "name_zh": args.name_zh, "name_en": args.name_en, "picture": args.picture,
        "points": points(args.points) if args.points is not None else None,
        "topup_fen": amount(args.topup) if args.topup is not None else None,
        "value_fen": amount(args.value) if args.value is not None else None,
        "min_spend_fen": amount(args.min_spend) if args.min_spend is not None else None,
        "valid_days": args.days, "starts_on": day_or_none(args.start), "ends_on": day_or_none(args.until),
        "per_day": args.per_day, "per_member": args.per_member, "tiers": tiers,
        "on_sale": False if args.off_sale else True if args.on_sale else None,
    }


def _item_line(item: dict[str, Any]) -> str:
    price = say(n_points(item['points']), f"{item['points']:,} 积分") + (f" + {format_fen(item['topup_fen'])}" if item["topup_fen"] else "")
    stock = say("no limit", "不限") if item["stock"] is None else f"{item['stock']:,}"
    extra = ""
    if item["kind"] == "coupon":
        extra = say(f", {format_fen(item['value_fen'])} off from {format_fen(item['min_spend_fen'])}, {many(item['valid_days'], 'day', 'days')}",
                    f"，满 {format_fen(item['min_spend_fen'])} 减 {format_fen(item['value_fen'])}，{item['valid_days']} 天有效")
    state = "" if item.get("available", True) else say(" (not available now)", "（当前不可兑换）")
    name = say(item["name_en"], item["name_zh"])
    return f"  {item['id']:<10} {name}: {price}{extra}; " + say(f"stock {stock}", f"库存 {stock}") + state


def gift_add(args: Namespace, ctx: Context) -> Output:
    from terminal.services import mall

    till = ctx.till()
    by = auth.cashier(till, args)
    fields = {k: v for k, v in _fields(args).items() if v is not None}
    if "name_zh" not in fields or "name_en" not in fields or "points" not in fields:
        raise Refused("bad_input", "a new item needs --name-zh, --name-en and --points", "新商品需要 --name-zh、--name-en 和 --points")
    if args.coupon and "value_fen" not in fields:
        raise Refused("bad_input", "a coupon needs --value (yuan off, e.g. --value 10)",
                      "优惠券需要 --value（减免金额，单位元，例如 --value 10）")
    spec = ItemSpec(id=args.id, kind="coupon" if args.coupon else "gift", **fields)
    item = mall.add_item(till.uow(), till.shop, by, spec, args.stock, auth.approver(till, args))
    return Output(item, say("Added to the catalog:\n", "已加入商品目录：\n") + _item_line(item))


def gift_edit(args: Namespace, ctx: Context) -> Output:
    from terminal.services import mall

    till = ctx.till()
    by = auth.cashier(till, args)
    changes = {k: v for k, v in _fields(args).items() if v is not None}
    if args.no_limits:
        changes |= {"per_day": None, "per_member": None}
    if args.always:
        changes |= {"starts_on": None, "ends_on": None}
    item = mall.edit_item(till.uow(), till.shop, by, args.id, changes, args.stock, auth.approver(till, args))
    return Output(item, say("Changed:\n", "已修改：\n") + _item_line(item))


def gift_list(args: Namespace, ctx: Context) -> Output:
    from terminal.services import mall

    till = ctx.till()
    kind = None if args.all_kinds else ("coupon" if args.coupons else "gift")
    items = mall.list_items(till.reading(), till.shop, kind, everything=args.all)
    title = say(many(len(items), "item", "items"), f"共 {len(items)} 件")
    return Output({"items": items}, "\n".join([title, *(_item_line(item) for item in items)]))


def gift_exchange(args: Namespace, ctx: Context) -> Output:
    from terminal.services import mall

    till = ctx.till()
    by = auth.cashier(till, args)
    result = mall.exchange_gift(till.uow(), till.shop, by, args.item, args.member, args.pay)
    data = result.as_json()
    topup = say(f" + {format_fen(data['topup_fen'])} ({data['pay_method']})",
                f" + {format_fen(data['topup_fen'])}（{pay_word(data['pay_method'])}）") if data["topup_fen"] else ""
    return Output(data, say(
        f"Exchange {data['exchange_id']}: {data['item']['name_en']} for {n_points(data['points'])}{topup}; "
        f"member {data['member']['id']} balance {n_points(data['member']['balance'])}",
        f"兑换单 {data['exchange_id']}：{data['item']['name_zh']}，使用 {data['points']:,} 积分{topup}；"
        f"会员 {data['member']['id']} 积分余额 {data['member']['balance']:,}"))


def gift_cancel(args: Namespace, ctx: Context) -> Output:
    from terminal.services import coupons, mall

    till = ctx.till()
    if coupons.issued_here(till.reading(), till.shop, args.exchange):  # a coupon for points is taken back the same way
        args.code = args.exchange
        return coupon_cancel(args, ctx)
    by = auth.cashier(till, args)
    data = mall.cancel_exchange(till.uow(), till.shop, by, args.exchange, auth.approver(till, args))
    topup = data["topup_fen"]
    money_back = say(f"; give back {format_fen(topup)} ({pay_word(data['pay_method'])})",
                     f"；请退还加价 {format_fen(topup)}（{pay_word(data['pay_method'])}）") if topup else ""
    return Output(data, say(
        f"Cancel {data['cancel_id']} of exchange {data['exchange_id']}: {n_points(data['restored_points'])} back{money_back}; "
        f"balance {data['member']['balance']:,}",
        f"取消单 {data['cancel_id']}（兑换单 {data['exchange_id']}）：退回 {data['restored_points']:,} 积分{money_back}；"
        f"余额 {data['member']['balance']:,}"))


def coupon_cancel(args: Namespace, ctx: Context) -> Output:
    from terminal.services import coupons

    till = ctx.till()
    by = auth.cashier(till, args)
    data = coupons.cancel_coupon(till.uow(), till.shop, by, args.code, auth.approver(till, args))
    return Output(data, say(
        f"Cancel {data['cancel_id']} of coupon {data['coupon_id']}: {n_points(data['restored_points'])} back, "
        f"the coupon can no longer be used; balance {data['member']['balance']:,}",
        f"取消单 {data['cancel_id']}（优惠券 {data['coupon_id']}）：退回 {data['restored_points']:,} 积分，该券已作废；"
        f"余额 {data['member']['balance']:,}"))


def _coupon_text(data: dict[str, Any]) -> str:
    states = {"valid": ("valid", "可用"), "used": ("used", "已使用"), "expired": ("expired", "已过期"),
              "cancelled": ("cancelled", "已取消")}
    en, zh = states[data["status"]]
    return say(f"Coupon {data['coupon_id']}: {format_fen(data['value_fen'])} off from {format_fen(data['min_spend_fen'])}, "
               f"until {data['expires_on']} — {en}",
               f"优惠券 {data['coupon_id']}：满 {format_fen(data['min_spend_fen'])} 减 {format_fen(data['value_fen'])}，"
               f"有效期至 {data['expires_on']}——{zh}") + (f"\n  {data['code']}" if data.get("code") else "")


def coupon_issue(args: Namespace, ctx: Context) -> Output:
    from terminal.keys import KeyFiles, load_coupon_key
    from terminal.services import coupons

    till = ctx.till()
    by = auth.cashier(till, args)
    key = load_coupon_key(KeyFiles(ctx.home.private_key.parent))
    data = coupons.issue_coupon(till.uow(), till.shop, by, key, args.item, args.member)
    return Output(data, _coupon_text(data) + say(f"\n  Member balance {n_points(data['member']['balance'])}",
                                                 f"\n  会员积分余额 {data['member']['balance']:,}"))


def coupon_show(args: Namespace, ctx: Context) -> Output:
    from terminal.services import coupons

    till = ctx.till()
    data = coupons.show_coupon(till.reading(), till.shop, args.code)
    return Output(data, _coupon_text(data))


def coupon_use(args: Namespace, ctx: Context) -> Output:
    from terminal.cli.commands import _sale_line, by_category_id
    from terminal.services import sales

    lines = [_sale_line(spec) for spec in args.lines]
    redeem = points(args.redeem) if args.redeem is not None else 0
    till = ctx.till()
    by = auth.cashier(till, args)
    lines = by_category_id(lines, till.shop.rules)
    request = sales.SaleRequest(lines=lines, member=args.member, redeem_points=redeem, pay_method=args.pay, coupon=args.code)
    data = sales.record_sale(till.uow(), till.shop, by, request, auth.approver(till, args)).as_json()
    return Output(data, sale_text(data, till.shop.rules))


def _item_options(p: Any) -> None:
    p.add_argument("--name-zh", metavar="TEXT")
    p.add_argument("--name-en", metavar="TEXT")
    p.add_argument("--picture", metavar="PATH")
    p.add_argument("--points", metavar="N")
    p.add_argument("--topup", metavar="AMOUNT", help="money paid on top of the points, in yuan (9.90)")
    p.add_argument("--stock", type=whole_number, metavar="N", help="this store's stock (default: no limit)")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("--per-day", type=whole_number, metavar="N", help="times a member may take it a day")
    p.add_argument("--per-member", type=whole_number, metavar="N", help="times a member may take it in all")
    p.add_argument("--tiers", metavar="T1,T2", help="only members of these tiers (default: all)")
    p.add_argument("--value", metavar="AMOUNT", help="a coupon's money off, in yuan")
    p.add_argument("--min-spend", metavar="AMOUNT", help="a coupon's minimum spend, in yuan")
    p.add_argument("--days", type=whole_number, metavar="N", help=f"a coupon's validity (default {DEFAULT_COUPON_DAYS})")
    sale_state = p.add_mutually_exclusive_group()
    sale_state.add_argument("--on-sale", action="store_true")
    sale_state.add_argument("--off-sale", action="store_true")


def register(cli: CommandLine) -> None:
    cli.group("gift", "the points mall: gifts and coupons for points")
    p = cli.command("gift add", "add a gift (or with --coupon a coupon) to the catalog of a shop without a ledger "
                    "(manager or owner)", gift_add)
    p.add_argument("id", metavar="ID")
    p.add_argument("--coupon", action="store_true", help="a coupon for points rather than a gift")
    _item_options(p)
    p = cli.command("gift edit", "change an item of the local catalog (manager or owner)", gift_edit)
    p.add_argument("id", metavar="ID")
    _item_options(p)
    p.add_argument("--no-limits", action="store_true", help="drop the per-day and per-member limits")
    p.add_argument("--always", action="store_true", help="drop the time window")
    p = cli.command("gift list", "the gifts members can take now (--all: every item)", gift_list, read_only=True)
    p.add_argument("--all", action="store_true", help="also items not available now")
    p.add_argument("--coupons", action="store_true", help="the coupons instead of the gifts")
    p.add_argument("--all-kinds", action="store_true", help="gifts and coupons")
    p = cli.command("gift exchange", "exchange a member's points for a gift", gift_exchange)
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--member", required=True, metavar="PHONE|ID|CODE")
    p.add_argument("--pay", default="cash", type=pay_method, metavar=PAY_METAVAR,
                   help="how the top-up is paid (default cash)")
    p = cli.command("gift cancel", "cancel today's gift exchange (or an unused coupon issued here): points and stock go "
                    "back (manager's approval)", gift_cancel)
    p.add_argument("exchange", metavar="EXCHANGE_ID")

    cli.group("coupon", "coupons for points")
    p = cli.command("coupon issue", "exchange a member's points for a coupon of the catalog", coupon_issue)
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--member", required=True, metavar="PHONE|ID|CODE")
    p = cli.command("coupon cancel", "take back an unused coupon issued here: its points and stock go back, it can no "
                    "longer be used (manager's approval)", coupon_cancel)
    p.add_argument("code", metavar="COUPON_ID")
    p = cli.command("coupon show", "check a coupon: its value, its owner, whether it is still good", coupon_show, read_only=True)
    p.add_argument("code", metavar="CODE|ID")
    p = cli.command("coupon use", "record a sale with a coupon taken off (same options as sale)", coupon_use)
    p.add_argument("code", metavar="CODE|ID")
    p.add_argument("--member", metavar="PHONE|ID|CODE")
    p.add_argument("--line", action="append", default=[], metavar="CATEGORY:AMOUNT", dest="lines")
    p.add_argument("--redeem", metavar="POINTS")
    p.add_argument("--pay", default="cash", type=pay_method, metavar=PAY_METAVAR, help="how it is paid (default cash)")
