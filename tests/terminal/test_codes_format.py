"""The member code format: what it carries, how big its QR code is, and how each bad code is refused."""

import binascii
from datetime import UTC, datetime

import pytest
import qrcode  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from terminal.codes import CODE_LENGTHS, Kind, Trust, base32, issue_code, verify_code
from terminal.errors import Refused
from terminal.keys import CodeSigner, key_id, raw_public
from tests.helpers.member_codes import (
    BY_MERCHANT,
    BY_TERMINAL,
    ISSUED,
    MEMBER,
    MERCHANT_KEY,
    TERMINAL_KEY,
    TRUST,
)

# Ed25519 signatures are deterministic: this is what version 1 of the format looks like, for good.
EXAMPLE = ("JF107Q2D1BB002468ACEGJMPTD3KPG5CHTTMXCM7R26C610DASJMT180R1NR7MWFJK7MVQAB8D4REZPGVJ428WPVNTGJ6WC6HAC90EV9V"
           "N7C744E8ZG539EC17YKAE0EAYD4729GQ0ECHX0")


def _refusal(text: str, trust: Trust = TRUST) -> Refused:
    with pytest.raises(Refused) as refused:
        verify_code(text, trust)
    return refused.value


def _qr(text: str) -> qrcode.QRCode:  # type: ignore[type-arg]
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    return qr


def test_a_merchant_code_carries_the_member_and_the_issue_time() -> None:
    code = issue_code(BY_MERCHANT, MEMBER, ISSUED)
    assert code == EXAMPLE
    read = verify_code(code, TRUST)
    assert (read.member_id, read.issued_at, read.kind, read.terminal_key) == (MEMBER, ISSUED, Kind.MERCHANT, None)
    assert read.merchant_key_id == key_id(MERCHANT_KEY).hex()


def test_a_terminal_code_carries_the_terminal_key_and_its_certificate() -> None:
    code = issue_code(BY_TERMINAL, "MZZZZZZZZZZZZ", ISSUED)
    read = verify_code(code, TRUST)  # only the merchant's public key is needed
    assert (read.member_id, read.kind, read.terminal_key) == ("MZZZZZZZZZZZZ", Kind.TERMINAL, raw_public(TERMINAL_KEY).hex())


@pytest.mark.parametrize(("signer", "version"), [(BY_MERCHANT, 6), (BY_TERMINAL, 10)])
def test_codes_fit_a_qr_code_of_version_10_or_less_at_level_m_in_alphanumeric_mode(signer: CodeSigner, version: int) -> None:
    code = issue_code(signer, MEMBER, ISSUED)
    assert len(code) == CODE_LENGTHS[Kind.MERCHANT if signer is BY_MERCHANT else Kind.TERMINAL]
    qr = _qr(code)
    assert qr.version == version
    assert [segment.mode for segment in qr.data_list] == [qrcode.util.MODE_ALPHA_NUM]


def test_the_issue_time_is_rounded_up_to_the_second() -> None:
    read = verify_code(issue_code(BY_MERCHANT, MEMBER, ISSUED.replace(microsecond=1)), TRUST)
    assert read.issued_at == ISSUED.replace(second=1)


def test_a_scanner_with_caps_lock_or_a_full_width_input_method_reads_the_same_code() -> None:
    assert verify_code(EXAMPLE.lower(), TRUST).member_id == MEMBER
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in EXAMPLE)  # ＪＦ１… as a Chinese IME in full-width mode types it
    assert verify_code(f"  {full_width}\n", TRUST).member_id == MEMBER


def test_every_single_character_change_is_refused() -> None:
    for position, original in enumerate(EXAMPLE):
        for replacement in base32.ALPHABET:
            if replacement == original:
                continue
            refused = _refusal(EXAMPLE[:position] + replacement + EXAMPLE[position + 1:])
            if position >= 3:
                assert refused.code == "forged_code", (position, replacement)
            else:  # JF1 itself: no longer a member code, or a format this version does not know
                assert refused.code in {"not_a_member_code", "forged_code"}, (position, replacement)


def test_a_terminal_code_changed_anywhere_is_refused_as_forged() -> None:
    code = issue_code(BY_TERMINAL, MEMBER, ISSUED)
    for position in range(3, len(code)):
        replacement = "0" if code[position] != "0" else "1"
        assert _refusal(code[:position] + replacement + code[position + 1:]).code == "forged_code", position


def test_truncated_and_lengthened_codes_are_refused() -> None:
    for length in range(len(EXAMPLE)):
        refused = _refusal(EXAMPLE[:length])
        assert refused.code == ("forged_code" if length >= 3 else "not_a_member_code"), length
    assert _refusal(EXAMPLE + "0").code == "forged_code"
    assert _refusal(EXAMPLE + EXAMPLE).code == "forged_code"
    cut_short = _refusal(EXAMPLE[:-4])  # a read cut short, or a key pressed mid-scan: the cashier scans again
    assert (cut_short.en, cut_short.zh) == ("this member code is not genuine: altered, or not read whole (scan it again)",
                                            "会员码无效：已被篡改或未读全（请重新扫描）")


