"""A coupon's QR read by a scanner with Caps Lock on comes with every letter's case turned round. Coupon codes are
case-sensitive (the merchant, the coupon's id), so the code as read does not verify; turned back it does, and the
signature still decides: a code really altered is refused, however its case is turned."""

from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from terminal.errors import Refused
from terminal.mall import coupon_code
from terminal.mall.coupon_code import CouponCode

MERCHANT = "Shop7a"
KEY = Ed25519PrivateKey.generate()
COUPON = CouponCode(MERCHANT, "T1-17x", 1000, 5000, date(2027, 1, 31), "M0123456789AB")
CODE = coupon_code.build(KEY, COUPON)


def test_a_coupon_read_with_caps_lock_on_is_taken() -> None:
    assert CODE.swapcase() != CODE
    assert coupon_code.verify(CODE.swapcase(), MERCHANT, (KEY.public_key(),)) == COUPON


def test_a_coupon_altered_is_refused_with_its_case_turned_or_not() -> None:
    altered = CODE.replace("/1000/", "/9000/")
    for text in (altered, altered.swapcase()):
        with pytest.raises(Refused) as refused:
            coupon_code.verify(text, MERCHANT, (KEY.public_key(),))
        assert refused.value.code == "forged_code"


def test_a_coupon_of_another_merchant_is_refused_as_that_merchant_s() -> None:
    other = coupon_code.build(KEY, CouponCode("Other9", "T2-1", 1000, 5000, date(2027, 1, 31), None))
    with pytest.raises(Refused) as refused:
        coupon_code.verify(other, MERCHANT, (KEY.public_key(),))
    assert refused.value.code == "foreign_coupon" and "merchant Other9" in refused.value.message
