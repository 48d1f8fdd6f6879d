"""What `jifen-ledger report day`, `report conflicts`, `report overdrawn` and `settle` print: the words and the
columns, in English or Chinese as the command line speaks."""

from __future__ import annotations

from datetime import date
from typing import Any

from terminal.lang import prefers_chinese, say
from terminal.report_words import FIGURE_NAMES
from terminal.textwidth import pad, pad_left, width
from terminal.totals import worth_showing


_SCOPE = ("date", "merchant", "store", "terminal")
# The till's names of its day's figures (terminal.report_words), so a figure reads the same on the ledger's report;
# then the ledger's own fields. sales_given_member counts sales here: the till's figure joins it with its points.
_TILL = {key: words for key, words in FIGURE_NAMES.items() if key != "sales_given_member"}
_LABELS = {key: en for key, (en, _) in _TILL.items()} | {
    "exchanges": "Gift exchanges", "exchange_points": "Points spent on gifts", "exchange_topup_fen": "Gift top-ups",
    "exchanges_cancelled": "Gift exchanges cancelled", "coupon_points": "Points spent on coupons",
    "coupon_discount_fen": "Coupon money off", "claim_points": "Points spent on codes",
    "sales_given_member": "Paid sales given their member", "points_given_later": "Points given to paid sales",
    "points_of_other_merchants_redeemed": "Other merchants' points redeemed here",
    "points_redeemed_at_other_merchants": "Our points redeemed at other merchants",
    "opening_liability_points": "Points outstanding the day before",
}
_LABELS_ZH = {key: zh for key, (_, zh) in _TILL.items()} | {
    "sales_given_member": "补积分笔数", "points_given_later": "补积分",
    "exchanges": "礼品兑换", "exchange_points": "礼品兑换使用积分", "exchange_topup_fen": "礼品加价",
    "exchanges_cancelled": "已取消礼品兑换",
    "coupons_issued": "发放优惠券", "coupon_points": "兑换优惠券使用积分", "coupons_used": "使用优惠券",
    "coupon_discount_fen": "优惠券优惠金额", "coupons_expired": "过期优惠券", "codes_claimed": "领取兑换码",
    "claim_points": "兑换码使用积分",
    "points_of_other_merchants_redeemed": "本商户门店抵扣的其他商户积分",
    "points_redeemed_at_other_merchants": "本商户积分在其他商户抵扣",
    "opening_liability_points": "前一日会员持有积分",
}
# Shown when members spent another merchant's points that day; JSON keeps them, 0 or not, as the day's sum needs them.
_SHARED_POINTS = ("points_of_other_merchants_redeemed", "points_redeemed_at_other_merchants")


def _label(field: str) -> str:
    en = _LABELS.get(field) or field.removesuffix("_fen").replace("_", " ").capitalize()
    return say(en, _LABELS_ZH.get(field, en))


def _report_title(data: dict[str, Any]) -> str:
    merchant, store, terminal = data["merchant"], data["store"], data["terminal"]
    first, last = data["date"], data["until"]
    en, zh = (f"Day totals of {first}", f"{first} 当日汇总") if last == first else \
        (f"Totals of {first} to {last}", f"{first} 至 {last} 汇总")
    if not store and not terminal:
        return say(f"{en} for merchant {merchant}, all stores", f"{zh}，商户 {merchant}，全部门店")
    scope = [(f"store {store}", f"门店 {store}")] * bool(store) + [(f"terminal {terminal}", f"终端 {terminal}")] * bool(terminal)
    return say(f"{en} for merchant {merchant}, " + ", ".join(en for en, _ in scope),
               f"{zh}，商户 {merchant}，" + "，".join(zh for _, zh in scope))


def _behind(row: dict[str, Any]) -> str:
    """A till whose later sales the ledger has not had: its figures are short by them."""
    terminal, newest, synced = row["terminal"], row["newest_day"], row["last_sync"]
    if newest is None:
        return say(f"! {terminal} has sent no entries yet: its sales are not in these figures",
                   f"! {terminal} 尚未上传任何记录：其销售不在本报表中")
    return say(f"! {terminal} last sent entries dated {newest} (last sync {synced}): its later sales are not in "
               "these figures", f"! {terminal} 最近上传的记录日期为 {newest}（最后同步 {synced}）：其后的销售不在本报表中")


