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


def _count(value: Any, what: str, low: int, high: int, optional: bool = False) -> None:
    if value is None and optional:
        return
    if type(value) is not int or not low <= value <= high:
        raise _bad(f"{what} must be a whole number from {low:,} to {high:,}", f"{what} 应为 {low:,} 到 {high:,} 之间的整数")


def check_item(spec: ItemSpec) -> ItemSpec:
    """The item if every field is sensible; else a refusal naming the field."""
    if not _ID.fullmatch(spec.id or ""):
        raise _bad("an item id is 1 to 32 letters, digits, '.', '_' or '-'", "商品编号应为 1 到 32 个字母、数字、“.”、“_”或“-”")
    if spec.kind not in KINDS:
        raise _bad("an item is a gift or a coupon", "商品类型应为 gift（礼品）或 coupon（优惠券）")
    for name, what in ((spec.name_zh, "the Chinese name"), (spec.name_en, "the English name")):
        if not isinstance(name, str) or not name.strip() or len(name) > 64:
            raise _bad(f"{what} is 1 to 64 characters", "商品名称应为 1 到 64 个字符")
    if spec.picture is not None and (not isinstance(spec.picture, str) or len(spec.picture) > 256):
        raise _bad("a picture path is at most 256 characters", "图片路径最多 256 个字符")
    _count(spec.points, "points", 1, MAX_MALL_POINTS)
    _count(spec.topup_fen, "the top-up (fen)", 0, MAX_MALL_FEN)
    _count(spec.per_day, "the limit per day", 1, 10_000, optional=True)
    _count(spec.per_member, "the limit per member", 1, 10_000, optional=True)
    if spec.kind == "coupon":
        _count(spec.value_fen, "a coupon's value (fen)", 1, MAX_MALL_FEN)
        _count(spec.min_spend_fen, "a coupon's minimum spend (fen)", 0, MAX_MALL_FEN)
        _count(spec.valid_days, "a coupon's validity (days)", 1, 3660)
        if spec.topup_fen:
            raise _bad("a coupon has no money top-up", "优惠券不能加钱兑换")
    elif spec.value_fen or spec.min_spend_fen:
        raise _bad("only a coupon has a value and a minimum spend", "只有优惠券才有面值和最低消费")
    if spec.starts_on and spec.ends_on and spec.ends_on < spec.starts_on:
        raise _bad("the window ends before it starts", "兑换时间段的结束早于开始")
    for tier in spec.tiers:
        if not _TIER.fullmatch(tier):
            raise _bad(f"'{tier}' is not a tier name", f"“{tier}”不是会员等级名称")
    if not isinstance(spec.on_sale, bool):
        raise _bad("on_sale is true or false", "on_sale 应为 true 或 false")
    return spec


def _day(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad(f"'{value}' is not a date like 2026-03-01", f"“{value}”不是日期，格式如 2026-03-01") from None


def item_from_dict(data: dict[str, Any]) -> ItemSpec:
    """An item from its dictionary (the wire, a stored row); checked."""
    known = set(ItemSpec.__dataclass_fields__)
    if not isinstance(data, dict) or not set(data) <= known or "id" not in data:
        raise _bad("an item has the fields " + ", ".join(sorted(known)), "商品字段有误")
    values = dict(data)
    values["starts_on"], values["ends_on"] = _day(data.get("starts_on")), _day(data.get("ends_on"))
    values["tiers"] = tuple(data.get("tiers") or ())
    try:
        return check_item(ItemSpec(**values))
    except TypeError:
        raise _bad("an item needs an id, names and points", "商品需要编号、名称和积分") from None


def check_tiers(spec: ItemSpec, tiers: Iterable[str]) -> None:
    """An item limited to tiers must name tiers of the rule set (a typo would lock every member out)."""
    known = list(tiers)
    for tier in spec.tiers:
        if tier not in known:
            raise _bad(f"there is no tier '{tier}': the tiers are {', '.join(known)}",
                       f"没有会员等级“{tier}”：现有等级为 {'、'.join(known)}")