def _recrc(code: str, change: int) -> str:
    """The code with byte ``change`` of its record flipped and a correct CRC: an attacker's edit."""
    record = bytearray(base32.decode(code[3:], (len(code) - 3) * 5 // 8) or b"")
    record[change] ^= 0x01
    body = bytes(record[:-2])
    return code[:3] + base32.encode(body + binascii.crc_hqx(body, 0xFFFF).to_bytes(2, "big"))


def test_an_edit_with_a_recomputed_checksum_fails_the_signature() -> None:
    member_byte = 1 + 4 + 3
    refused = _refusal(_recrc(EXAMPLE, member_byte))
    assert refused.code == "forged_code" and "signature" in refused.en
    terminal_code = issue_code(BY_TERMINAL, MEMBER, ISSUED)
    public_key_byte = 21 + 5
    refused = _refusal(_recrc(terminal_code, public_key_byte))
    assert refused.code == "forged_code" and "certificate" in refused.en


def test_a_terminal_that_certified_itself_is_refused() -> None:
    self_made = CodeSigner("m1", TERMINAL_KEY, key_id(MERCHANT_KEY), TERMINAL_KEY.sign(b"trust me"))
    refused = _refusal(issue_code(self_made, MEMBER, ISSUED))
    assert refused.code == "forged_code"


def test_a_code_signed_by_a_key_this_terminal_does_not_know_is_unknown_key() -> None:
    stranger = Ed25519PrivateKey.generate()
    refused = _refusal(issue_code(CodeSigner("m1", stranger, key_id(stranger)), MEMBER, ISSUED))
    assert refused.code == "unknown_key"
    assert key_id(stranger).hex() in refused.en


def test_another_merchants_code_is_not_a_member_code_here() -> None:
    other = Ed25519PrivateKey.generate()
    refused = _refusal(issue_code(CodeSigner("m2", other, key_id(other)), MEMBER, ISSUED))
    assert refused.code == "not_a_member_code"
    assert "another merchant" in refused.en and "其他商户" in refused.zh


def test_the_same_key_under_another_merchant_id_does_not_verify() -> None:
    refused = _refusal(EXAMPLE, Trust.of("m2", [MERCHANT_KEY.public_key()]))
    assert refused.code == "not_a_member_code"


@pytest.mark.parametrize(("text", "says"), [
    ("https://weixin.qq.com/r/abc", "web address"),
    ("www.example.com/member", "web address"),
    ("134567890123456789", "payment code"),  # WeChat Pay
    ("287654321098765432", "payment code"),  # Alipay
    ("wxp://f2f0abc", "payment code"),
    ("https://qr.alipay.com/fkx12345", "payment code"),
    ("JFR1/S/T1/17/1772330400/19999/99/0/00112233aabbccdd/ABC", "receipt"),
    ("6901234567892", "not a member code"),  # an EAN-13 from a product
    ("", "nothing was read"),
    ("   ", "nothing was read"),
    ("JF", "not a member code"),
    ("JFX123", "not a member code"),
])
def test_codes_that_are_not_member_codes_say_what_they_are(text: str, says: str) -> None:
    refused = _refusal(text)
    assert refused.code == "not_a_member_code"
    assert says in refused.en


def test_an_unknown_format_version_is_refused() -> None:
    refused = _refusal("JF2" + EXAMPLE[3:])
    assert refused.code == "forged_code" and "JF2" in refused.en


@pytest.mark.parametrize("member_id", ["M0123456789A", "X0123456789AB", "M0123456789AI", "m0123456789ab", ""])
def test_issuing_needs_a_member_id(member_id: str) -> None:
    with pytest.raises(Refused) as refused:
        issue_code(BY_MERCHANT, member_id, ISSUED)
    assert refused.value.code == "bad_input"


def test_issuing_needs_a_time_the_format_can_hold() -> None:
    with pytest.raises(Refused) as refused:
        issue_code(BY_MERCHANT, MEMBER, datetime(2107, 1, 1, tzinfo=UTC))
    assert refused.value.code == "bad_input"


def test_base32_is_strict_and_canonical() -> None:
    data = bytes(range(87))
    text = base32.encode(data)
    assert base32.decode(text, 87) == data
    assert base32.decode(text.lower(), 87) == data
    last = base32.ALPHABET.index(text[-1])
    assert base32.decode(text[:-1] + base32.ALPHABET[last | 1], 87) is None  # a padding bit set
    assert base32.decode(text[:-1] + "U", 87) is None  # not in the alphabet
    assert base32.decode(text[:-1] + "ß", 87) is None  # upper-cases to two letters
    assert base32.decode(text[:-1], 87) is None
