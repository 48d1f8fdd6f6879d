"""What a new rule set changes, setting by setting, in English and Chinese: said when rules are set or adopted, so
that an owner sees a doubled earn rate or a setting a short file left to its default before a member does."""

from collections.abc import Iterator
from typing import Any

from terminal.errors import Refused
from terminal.promotion_words import promotion_text
from terminal.rules import RuleSet, Tier, decimal, times

Words = tuple[str, str]  # English, Chinese

SETTINGS = ("points_per_yuan", "max_redeem_percent", "signup_bonus", "referral_bonus", "velocity_limit",
            "offline_cap", "expiry", "categories", "tiers", "promotions")
_SCALARS: dict[str, Words] = {
    "points_per_yuan": ("points worth ¥1", "多少积分抵 ￥1"),
    "max_redeem_percent": ("share of a bill points may pay (%)", "积分最多抵扣账单的百分比"),
    "signup_bonus": ("signup bonus", "注册奖励积分"),
    "referral_bonus": ("referral bonus", "推荐奖励积分"),
    "velocity_limit": ("earning sales a member a day before a manager approves", "会员每天需店长授权前的积分销售笔数"),
    "offline_cap": ("points a member may pay a day while offline", "离线时会员每天最多抵扣积分"),
}


def rules_changes(old: RuleSet, new: RuleSet) -> list[Words]:
    """Each setting ``new`` holds otherwise than ``old``, as "setting: before → after"."""
    return list(_changes(old, new))


def _changes(old: RuleSet, new: RuleSet) -> Iterator[Words]:
    for key, (en, zh) in _SCALARS.items():
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            yield f"{key} ({en}): {before:,} → {after:,}", f"{key}（{zh}）：{before:,} → {after:,}"
    if (old.expiry_policy, old.expiry_months) != (new.expiry_policy, new.expiry_months):
        yield (f"expiry: {_expiry(old)[0]} → {_expiry(new)[0]}", f"expiry（积分有效期）：{_expiry(old)[1]} → {_expiry(new)[1]}")
    yield from _category_changes(old, new)
    yield from _tier_changes(old.tiers, new.tiers)
    yield from _promotion_changes(old, new)


def _promotion_changes(old: RuleSet, new: RuleSet) -> Iterator[Words]:
    before, after = {p.name for p in old.promotions}, {p.name for p in new.promotions}
    for name in sorted(before | after):
        was, now = _promotions_named(old, name), _promotions_named(new, name)
        if was == now:
            continue
        if was is None and now is not None:
            yield f"promotion {now[0]} added", f"新增促销 {now[1]}"
        elif now is None and was is not None:
            yield f"promotion {was[0]} removed", f"删除促销 {was[1]}"
        elif was is not None and now is not None:
            yield f"promotion {was[0]} → {now[0]}", f"促销 {was[1]} → {now[1]}"


def _promotions_named(rules: RuleSet, name: str) -> Words | None:
    """The promotions called ``name``, as `jifen rules show` words them; None for none."""
    named = [p for p in rules.promotions if p.name == name]
    if not named:
        return None
    return ("; ".join(promotion_text(p, False) for p in named),
            "；".join(promotion_text(p, True, lambda c: rules.chinese_name(c) or c) for p in named))


def _expiry(rules: RuleSet) -> Words:
    if rules.expiry_policy == "end_of_next_year":
        return "end of the next year", "次年年底"
    return f"{rules.expiry_months} months", f"{rules.expiry_months} 个月"


def per_yuan(rate_bp: int) -> Words:
    """An earn rate as people read it: 5000 basis points is 0.5 point per ¥1."""
    points = decimal(rate_bp, 10_000)
    return f"{points} {'point' if points == '1' else 'points'} per ¥1", f"每 ￥1 {points} 积分"


def _category_changes(old: RuleSet, new: RuleSet) -> Iterator[Words]:
    for name in sorted(old.categories.keys() | new.categories.keys()):
        where = f"categories.{name}"
        if name not in old.categories:
            en, zh = per_yuan(new.categories[name])
            yield f"{where} added: {en}", f"新增品类 {name}：{zh}"
        elif name not in new.categories:
            yield (f"{where} removed: sales in it are refused", f"删除品类 {name}：该品类的商品将无法销售")
        elif old.categories[name] != new.categories[name]:
            (was_en, was_zh), (now_en, now_zh) = per_yuan(old.categories[name]), per_yuan(new.categories[name])
            yield f"{where}: {was_en} → {now_en}", f"{where}：{was_zh} → {now_zh}"
        if name in old.categories and name in new.categories and \
                old.category_labels.get(name) != new.category_labels.get(name):
            was, now = old.category_labels.get(name) or "—", new.category_labels.get(name) or "—"
            yield f"{where} label: {was} → {now}", f"{where} 名称：{was} → {now}"


def _tier_changes(old: tuple[Tier, ...], new: tuple[Tier, ...]) -> Iterator[Words]:
    if old == new:
        return
    yield (f"tiers: {_tiers(old)} → {_tiers(new)}: members move to the tier their spending reaches",
           f"tiers（会员等级）：{_tiers(old)} → {_tiers(new)}：会员按消费额归入新等级")


def _tiers(tiers: tuple[Tier, ...]) -> str:
    return ", ".join(f"{t.name} ¥{t.from_yuan:,} {times(t.multiplier)}" for t in tiers)


def left_out(data: dict[str, Any], old: RuleSet, new: RuleSet) -> list[str]:
    """The settings a rules file leaves out whose value in force it changes (to the default)."""
    changed = {key for key in SETTINGS if _setting(old, key) != _setting(new, key)}
    return [key for key in SETTINGS if key not in data and key in changed]


def _setting(rules: RuleSet, key: str) -> object:
    if key == "expiry":
        return rules.expiry_policy, rules.expiry_months
    if key == "categories":
        return rules.categories, rules.category_labels
    return getattr(rules, key)


def refuse_empty(data: dict[str, Any], name: str) -> None:
    """A rules file with no setting at all: a file emptied by mistake, never a wish for every default."""
    if not data:
        raise Refused("bad_rules", f"rules: {name} holds no setting: nothing was changed",
                      f"规则文件：{name} 中没有任何设置：未做任何修改")