def day_report_text(data: dict[str, Any], conflicts_recorded: int) -> tuple[dict[str, Any], str]:
    shared = any(data.get(field) for field in _SHARED_POINTS)
    labels = {field: _report_label(field, data) for field, value in worth_showing(data).items()
              if field not in _SCOPE and isinstance(value, int) and (shared or field not in _SHARED_POINTS)}
    column = max([24, *(width(label) + 2 for label in labels.values())])
    rows = [f"  {pad(label, column)}{pad_left(_figure(field, data[field]), 16)}" for field, label in labels.items()]
    cashiers = _cashier_lines(data["cashiers"])
    lines = [_report_title(data), *map(_behind, data["behind"]), *rows,
             *([say("Cashiers:", "收银员："), *cashiers] if cashiers else [])]
    if conflicts_recorded:
        merchant = data["merchant"]
        lines.append(say(f"{_conflicts_of(conflicts_recorded, merchant)} to look at: ",
                         f"商户 {merchant} 有 {conflicts_recorded} 个冲突待处理：")
                     + f"jifen-ledger report conflicts --merchant {merchant}")
    return data, "\n".join(lines)


CASHIER_COLUMNS = (24, 12, 16, 20)  # the widths the columns have at least


def _cashier_lines(cashiers: dict[str, dict[str, Any]]) -> list[str]:
    """A line per cashier: name, sales, takings, drawer cash, in columns wide enough that two spaces at least part
    them whatever the figures (¥1,400,000,000.00 is 18 characters)."""
    cash = say(" cash", " 现金")
    rows = [(name, _sales(t["sales"]), format_fen(t["gross_fen"]), format_fen(t["drawer_cash_fen"]) + cash)
            for name, t in cashiers.items()]
    widths = [max([least, *(width(row[i]) + 2 for row in rows)]) for i, least in enumerate(CASHIER_COLUMNS)]
    return [f"  {pad(name, widths[0])}" + "".join(pad_left(cell, w) for cell, w in zip(rest, widths[1:]))
            for name, *rest in rows]


def _report_label(field: str, data: dict[str, Any]) -> str:
    """A store's or a terminal's day says its outstanding points are the merchant's: members spend them at any store."""
    if field == "liability_points" and (data["store"] or data["terminal"]):
        return say(f"Points outstanding, all of {data['merchant']}'s stores", f"会员持有积分（商户 {data['merchant']} 全部门店）")
    return _label(field)


def _figure(field: str, value: int) -> str:
    return format_fen(value) if field.endswith("_fen") else f"{value:,}"


def _sales(count: int) -> str:
    return say(f"{count:,} sale" + ("" if count == 1 else "s"), f"{count:,} 笔")


def _conflicts_of(count: int, merchant: str | None) -> str:
    return f"{count} conflict{'' if count == 1 else 's'}" + (f" of {merchant}" if merchant else "")


