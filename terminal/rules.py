"""The merchant's rule set: earn rates, tiers, promotions, bonuses, expiry and limits.

Loaded from ``rules.toml`` in the store folder and validated field by field; a version string
(a hash of the canonical content) is recorded on every sale that used it.
"""

import calendar
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from terminal.errors import Refused
from terminal.money import half_width
from terminal.points_math import points_step
from terminal.toml_file import Unreadable, read_toml

EXPIRY_POLICIES = ("end_of_next_year", "rolling_months")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
LABEL_CHARS = 20  # a label fits a 58 mm receipt line beside its amount


@dataclass(frozen=True)
class Tier:
    name: str
    label: str
    from_yuan: int
    multiplier: int


@dataclass(frozen=True)
class Promotion:
    name: str
    multiplier: int
    weekdays: tuple[int, ...] = ()
    days_of_month: tuple[int, ...] = ()
    start: date | None = None
    until: date | None = None
    categories: tuple[str, ...] = ()

    def applies(self, day: date, category: str) -> bool:
        return self.runs_on(day) and (not self.categories or category in self.categories)

    def runs_on(self, day: date) -> bool:
        """Whether ``day`` is one of its days, whatever the category."""
        return (
            (not self.weekdays or day.isoweekday() in self.weekdays)
            and (not self.days_of_month or day.day in self.days_of_month)
            and (self.start is None or day >= self.start)
            and (self.until is None or day <= self.until)
        )


DEFAULT_TIERS = (
    Tier("regular", "普通会员", 0, 100),
    Tier("silver", "银卡", 2_000, 120),
    Tier("gold", "金卡", 10_000, 150),
    Tier("diamond", "钻石", 50_000, 200),
)
DEFAULT_CATEGORIES = {"general": 5000, "digital": 1000, "vehicle": 10, "excluded": 0}
# the default categories' Chinese names when the rules give them no label, as receipts and the app show them
DEFAULT_CATEGORY_NAMES = {"general": "普通商品", "digital": "数码产品", "vehicle": "整车", "excluded": "不积分商品"}
DEFAULT_CATEGORY_NAMES_EN = {"general": "General goods", "digital": "Digital goods", "vehicle": "Vehicle",
                             "excluded": "Goods without points"}


