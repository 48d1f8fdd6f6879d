"""Refusals: a request the terminal will not carry out, with a stable code and a clear message."""

from terminal.lang import prefers_chinese

CODES = frozenset(
    {
        "bad_amount",
        "bad_input",
        "unknown_category",
        "not_found",
        "insufficient_points",
        "member_in_debt",
        "over_offline_cap",
        "approval_required",
        "wrong_pin",
        "locked",
        "forbidden",
        "already_refunded",
        "forged_code",
        "revoked",
        "unknown_key",
        "not_a_member_code",
        "already_exists",
        "not_initialised",
        "read_only",
        "busy",
        "damaged_store",
        "newer_store",
        "disk_full",
        "no_display",
        "bad_rules",
        "not_a_receipt_code",
        "receipt_mismatch",
        "bad_printer",
        "no_font",
        "offline",
        "ledger_refused",
        "ledger_unavailable",
        "journal_broken",
        "balances_differ",
        "local_catalog",
        "timezone_mismatch",
        "internal",
        # the points mall
        "not_on_sale",
        "out_of_stock",
        "over_limit",
        "tier_not_allowed",
        "already_cancelled",
        "too_late",
        "coupon_used",
        "coupon_expired",
        "foreign_coupon",
        "below_min_spend",
        "already_claimed",
    }
)


class Refused(Exception):
    """Raised for anything the user asked that cannot be done; nothing has been changed."""

    def __init__(self, code: str, en: str, zh: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown refusal code {code!r}")
        super().__init__(en)
        self.code = code
        self.en = en
        self.zh = zh

    @property
    def message(self) -> str:
        return self.zh if prefers_chinese() else self.en
