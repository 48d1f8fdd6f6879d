"""A catalog item: a gift or a coupon for points, as the merchant sets it up.

The same dictionary travels from the ledger to terminals and is checked the same way on both
sides; money is in fen, points are whole numbers, dates are ISO days.
"""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from terminal.errors import Refused
from terminal.visible_text import refuse_control_characters

KINDS = ("gift", "coupon")
MAX_MALL_POINTS = 10_000_000
MAX_MALL_FEN = 100_000_000
DEFAULT_COUPON_DAYS = 30
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
_TIER = re.compile(r"[a-z][a-z0-9_]{0,31}")


@dataclass(frozen=True)
class ItemSpec:
    id: str
    name_zh: str
    name_en: str
    points: int
    kind: str = "gift"
    picture: str | None = None
    topup_fen: int = 0
    value_fen: int = 0
    min_spend_fen: int = 0
    valid_days: int = DEFAULT_COUPON_DAYS
    starts_on: date | None = None
    ends_on: date | None = None
    per_day: int | None = None
    per_member: int | None = None
    tiers: tuple[str, ...] = field(default_factory=tuple)
    on_sale: bool = True

    def window_open(self, day: date) -> bool:
        return (self.starts_on is None or day >= self.starts_on) and (self.ends_on is None or day <= self.ends_on)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["starts_on"] = self.starts_on.isoformat() if self.starts_on else None
        out["ends_on"] = self.ends_on.isoformat() if self.ends_on else None
        out["tiers"] = list(self.tiers)
        return out


def _bad(en: str, zh: str) -> Refused:
    return Refused("bad_input", en, zh)


# The whole-number fields: what each is in words (English, Chinese), its range, and whether it may be left out.
_COUNTS: dict[str, tuple[str, str, int, int, bool]] = {
    "points": ("the price in points", "兑换积分", 1, MAX_MALL_POINTS, False),
    "topup_fen": ("the top-up in fen", "加钱金额（分）", 0, MAX_MALL_FEN, False),
    "value_fen": ("a coupon's value in fen", "优惠券面值（分）", 0, MAX_MALL_FEN, False),
    "min_spend_fen": ("a coupon's minimum spend in fen", "优惠券最低消费（分）", 0, MAX_MALL_FEN, False),
    "valid_days": ("the days of validity", "有效天数", 1, 3660, False),
    "per_day": ("the limit per day", "每日限兑次数", 1, 10_000, True),
    "per_member": ("the limit per member", "每人限兑次数", 1, 10_000, True),
}


def _count(spec: ItemSpec, key: str, low: int | None = None) -> None:
    en, zh, least, high, optional = _COUNTS[key]
    low = least if low is None else low
    value = getattr(spec, key)
    if value is None and optional:
        return
    if type(value) is not int or not low <= value <= high:
        raise _bad(f"{en} ({key}) must be a whole number from {low:,} to {high:,}",
                   f"{zh}（{key}）应为 {low:,} 到 {high:,} 之间的整数")


def _text(value: Any, key: str, en: str, zh: str, most: int) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > most:
        raise _bad(f"{en} ({key}) is 1 to {most} characters", f"{zh}（{key}）应为 1 到 {most} 个字符")


_SHOWN = (("name_zh", "the Chinese name", "中文名称"), ("name_en", "the English name", "英文名称"),
          ("picture", "a picture path", "图片路径"))