@dataclass(frozen=True)
class RuleSet:
    categories: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    category_labels: dict[str, str] = field(default_factory=dict)  # what people read; the id stays what is typed
    tiers: tuple[Tier, ...] = DEFAULT_TIERS
    promotions: tuple[Promotion, ...] = ()
    points_per_yuan: int = 100
    max_redeem_percent: int = 100
    signup_bonus: int = 500
    referral_bonus: int = 100
    velocity_limit: int = 5
    offline_cap: int = 5000
    expiry_policy: str = "end_of_next_year"
    expiry_months: int = 12

    def rate_bp(self, category: str) -> int:
        if category not in self.categories:
            raise self._unknown(category)
        return self.categories[category]

    def chinese_name(self, category: str) -> str | None:
        """What receipts and the app call ``category`` in Chinese: its label, else a default category's name."""
        return self.category_labels.get(category) or DEFAULT_CATEGORY_NAMES.get(category)

    def category_id(self, typed: str) -> str:
        """The category typed by its id or by its Chinese name (普通商品, a label such as 生鲜)."""
        if typed in self.categories:
            return typed
        named = [c for c in self.categories if half_width(self.chinese_name(c) or "") == half_width(typed)]
        if len(named) != 1:  # none, or a name two categories share (a label equal to a default category's name)
            raise self._unknown(typed, named)
        return named[0]

    def _unknown(self, category: str, named: list[str] | None = None) -> Refused:
        if named:
            many_en, many_zh = ("two", "两") if len(named) == 2 else (str(len(named)), f" {len(named)} ")
            return Refused("unknown_category",
                           f"{many_en} categories are named '{category}' ({', '.join(named)}): type its id",
                           f"有{many_zh}个品类都叫“{category}”（{'、'.join(named)}）：请输入品类编号")
        names = [(c, self.chinese_name(c)) for c in self.categories]
        known_zh = "、".join(f"{c}（{name}）" if name else c for c, name in names)
        return Refused("unknown_category", f"unknown category '{category}' (known: {', '.join(self.categories)})",
                       f"未知品类“{category}”（可用：{known_zh}）")

    def promo_pct(self, day: date, category: str) -> int:
        """The highest applicable promotion multiplier; promotions do not stack."""
        return max((p.multiplier for p in self.promotions if p.applies(day, category)), default=100)

    def tier_for(self, growth_fen: int) -> Tier:
        reached = [t for t in self.tiers if growth_fen >= t.from_yuan * 100]
        return reached[-1] if reached else self.tiers[0]

    def next_tier(self, tier: Tier) -> Tier | None:
        later = [t for t in self.tiers if t.from_yuan > tier.from_yuan]
        return later[0] if later else None

    def expires_on(self, granted: date) -> date:
        if self.expiry_policy == "end_of_next_year":
            return date(granted.year + 1, 12, 31)
        years, month0 = divmod(granted.month - 1 + self.expiry_months, 12)
        year, month = granted.year + years, month0 + 1
        return date(year, month, min(granted.day, calendar.monthrange(year, month)[1]))

    @property
    def points_step(self) -> int:
        return points_step(self.points_per_yuan)

    def value_fen(self, points: int) -> int:
        if points % self.points_step:
            raise Refused(
                "bad_input",
                f"{points} points are not a whole number of fen; use a multiple of {self.points_step}",
                f"{points} 积分折算不到整分，请使用 {self.points_step} 的倍数",
            )
        return points * 100 // self.points_per_yuan

    def redeem_limit_fen(self, total_fen: int) -> int:
        """The most of a sale of ``total_fen`` that points may pay: max_redeem_percent of it, in whole fen."""
        return total_fen * self.max_redeem_percent // 100

    def to_dict(self) -> dict[str, Any]:
        return {
            "points_per_yuan": self.points_per_yuan,
            "max_redeem_percent": self.max_redeem_percent,
            "signup_bonus": self.signup_bonus,
            "referral_bonus": self.referral_bonus,
            "velocity_limit": self.velocity_limit,
            "offline_cap": self.offline_cap,
            "expiry": {"policy": self.expiry_policy, "months": self.expiry_months},
            "categories": {name: _category_dict(rate, self.category_labels.get(name))
                           for name, rate in sorted(self.categories.items())},
            "tiers": [t.__dict__ for t in self.tiers],
            "promotions": [_promotion_dict(p) for p in self.promotions],
        }

    @cached_property
    def version(self) -> str:
        return hashlib.sha256(rules_to_json(self).encode()).hexdigest()[:12]


def _category_dict(rate: int, label: str | None) -> int | dict[str, Any]:
    """A bare rate unless labelled, so a rule set without labels keeps its version."""
    return rate if label is None else {"rate_bp": rate, "label": label}


def _promotion_dict(p: Promotion) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "multiplier": p.multiplier}
    for key in ("weekdays", "days_of_month", "categories"):
        if getattr(p, key):
            out[key] = list(getattr(p, key))
    if p.start:
        out["from"] = p.start.isoformat()
    if p.until:
        out["until"] = p.until.isoformat()
    return out


def _bad(where: str, en: str, zh: str) -> Refused:
    return Refused("bad_rules", f"rules: {where}: {en}", f"规则文件：{where}：{zh}")


def _int(data: dict[str, Any], key: str, where: str, low: int, high: int, default: int) -> int:
    value = data.get(key, default)
    if type(value) is not int or not low <= value <= high:
        raise _bad(f"{where}{key}", f"must be a whole number from {low} to {high}", f"应为 {low} 到 {high} 之间的整数")
    return value


def _ints(value: Any, where: str, low: int, high: int) -> tuple[int, ...]:
    if not isinstance(value, list) or any(type(v) is not int or not low <= v <= high for v in value):
        raise _bad(where, f"must be a list of whole numbers from {low} to {high}", f"应为 {low} 到 {high} 之间的整数列表")
    return tuple(value)


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        raise _bad(f"{where}{key}", "must be text of 1 to 40 characters", "应为 1 到 40 个字符的文字")
    return value


