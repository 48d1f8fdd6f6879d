"""The code printed as a QR on a coupon: what the coupon is worth, to whom, until when, signed
with the issuing store's merchant key, so any terminal of the merchant can take it offline.

The text is ``JFQ1/MERCHANT/ID/VALUE/MIN_SPEND/EXPIRES/MEMBER/SIGNATURE``: ID the issuing entry
(T1-17), VALUE and MIN_SPEND in fen, EXPIRES the last valid day (YYYYMMDD), MEMBER the member id
or ``-``, SIGNATURE the Ed25519 signature of everything before the last ``/`` in Crockford base32.

Pure functions: keys come in as arguments.
"""

import re
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from terminal.codes import base32
from terminal.errors import Refused

PREFIX = "JFQ1"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,47}")
_NUMBER = re.compile(r"[0-9]{1,12}")
_DAY = re.compile(r"[0-9]{8}")
_MEMBER = re.compile(r"M[0-9A-Z]{12}|-")


@dataclass(frozen=True)
class CouponCode:
    merchant: str
    id: str
    value_fen: int
    min_spend_fen: int
    expires_on: date
    member_id: str | None


def _body(code: CouponCode) -> str:
    return "/".join([PREFIX, code.merchant, code.id, str(code.value_fen), str(code.min_spend_fen),
                     code.expires_on.strftime("%Y%m%d"), code.member_id or "-"])


def build(key: Ed25519PrivateKey, code: CouponCode) -> str:
    body = _body(code)
    return f"{body}/{base32.encode(key.sign(body.encode('ascii')))}"


def looks_like_coupon(text: str) -> bool:
    return text.strip().upper().startswith(PREFIX + "/")


def _forged(detail_en: str, detail_zh: str) -> Refused:
    return Refused("forged_code", f"this coupon code is damaged or altered ({detail_en})", f"该优惠券码已损坏或被篡改（{detail_zh}）")


def parse(text: str) -> tuple[CouponCode, bytes]:
    """What the code says and its signature; the signature is not checked here."""
    parts = text.strip().split("/")
    if len(parts) != 8 or parts[0].upper() != PREFIX:
        raise _forged("not the fields of a coupon code", "字段不符")
    _, merchant, coupon_id, value, min_spend, expires, member, signature = parts
    if not (_ID.fullmatch(merchant) and _ID.fullmatch(coupon_id) and _NUMBER.fullmatch(value)
            and _NUMBER.fullmatch(min_spend) and _DAY.fullmatch(expires) and _MEMBER.fullmatch(member)):
        raise _forged("a field", "字段")
    raw = base32.decode(signature.upper(), 64)
    if raw is None:
        raise _forged("signature", "签名")
    try:
        day = date(int(expires[:4]), int(expires[4:6]), int(expires[6:]))
    except ValueError:
        raise _forged("date", "日期") from None
    return CouponCode(merchant, coupon_id, int(value), int(min_spend), day, None if member == "-" else member), raw


def verify(text: str, merchant: str, keys: tuple[Ed25519PublicKey, ...]) -> CouponCode:
    """A coupon of this merchant signed by one of its keys; else ``foreign_coupon`` or ``forged_code``. A scanner
    with Caps Lock on turns every letter's case round: the code is taken if it verifies turned back (the signature
    still decides), and refused for what is wrong with it as read."""
    try:
        return _verified(text, merchant, keys)
    except Refused as refused:
        as_read = refused
    try:
        return _verified(text.swapcase(), merchant, keys)
    except Refused:
        raise as_read from None


def _verified(text: str, merchant: str, keys: tuple[Ed25519PublicKey, ...]) -> CouponCode:
    code, signature = parse(text)
    if code.merchant != merchant:
        raise Refused("foreign_coupon", f"this coupon is from merchant {code.merchant}, not {merchant}: it cannot be used here",
                      f"这张优惠券属于商户 {code.merchant}，不是 {merchant}：本店不能使用")
    body = _body(code).encode("ascii")
    for key in keys:
        try:
            key.verify(signature, body)
            return code
        except InvalidSignature:
            continue
    raise Refused("forged_code", "the coupon's signature does not match any key of this merchant: it was altered or forged",
                  "优惠券签名与本商户的密钥都不符：已被篡改或伪造")