def check_item(spec: ItemSpec, stored: ItemSpec | None = None) -> ItemSpec:
    """The item if every field is of its type and sensible; else a refusal naming the field. ``stored``: the item as
    it was before an edit, whose names and picture are kept as they are even from before control characters were refused."""
    if not isinstance(spec.id, str) or not _ID.fullmatch(spec.id):
        raise _bad("an item id (id) is 1 to 32 letters, digits, '.', '_' or '-'",
                   "商品编号（id）应为 1 到 32 个字母、数字、“.”、“_”或“-”")
    if not isinstance(spec.kind, str) or spec.kind not in KINDS:
        raise _bad("an item's kind (kind) is gift or coupon", "商品类型（kind）应为 gift（礼品）或 coupon（优惠券）")
    _text(spec.name_zh, "name_zh", "the Chinese name", "中文名称", 64)
    _text(spec.name_en, "name_en", "the English name", "英文名称", 64)
    if spec.picture is not None:
        _text(spec.picture, "picture", "a picture path", "图片路径", 256)
    for key, en, zh in _SHOWN:
        value = getattr(spec, key)
        if value is not None and (stored is None or value != getattr(stored, key)):
            refuse_control_characters(value, f"{en} ({key})", f"{zh}（{key}）")
    coupon = spec.kind == "coupon"
    for key in _COUNTS:
        _count(spec, key, 1 if coupon and key == "value_fen" else None)
    if coupon and spec.topup_fen:
        raise _bad("a coupon has no money top-up (topup_fen)", "优惠券不能加钱兑换（topup_fen）")
    if not coupon and (spec.value_fen or spec.min_spend_fen):
        raise _bad("only a coupon has a value and a minimum spend (value_fen, min_spend_fen)",
                   "只有优惠券才有面值和最低消费（value_fen、min_spend_fen）")
    for key in ("starts_on", "ends_on"):
        if getattr(spec, key) is not None and not isinstance(getattr(spec, key), date):
            raise _bad(f"{key} is a date like 2026-03-01", f"{key} 应为日期，格式如 2026-03-01")
    if spec.starts_on and spec.ends_on and spec.ends_on < spec.starts_on:
        raise _bad("the window ends (ends_on) before it starts (starts_on)", "兑换时间段的结束（ends_on）早于开始（starts_on）")
    if not isinstance(spec.tiers, tuple):
        raise _bad("tiers is a list of tier names, like [\"gold\"]", "tiers 应为会员等级名称的列表，例如 [\"gold\"]")
    for tier in spec.tiers:
        if not isinstance(tier, str) or not _TIER.fullmatch(tier):
            raise _bad(f"'{tier}' is not a tier name (tiers)", f"“{tier}”不是会员等级名称（tiers）")
    if not isinstance(spec.on_sale, bool):
        raise _bad("on_sale is true or false", "on_sale 应为 true 或 false")
    return spec


def _day(data: dict[str, Any], key: str) -> Any:
    value = data.get(key)
    if not isinstance(value, str):
        return value  # None, or a wrong type that check_item names
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(f"{key}: '{value}' is not a date like 2026-03-01",
                   f"{key}：“{value}”不是日期，格式如 2026-03-01") from None


def _tiers(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else () if value is None else value


_REQUIRED = ("id", "name_zh", "name_en", "points")


def item_from_dict(data: dict[str, Any]) -> ItemSpec:
    """An item from its dictionary (the wire, a stored row, an operator's JSON); checked field by field."""
    if not isinstance(data, dict):
        raise _bad("an item is a JSON object", "商品应为 JSON 对象")
    known = set(ItemSpec.__dataclass_fields__)
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        raise _bad(f"an item has no field {', '.join(unknown)}: its fields are {', '.join(sorted(known))}",
                   f"商品没有字段 {'、'.join(unknown)}：字段为 {'、'.join(sorted(known))}")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise _bad(f"an item needs {', '.join(missing)}", f"商品缺少 {'、'.join(missing)}")
    values = data | {"starts_on": _day(data, "starts_on"), "ends_on": _day(data, "ends_on"),
                     "tiers": _tiers(data.get("tiers"))}
    return check_item(ItemSpec(**values))


def check_tiers(spec: ItemSpec, tiers: Iterable[str]) -> None:
    """An item limited to tiers must name tiers of the rule set (a typo would lock every member out)."""
    known = list(tiers)
    for tier in spec.tiers:
        if tier not in known:
            raise _bad(f"there is no tier '{tier}': the tiers are {', '.join(known)}",
                       f"没有会员等级“{tier}”：现有等级为 {'、'.join(known)}")
