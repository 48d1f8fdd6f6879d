"""jifen.log as the vendor's support line reads it: a crash record names the version, the till and the command run
(its secrets masked), every time carries its UTC offset, a failed `jifen sync` leaves a line saying why, and a
normal command writes nothing."""

import re
from pathlib import Path

import pytest

from terminal.errors import Refused
from terminal.logfile import mask_personal, mask_phones, masked_command, phone_of
from terminal.services.members import normalise_phone
from terminal.version import running_version
from tests.helpers.cli import Jifen
from tests.helpers.linked_tills import connect_to_a_ledger_since_gone

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")


def _log(jifen: Jifen) -> str:
    return (jifen.home / "jifen.log").read_text(encoding="utf-8")


def _crash(jifen: Jifen) -> str:
    """A member add that fails unexpectedly (the store refuses the insert); the log's crash record."""
    jifen.query("CREATE TRIGGER boom BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    run = jifen("member", "add", "--phone", "13011112222", "--name", "孙八", by="amy")
    assert run.status == 1, str(run)
    return next(line for line in _log(jifen).splitlines() if "unexpected failure" in line)


def test_a_crash_record_names_the_version_the_till_and_the_command_masked(jifen: Jifen) -> None:
    line = _crash(jifen)
    assert f"jifen {running_version()}" in line
    assert "store 静安店, terminal T1" in line and "merchant " in line
    assert "command: jifen member add --phone 130****2222 --name *** --cashier a**" in line
    assert "13011112222" not in _log(jifen) and "孙八" not in _log(jifen)


def test_every_log_line_carries_its_utc_offset(jifen: Jifen) -> None:
    _crash(jifen)
    stamped = [line for line in _log(jifen).splitlines() if " jifen" in line and ": " in line[:80]]
    assert stamped and all(STAMP.match(line) for line in stamped), stamped


def test_a_token_given_on_the_command_line_is_masked() -> None:
    assert masked_command(["connect", "--token", "jt_secret", "--token=jt_other", "13800138000"]) == \
        "jifen connect --token *** --token=*** 138****8000"


PHONE_FORMS = ("13800138000", "+8613800138000", "8613800138000", "008613800138000", "138 0013 8000",
               "138-0013-8000", "+86 138 0013 8000", "+86-138-0013-8000", "(138) 0013-8000",
               "１３８００１３８０００", "１３８ ００１３ ８０００")
NOT_PHONES = ("T1-5", "199.99", "2026-03-01", "8080", "12345678901", "1380013800", "138000138000", "general:10")


@pytest.mark.parametrize("word", PHONE_FORMS)
def test_a_phone_typed_any_way_the_till_accepts_is_masked_in_the_command(word: str) -> None:
    assert normalise_phone(word) == "13800138000"
    assert masked_command(["sale", "--member", word, "--line", "general:10"]) == \
        "jifen sale --member 138****8000 --line general:10"
    assert masked_command(["member", "add", f"--phone={word}"]) == "jifen member add --phone=138****8000"


@pytest.mark.parametrize("word", NOT_PHONES)
def test_other_numbers_in_a_command_are_kept(word: str) -> None:
    with pytest.raises(Refused):
        normalise_phone(word)
    assert phone_of(word) is None
    assert masked_command(["refund", word, "--seq", word]) == f"jifen refund {word} --seq {word}"


def test_phones_in_log_text_are_masked_in_every_usual_form() -> None:
    text = "+8613800138000 138 0013 8000 １３８００１３８０００ 0086 138-0013-8000 +86 130 1111 2222."
    assert mask_phones(text) == "138****8000 138****8000 138****8000 138****8000 130****2222."


def test_other_numbers_in_log_text_are_kept() -> None:
    text = ("2026-03-01T09:00:00.123+08:00 WARNING jifen: sale T1-5 of 1,380,013.80 yuan, entry 12345678901, "
            "15 2026-03-01 09:00, http://127.0.0.1:8080, 138 0013 800, 1380013 8000, 13800138000123")
    assert mask_phones(text) == text


def test_a_crash_record_masks_the_member_code_the_sale_was_for(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member("13800138000")
    code = str(jifen.ok("member", "card", "13800138000", "--png", str(tmp_path / "card.png"))["code"])
    jifen.query("CREATE TRIGGER boom BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    assert jifen("sale", "--member", code, "--line", "general:10", by="amy").status == 1
    line = next(line for line in _log(jifen).splitlines() if "unexpected failure" in line)
    assert f"command: jifen sale --member {code[:3]}**** --line general:10 --cashier a**" in line, line
    assert code[3:] not in _log(jifen)


def test_member_and_payment_codes_in_log_text_are_masked_and_other_words_kept() -> None:
    text = ("scanned JF1ABCDEFGHJKMNPQRSTVWXYZ0123 then 134567890123456789 (付款码 280012345678901234) for sale T1-7, "
            "receipt JFR1/T1/7, entry 0193a5e1-7c2b-7000-8000-1234567890ab, 2026-03-01T09:00:00.123+08:00")
    assert mask_personal(text) == (
        "scanned JF1**** then 1345**** (付款码 2800****) for sale T1-7, "
        "receipt JFR1/T1/7, entry 0193a5e1-7c2b-7000-8000-1234567890ab, 2026-03-01T09:00:00.123+08:00")


def test_a_crash_record_masks_a_phone_typed_with_spaces(jifen: Jifen) -> None:
    jifen.query("CREATE TRIGGER boom BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    assert jifen("member", "add", "--phone", "+86 130 1111 2222", by="amy").status == 1
    line = next(line for line in _log(jifen).splitlines() if "unexpected failure" in line)
    assert "command: jifen member add --phone 130****2222 --cashier a**" in line, line
    assert "1111 2222" not in _log(jifen)


def test_a_normal_command_writes_no_log(jifen: Jifen) -> None:
    jifen.member("13800138000")
    jifen.ok("sale", "--line", "general:10", by="amy")
    jifen.ok("report", "day")
    assert not (jifen.home / "jifen.log").exists()


def test_a_failed_sync_leaves_one_warning_saying_why(jifen: Jifen, tmp_path: Path) -> None:
    connect_to_a_ledger_since_gone(jifen, tmp_path)
    jifen.ok("sale", "--line", "general:10", by="amy")
    assert jifen("sync").status == 2
    warnings = [line for line in _log(jifen).splitlines() if " WARNING jifen: sync failed" in line]
    assert len(warnings) == 1 and "cannot reach" in warnings[0], _log(jifen)
    jifen.ok("sync", "--status")
    assert _log(jifen).count("sync failed") == 1
