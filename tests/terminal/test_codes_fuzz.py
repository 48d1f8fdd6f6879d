"""The code parser never crashes: over 10,000 generated inputs, anything but a genuine code is refused
with one of the member-code error codes, and a genuine code is read only when it is the code itself."""

import binascii
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.codes import base32, issue_code, verify_code
from terminal.codes.member_code import merchant_tag
from terminal.errors import Refused
from tests.helpers.member_codes import BY_MERCHANT, BY_TERMINAL, ISSUED, MEMBER, TRUST

CODES = {"forged_code", "unknown_key", "not_a_member_code"}
GENUINE = [issue_code(BY_MERCHANT, MEMBER, ISSUED), issue_code(BY_TERMINAL, MEMBER, ISSUED)]
FUZZ = settings(max_examples=2_500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.slow


def _same_code(text: str, code: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip().upper() == code


def _check(text: str) -> None:
    try:
        read = verify_code(text, TRUST)
    except Refused as refused:
        assert refused.code in CODES, (text, refused.code)
        assert refused.en and refused.zh
        return
    assert any(_same_code(text, code) for code in GENUINE), text
    assert read.member_id == MEMBER


@FUZZ
@given(st.text(max_size=400))
def test_any_text_is_refused_cleanly(text: str) -> None:
    _check(text)


@st.composite
def _edited(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(GENUINE))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "case", "wrap"]))
        char = draw(st.one_of(st.sampled_from(base32.ALPHABET), st.characters()))
        if how == "replace":
            text = text[:where] + char + text[where + 1:]
        elif how == "insert":
            text = text[:where] + char + text[where:]
        elif how == "delete":
            text = text[:where] + text[where + 1:]
        elif how == "truncate":
            text = text[:where]
        elif how == "case":
            text = text[:where] + text[where:].lower()
        else:
            text = draw(st.sampled_from(["", " ", "\t", "\x02"])) + text + draw(st.sampled_from(["", "\n", "\r\n", "\x03"]))
    return text


@FUZZ
@given(_edited())
def test_edited_codes_are_refused_unless_they_still_say_the_same(text: str) -> None:
    _check(text)


@FUZZ
@given(st.sampled_from([140, 293]), st.data())
def test_well_formed_nonsense_of_the_right_length_is_refused(length: int, data: st.DataObject) -> None:
    _check("JF1" + data.draw(st.text(base32.ALPHABET, min_size=length, max_size=length)))


@FUZZ
@given(st.sampled_from([1, 2, 7, 255]), st.booleans(), st.binary(min_size=177, max_size=177), st.sampled_from([87, 183]))
def test_records_with_a_correct_checksum_are_refused_by_their_signature(kind: int, ours: bool, noise: bytes, size: int) -> None:
    """What an attacker who knows the format can make: any record, correct CRC, even this merchant's tag."""
    tag = merchant_tag("m1") if ours else noise[:4]
    body = bytes([kind]) + tag + noise[4:size - 7]
    _check("JF1" + base32.encode(body + binascii.crc_hqx(body, 0xFFFF).to_bytes(2, "big")))
