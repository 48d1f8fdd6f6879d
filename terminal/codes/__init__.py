"""Member codes: the signed text a member shows as a QR code, issued and checked offline."""

from terminal.codes.member_code import (
           CODE_LENGTHS,
           Kind,
           MemberCode,
           Trust,
           issue_code,
           verify_code,
)
from terminal.codes.recognise import (
           has_member_code_prefix,
           looks_scanned,
           not_a_member_code,
)

__all__ = ["CODE_LENGTHS", "Kind", "MemberCode", "Trust", "has_member_code_prefix", "issue_code", "looks_scanned",
           "not_a_member_code", "verify_code"]
