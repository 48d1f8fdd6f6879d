"""`jifen-ledger merchant rules-history ID`: each rule set a merchant's tills were given, oldest first, when it was set
(in the merchant's time zone) and what it changed from the one before, so that an owner can tell when a rate changed
and what the rules were on a given day."""

import json
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.models import MerchantRules, RulesSetting
from ledger.service import merchant_of
from ledger.terminal_list import local_time
from sync.protocol import Refused, RuleSet, rules_changes, rules_from_dict
from terminal.lang import say


def _parsed(text: str | None) -> RuleSet | None:
    """A rule set as the ledger stored it; None: not held, or one these rules no longer read."""
    if text is None:
        return None
    try:
        return rules_from_dict(json.loads(text))
    except Refused:
        return None


def _changes(before: RuleSet | None, after: RuleSet | None) -> list[str] | None:
    """What ``after`` changed, as said; None when either is unknown."""
    if before is None or after is None:
        return None
    return [say(en, zh) for en, zh in rules_changes(before, after)]


def history(session: Session, merchant_id: str) -> dict[str, Any]:
    """Every setting of the merchant's rules, oldest first. A merchant starts with the default rules, so the first
    one set is compared with them; the rules held before the ledger kept this have no time and no changes."""
    merchant = merchant_of(session, merchant_id)
    zone = ZoneInfo(merchant.timezone)
    held = {version: rules for version, rules in session.execute(
        select(MerchantRules.version, MerchantRules.rules).where(MerchantRules.merchant_id == merchant_id))}
    settings = session.execute(select(RulesSetting.version, RulesSetting.set_at)
                               .where(RulesSetting.merchant_id == merchant_id).order_by(RulesSetting.id))
    before: RuleSet | None = RuleSet()
    rows = []
    for version, set_at in settings:
        rules = _parsed(held.get(version))
        rows.append({"version": version, "set_at": local_time(set_at, zone),
                     "changes": None if set_at is None else _changes(before, rules)})
        before = rules
    return {"merchant": merchant_id, "timezone": merchant.timezone,
            "in_force": merchant.rules_version or RuleSet().version, "settings": rows}


def history_text(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    merchant, in_force = data["merchant"], data["in_force"]
    if not data["settings"]:
        return data, say(f"merchant {merchant} has the default rules (version {in_force}): none has been set "
                         "(jifen-ledger merchant rules)",
                         f"商户 {merchant} 使用默认规则（版本 {in_force}）：尚未设置过规则（jifen-ledger merchant rules）")
    lines = [say(f"Rules of {merchant}, oldest first (times in {data['timezone']}):",
                 f"商户 {merchant} 的规则，按设置先后（时间为 {data['timezone']} 时间）：")]
    last = len(data["settings"]) - 1
    for index, row in enumerate(data["settings"]):
        lines.append("  " + _heading(row, index == last))
        lines += [f"    {change}" for change in _change_lines(row["changes"])]
    return data, "\n".join(lines)


def _heading(row: dict[str, Any], in_force: bool) -> str:
    version, at = row["version"], row["set_at"]
    when = say(f"set {at}", f"设置于 {at}") if at else say("set before the ledger recorded when", "设置时间未记录")
    now = say(" (in force)", "（现行）") if in_force else ""
    return say(f"version {version}, {when}{now}", f"版本 {version}，{when}{now}")


def _change_lines(changes: list[str] | None) -> list[str]:
    if changes is None:
        return [say("what it changed was not recorded", "改动未记录")]
    return changes or [say("no change", "无改动")]
