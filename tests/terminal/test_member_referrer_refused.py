"""Registering with a referrer the store cannot find says it is the referrer that was not found, in the user's language,
as the app does, and registers nobody."""

import pytest

from tests.helpers.cli import Jifen


@pytest.mark.parametrize(("locale", "message"), [
    ({"LANG": "en_US.UTF-8"}, "Referrer: no member '19999999999'\n"),
    ({"LANG": "zh_CN.UTF-8"}, "推荐人：找不到会员“19999999999”\n"),
], ids=["en", "zh"])
def test_an_unknown_referrer_is_named_as_the_referrer(jifen: Jifen, locale: dict[str, str], message: str) -> None:
    before = jifen.dump()
    run = jifen("member", "add", "--phone", "13800138000", "--referrer", "19999999999", by="amy", env=locale)
    assert (run.status, run.out, run.err) == (2, "", message)
    assert jifen.refused("member", "add", "--phone", "13800138000", "--referrer", "19999999999", by="amy") == "not_found"
    assert jifen.dump() == before


def test_a_referrer_by_phone_is_found_and_a_malformed_one_is_named_as_the_referrer(jifen: Jifen) -> None:
    referrer = jifen.member("13900139000")
    assert jifen.ok("member", "add", "--phone", "13800138000", "--referrer", "13900139000", by="amy")["id"] != referrer
    run = jifen("member", "add", "--phone", "13700137000", "--referrer", "12345", by="amy")
    assert (run.status, run.err) == (2, "Referrer: '12345' is not a mobile number (11 digits, starting with 13 to 19)\n")