def conflicts_text(merchant: str | None, rows: list[dict[str, Any]], phones: list[dict[str, Any]],
                   bonuses: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    data = {"conflicts": rows, "shared_phones": phones, "unexpected_bonuses": bonuses}
    if not rows and not phones and not bonuses:
        return data, say("no conflict was recorded" + (f" for {merchant}" if merchant else ""),
                         (f"商户 {merchant} " if merchant else "") + "没有记录到冲突")
    found = len(rows) + len(phones) + len(bonuses)
    lines = [say(f"{_conflicts_of(found, merchant)} to look at:",
                 (f"商户 {merchant} " if merchant else "") + f"有 {found} 个冲突待处理：")]
    for r in rows:
        lines += _conflict_lines(r, merchant)
    for phone in phones:
        lines += _phone_lines(phone, merchant)
    for b in bonuses:
        lines += _bonus_lines(b, merchant)
    return data, "\n".join(lines)


def _to_do(en: str, zh: str) -> str:
    return say(f"    To do: {en}", f"    处理办法：{zh}")


def _where(row: dict[str, Any], merchant: str | None) -> str:
    """``merchant m1, 静安店 terminal T1``, naming the merchant when the report is of all."""
    return say(("" if merchant else f"merchant {row['merchant']}, ") + f"{row['store']} terminal {row['terminal']}",
               ("" if merchant else f"商户 {row['merchant']}，") + f"{row['store']} 终端 {row['terminal']}")


def _conflict_lines(r: dict[str, Any], merchant: str | None) -> list[str]:
    from ledger.conflicts import said_zh

    what, to_do = said_zh(r)
    where = _where(r, merchant)
    return [say(f"  {r['at']}  {where}: entry {r['seq']} {r['what']}", f"  {r['at']}  {where}：第 {r['seq']} 条流水{what}"),
            _to_do(r["to_do"], to_do)]


def _phone_lines(phone: dict[str, Any], merchant: str | None) -> list[str]:
    from ledger.conflicts import SHARED_PHONE_TO_DO_ZH, SHARED_PHONE_ZH

    count = len(phone["members"])
    return [say(f"  phone {phone['phone']} has {count} members: it {phone['what']}",
                f"  手机号 {phone['phone']} 有 {count} 个会员：该手机号{SHARED_PHONE_ZH}"),
            *(say(f"    {m['id']}  {_registered(m, merchant)}, balance {m['balance']:,} points",
                  f"    {m['id']}  {_registered_zh(m, merchant)}，余额 {m['balance']:,} 积分") for m in phone["members"]),
            _to_do(phone["to_do"], SHARED_PHONE_TO_DO_ZH)]


_BONUS_ZH = {"signup": "注册奖励", "referral": "推荐奖励"}


def _bonus_lines(b: dict[str, Any], merchant: str | None) -> list[str]:
    from ledger.conflicts import UNEXPECTED_BONUS_ZH, bonus_to_do_zh

    where = _where(b, merchant)
    if not prefers_chinese():
        given = " or ".join(f"{points:,}" for points in b["given"]) or "none"
        return [(f"  {b['date']}  {where}: entry {b['seq']}, a {b['reason']} bonus of {b['points']:,} points to member "
                 f"{b['member']}: {b['what']} (the rules give {given})"), f"    To do: {b['to_do']}"]
    given = " 或 ".join(f"{points:,}" for points in b["given"]) or "无"
    bonus = _BONUS_ZH.get(b["reason"], f"{b['reason']} 奖励")
    return [(f"  {b['date']}  {where}：第 {b['seq']} 条流水，给会员 {b['member']} 的{bonus} {b['points']:,} 积分："
             f"{UNEXPECTED_BONUS_ZH}（规则给 {given}）"), _to_do(b["to_do"], bonus_to_do_zh(b["store"]))]


def _registered(member: dict[str, Any], merchant: str | None) -> str:
    """``registered 2027-03-01 09:00 at A店 terminal A1``, naming the merchant when it is another's."""
    shop = "" if member["merchant"] == merchant else f"merchant {member['merchant']}, "
    return f"registered {member['registered_at']} at {shop}{member['store']} terminal {member['terminal']}"


def _registered_zh(member: dict[str, Any], merchant: str | None) -> str:
    """``2027-03-01 09:00 在 A店 终端 A1 注册``, naming the merchant when it is another's."""
    shop = "" if member["merchant"] == merchant else f"商户 {member['merchant']}，"
    return f"{member['registered_at']} 在 {shop}{member['store']} 终端 {member['terminal']} 注册"


def overdrawn_text(merchant: str, members: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    if not members:
        return {"members": members}, say(f"no member of {merchant} owes points", f"商户 {merchant} 没有欠分的会员")
    count = len(members)
    lines = [say(f"1 member of {merchant} owes points:" if count == 1 else f"{count} members of {merchant} owe points:",
                 f"商户 {merchant} 有 {count} 个会员欠分：")]
    for member in members:
        who, debt = f"{member['member_id']}  {member['phone']}", f"{member['debt']:,}"
        lines.append(say(f"  {who}  owes {debt} points, run into by:", f"  {who}  欠 {debt} 积分，由以下流水造成欠分："))
        lines += [say(f"    {e['date']}  {e['store']} terminal {e['terminal']} entry {e['seq']}: {e['points']:,} points",
                      f"    {e['date']}  {e['store']} 终端 {e['terminal']} 第 {e['seq']} 条流水：{e['points']:,} 积分")
                  for e in member["entries"]]
    return {"members": members}, "\n".join(lines)


def settlement_text(session: Any, start: date, end: date) -> tuple[dict[str, Any], str]:
    from ledger import service

    earliest, latest = service.merchants_today(session)
    pairs = service.settlement_pairs(session, start, end)
    names = service.merchant_names(session)
    positions = [p | {"name": names.get(p["merchant"], "")} for p in service.net_positions(pairs)]
    over = end < earliest  # a merchant's last day of the period still running: more claims may come
    data = {"positions": positions, "pairs": pairs, "period_over": over, "period_begun": start <= latest}
    lines = _settlement_lines(start, end, pairs, positions, names) if pairs else [say(
        f"nothing to settle from {start} to {end}: no points were spent at another merchant",
        f"{start} 至 {end} 无需结算：没有积分在其他商户使用")]
    if start > latest:
        lines.append("! " + say(f"The period has not begun yet (today is {latest}): it can be settled once it is over",
                                f"结算期尚未开始（今天是 {latest}）：结束后才能结算"))
    elif not over:
        lines.append("! " + say(f"The period is not over yet (today is {earliest}): this is the settlement so far; "
                                f"settle again after {end} for the whole period",
                                f"结算期尚未结束（今天是 {earliest}）：这只是目前为止的结算；"
                                f"{end} 之后再结算才是整个期间的结算"))
    return data, "\n".join(lines)


def _settlement_lines(start: date, end: date, pairs: list[dict[str, Any]], positions: list[dict[str, Any]],
                      names: dict[str, str]) -> list[str]:
    """Who pays whom, gross each way, then each merchant's net as the sum of its pairs."""
    who = {m: _merchant_named(m, names.get(m, "")) for m in {*names, *(p["merchant"] for p in positions)}}
    column = max(width(who[p["merchant"]]) for p in positions)
    money = max(width(format_fen(p["fen"])) for p in pairs)
    lines = [say(f"Settlement from {start} to {end}:", f"{start} 至 {end} 结算："),
             say("Each merchant pays for its points used or taken back at another merchant's stores (redeemed, taken "
                 "back by a refund, or paying off a debt there), at its own fen per point:",
                 "各商户为本商户积分在其他商户门店的使用及扣回（兑换、退款扣回、抵还欠分）付款，按本商户每积分的分值计：")]
    for p in pairs:
        issuer, redeemer, fen = pad(who[p["issuer"]], column), pad(who[p["redeemer"]], column), format_fen(p["fen"])
        rate = p["fen"] // p["points"] if p["points"] else 0
        lines.append(say(f"  {issuer}  pays  {redeemer}  {pad_left(fen, money)} for {p['points']:,} points used or taken back "
                         f"({rate:,} fen a point)",
                         f"  {issuer}  付给  {redeemer}  {pad_left(fen, money)}：使用及扣回 {p['points']:,} 积分（每积分 {rate:,} 分）"))
    lines.append(say("Net, the sum of the lines above:", "净额（以上各行之和）："))
    stands = {p["merchant"]: _standing(p["net_fen"], p["net_points"]) for p in positions}
    room = max(width(stand) for stand in stands.values())
    for p in positions:
        merchant = p["merchant"]
        lines.append(f"  {pad(who[merchant], column)}  {pad(stands[merchant], room)}  = {_sum_of(merchant, pairs)}")
    return lines


def _merchant_named(merchant: str, name: str) -> str:
    if not name or name == merchant:
        return merchant
    return say(f"{merchant} ({name})", f"{name}（{merchant}）")


def _standing(fen: int, points: int) -> str:
    net = f"{points:+,}"
    if fen < 0:
        return say(f"owes {format_fen(-fen)} (net {net} points)", f"应付 {format_fen(-fen)}（净 {net} 积分）")
    if fen > 0:
        return say(f"is owed {format_fen(fen)} (net {net} points)", f"应收 {format_fen(fen)}（净 {net} 积分）")
    return say(f"is even (net {net} points)", f"持平（净 {net} 积分）")


def _sum_of(merchant: str, pairs: list[dict[str, Any]]) -> str:
    """``¥1.50 from book + ¥12.08 from cafe - ¥6.00 to cafe``: the merchant's pairs, signed, in their order."""
    terms = []
    for p in pairs:
        if merchant not in (p["issuer"], p["redeemer"]):
            continue
        pays = p["issuer"] == merchant
        other, fen = (p["redeemer"], p["fen"]) if pays else (p["issuer"], p["fen"])
        word = say(f"to {other}", f"付给 {other}") if pays else say(f"from {other}", f"收自 {other}")
        terms.append(("-" if pays else "+", f"{format_fen(fen)} {word}"))
    first_sign, first = terms[0]
    return ("-" if first_sign == "-" else "") + first + "".join(f" {sign} {term}" for sign, term in terms[1:])


def format_fen(fen: int) -> str:
    """``sync.protocol.format_fen``, money as the terminal shows it, loaded with the protocol once a command runs."""
    from sync.protocol import format_fen as formatted

    return formatted(fen)