def _label(data: dict[str, Any], where: str) -> str:
    value = data["label"]
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > LABEL_CHARS or any(unicodedata.category(ch)[0] == "C" or ch in "\u2028\u2029" for ch in text):
        raise _bad(f"{where}label", f"must be text of 1 to {LABEL_CHARS} characters, without control characters",
                   f"应为 1 到 {LABEL_CHARS} 个字符的文字，不含控制字符")
    return text


def _categories(raw: dict[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Rates and labels: ``fresh = 3000``, or ``fresh = { rate_bp = 3000, label = "生鲜" }``."""
    if not raw:
        raise _bad("categories", "must name at least one category", "至少要有一个品类")
    rates: dict[str, int] = {}
    labels: dict[str, str] = {}
    for name, value in raw.items():
        if not _NAME.fullmatch(name):
            raise _bad(f"categories.{name}", "must be a lower-case id such as fresh; a Chinese name goes in its label",
                       "应为小写英文编号（如 fresh）；中文名称请写在 label 中")
        if isinstance(value, dict):
            _only(value, {"rate_bp", "label"}, f"categories.{name}.")
            rates[name] = _int(value, "rate_bp", f"categories.{name}.", 0, 100_000, -1)
            if "label" in value:
                labels[name] = _label(value, f"categories.{name}.")
        else:
            rates[name] = _int(raw, name, "categories.", 0, 100_000, -1)
    return rates, labels


def _only(data: dict[str, Any], allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise _bad(f"{where}{key}", "unknown setting", "未知设置项")


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _bad(key, "must be a table", "应为表")
    return value


def _each_table(raw: Any, key: str, allowed: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each [[key]] table with the prefix its field names get in messages, e.g. 'tiers[2].'."""
    if not isinstance(raw, list):
        raise _bad(key, "must be a list of tables", "应为表的列表")
    for i, item in enumerate(raw):
        where = f"{key}[{i + 1}]."
        if not isinstance(item, dict):
            raise _bad(where[:-1], "must be a table", "应为表")
        _only(item, allowed, where)
        yield where, item


def _tiers(raw: Any) -> tuple[Tier, ...]:
    if isinstance(raw, list) and not raw:
        raise _bad("tiers", "must list at least one tier", "至少要有一个等级")
    tiers: list[Tier] = []
    for where, item in _each_table(raw, "tiers", {"name", "label", "from_yuan", "multiplier"}):
        name = _text(item, "name", where)
        if not _NAME.fullmatch(name) or any(t.name == name for t in tiers):
            raise _bad(f"{where}name", "must be a unique lower-case name", "应为不重复的小写名称")
        tier = Tier(name, _text(item, "label", where), _int(item, "from_yuan", where, 0, 10**9, -1),
                    _int(item, "multiplier", where, 100, 1000, -1))
        if tiers and tier.from_yuan <= tiers[-1].from_yuan:
            raise _bad(f"{where}from_yuan", "must be more than the tier before", "应高于上一等级")
        tiers.append(tier)
    if tiers[0].from_yuan != 0:
        raise _bad("tiers[1].from_yuan", "the first tier must start at 0", "第一个等级应从 0 开始")
    return tuple(tiers)


def _promotions(raw: Any, categories: dict[str, int], labels: dict[str, str]) -> tuple[Promotion, ...]:
    known = RuleSet(categories=categories, category_labels=labels)
    promos: list[Promotion] = []
    allowed = {"name", "multiplier", "weekdays", "days_of_month", "from", "until", "categories"}
    for where, item in _each_table(raw, "promotions", allowed):
        start, until = _day(item.get("from"), where + "from"), _day(item.get("until"), where + "until")
        if start and until and until < start:
            raise _bad(where + "until", "is before 'from'", "早于开始日期")
        cats = _promotion_categories(item.get("categories", []), where + "categories", known)
        promos.append(Promotion(
            name=_text(item, "name", where),
            multiplier=_int(item, "multiplier", where, 100, 1000, -1),
            weekdays=_ints(item.get("weekdays", []), where + "weekdays", 1, 7),
            days_of_month=_ints(item.get("days_of_month", []), where + "days_of_month", 1, 31),
            start=start, until=until, categories=cats,
        ))
    return tuple(promos)


def _promotion_categories(value: Any, where: str, known: RuleSet) -> tuple[str, ...]:
    """The ids of the categories listed, each by its id or, as `jifen sale` takes it, by its Chinese name."""
    if not isinstance(value, list) or any(not isinstance(c, str) for c in value):
        raise _bad(where, "must be a list of category ids", "应为品类编号的列表")
    try:
        return tuple(known.category_id(c) for c in value)
    except Refused as unknown:
        raise _bad(where, unknown.en, unknown.zh) from None


def _day(value: Any, where: str) -> date | None:
    """A TOML date, or the ISO text JSON carries it as (the ledger's answers, the rules stored in a database)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            pass
    if value is not None and type(value) is not date:
        raise _bad(where, "must be a date like 2026-01-01", "应为日期，如 2026-01-01")
    return value


def rules_from_dict(data: dict[str, Any]) -> RuleSet:
    _only(data, {"points_per_yuan", "max_redeem_percent", "signup_bonus", "referral_bonus",
                 "velocity_limit", "offline_cap", "expiry", "categories", "tiers", "promotions"}, "")
    expiry = _table(data, "expiry")
    _only(expiry, {"policy", "months"}, "expiry.")
    policy = expiry.get("policy", "end_of_next_year")
    if policy not in EXPIRY_POLICIES:
        raise _bad("expiry.policy", f"must be one of {', '.join(EXPIRY_POLICIES)}", f"应为 {'、'.join(EXPIRY_POLICIES)} 之一")
    categories, labels = _categories(_table(data, "categories")) if "categories" in data else (dict(DEFAULT_CATEGORIES), {})
    tiers = _tiers(data["tiers"]) if "tiers" in data else DEFAULT_TIERS
    return RuleSet(
        categories=categories,
        category_labels=labels,
        tiers=tiers,
        promotions=_promotions(data.get("promotions", []), categories, labels),
        points_per_yuan=_int(data, "points_per_yuan", "", 1, 10_000, 100),
        max_redeem_percent=_int(data, "max_redeem_percent", "", 0, 100, 100),
        signup_bonus=_int(data, "signup_bonus", "", 0, 1_000_000, 500),
        referral_bonus=_int(data, "referral_bonus", "", 0, 1_000_000, 100),
        velocity_limit=_int(data, "velocity_limit", "", 1, 1000, 5),
        offline_cap=_int(data, "offline_cap", "", 0, 10_000_000, 5000),
        expiry_policy=policy,
        expiry_months=_int(expiry, "months", "expiry.", 1, 120, 12),
    )


def check_new_rules(rules: RuleSet) -> None:
    """What rules being set (a rules file, a merchant's rules at the ledger) must pass besides being valid. Rules
    already in force, journaled or held by the ledger, are not held to it: their sales keep the points they earned."""
    for i, promo in enumerate(rules.promotions):
        if promo.weekdays and promo.days_of_month:
            raise _bad(f"promotions[{i + 1}]",
                       "names both weekdays and days_of_month, so it applies only on days that are both; for either, "
                       "make it two promotions, one with the weekdays and one with the days of the month (promotions "
                       "do not stack: the highest that applies counts)",
                       "同时设置了 weekdays 和 days_of_month，只在两者都满足的日子生效；若要满足任一即生效，"
                       "请拆成两个促销，一个设 weekdays，一个设 days_of_month（促销不叠加，取适用的最高倍数）")
    for i, promo in enumerate(rules.promotions):
        for j, earlier in enumerate(rules.promotions[:i]):
            if earlier.name == promo.name and earlier.multiplier != promo.multiplier and _can_meet(earlier, promo):
                high = times(max(earlier.multiplier, promo.multiplier))
                both = f"{times(earlier.multiplier)}, {times(promo.multiplier)}"
                raise _bad(f"promotions[{i + 1}].name",
                           f"promotions[{j + 1}] is named '{promo.name}' too, and both can apply on the same day with "
                           f"different multipliers ({both}; {high} would count): give them different names, or one "
                           "multiplier",
                           f"与 promotions[{j + 1}] 同名（“{promo.name}”），且可能在同一天适用而倍数不同"
                           f"（{both.replace(', ', '、')}，将按 {high} 计）：请改用不同名称，或用同一倍数")


_CYCLE = timedelta(days=4 * 366 + 7)  # every day of the month falls on every weekday, 29 February too, within it


def _can_meet(a: Promotion, b: Promotion) -> bool:
    """Whether some day and category have both ``a`` and ``b`` apply."""
    if a.categories and b.categories and not set(a.categories) & set(b.categories):
        return False
    category = min(set(a.categories) & set(b.categories) if a.categories and b.categories
                   else set(a.categories or b.categories) or {""})
    starts = [d for d in (a.start, b.start) if d]
    untils = [d for d in (a.until, b.until) if d]
    if starts:
        first = max(starts)
    else:
        first = _shifted(min(untils), -_CYCLE) if untils else date(2000, 1, 1)
    last = min([*untils, _shifted(first, _CYCLE)])
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return any(a.applies(day, category) and b.applies(day, category) for day in days)


def _shifted(day: date, by: timedelta) -> date:
    try:
        return day + by
    except OverflowError:
        return date.max if by > timedelta(0) else date.min


def times(multiplier: int) -> str:
    """A multiplier in percent as people read it: 200 is ×2, 150 is ×1.5."""
    whole, hundredths = divmod(multiplier, 100)
    return f"×{whole}" + (f".{hundredths:02d}".rstrip("0") if hundredths else "")


def decimal(value: int, scale: int) -> str:
    """An exact decimal from an integer and a power of ten: decimal(5000, 10000) == '0.5'."""
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), scale)
    digits = len(str(scale)) - 1
    fraction = str(frac).rjust(digits, "0").rstrip("0") if digits else ""
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def load_rules(path: Path, held: RuleSet | None = None) -> RuleSet:
    """Read and validate a rules file; a bad file raises ``Refused('bad_rules')`` naming the field. A file holding
    the rules ``held`` (those in force) is read as they were adopted, without the checks added since."""
    rules = rules_from_dict(_toml(path))
    if held is None or rules.version != held.version:
        check_new_rules(rules)
    return rules


def _toml(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except OSError as exc:
        raise _bad(path.name, f"cannot be read ({exc})", f"无法读取（{exc}）") from None
    except Unreadable as exc:
        raise _bad(path.name, exc.en, exc.zh) from None


def rules_from_json(text: str) -> RuleSet:
    """Rebuild a rule set stored in the database."""
    return rules_from_dict(json.loads(text))


def rules_to_json(rules: RuleSet) -> str:
    return json.dumps(rules.to_dict(), sort_keys=True, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml_value(v)}" for key, v in value.items()) + " }"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # a TOML date
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string


def rules_to_toml(rules: RuleSet, heading: str) -> str:
    """The rule set as a rules.toml a merchant can read (and that load_rules reads back the same)."""
    data = rules.to_dict()
    lines = [f"# {heading}", ""]
    lines += [f"{key} = {_toml_value(data[key])}" for key in
              ("points_per_yuan", "max_redeem_percent", "signup_bonus", "referral_bonus", "velocity_limit", "offline_cap")]
    lines += ["", "[expiry]", f"policy = {_toml_value(data['expiry']['policy'])}", f"months = {data['expiry']['months']}",
              "", "[categories]"]
    lines += [f"{name} = {_toml_value(value)}" for name, value in data["categories"].items()]
    for table in ("tiers", "promotions"):
        for item in data[table]:
            lines += ["", f"[[{table}]]"] + [f"{key} = {_toml_value(value)}" for key, value in item.items()]
    return "\n".join(lines) + "\n"
