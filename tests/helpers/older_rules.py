"""The rules parser of jifen before a category could have a label, for a till older than the ledger's rules
(installer/README.md step 9). Tests put it in place of ``sync.relay.rules_from_dict``."""

from typing import Any

from terminal.errors import Refused
from terminal.rules import RuleSet, rules_from_dict


def before_labels(data: dict[str, Any]) -> RuleSet:
    """How jifen read the ledger's rules before a category could have a label: each rate a whole number."""
    for name, rate in dict(data.get("categories") or {}).items():
        if isinstance(rate, dict):
            raise Refused("bad_rules", f"rules: categories.{name}: must be a whole number from 0 to 100000",
                          f"规则文件：categories.{name}：应为 0 到 100000 之间的整数")
    return rules_from_dict(data)
