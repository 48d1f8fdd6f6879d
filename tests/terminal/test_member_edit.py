"""A member's phone or name typed wrong, or a new phone (PIPL: the right to have one's details corrected), is
corrected by a manager or owner, or a cashier with one's approval: one member_edit entry with the new phone and name,
the member found by the new phone and no longer by the old one. Each refusal says why and writes nothing."""

import json
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.models import JournalEntry, Member, SharedPhone
from terminal.services import staff
from terminal.services.members import MemberView, edit_member, show_member
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, MANAGER, OWNER, hire_staff, member
from ui.screens.members_data import member_page

OLD, NEW = "13800138000", "13911112222"


@pytest.fixture
def shop(till: Till) -> tuple[Till, str]:
    hire_staff(till)
    return till, member(till, OLD, "张三")


def _last_entry(till: Till) -> tuple[str, str | None, str | None, int, dict[str, object]]:
    with till.reading() as uow:
        last = uow.session.scalars(select(JournalEntry).order_by(JournalEntry.seq.desc()).limit(1)).one()
        return last.kind, last.actor, last.approver, last.points_delta, json.loads(last.payload)


def _stored(till: Till) -> tuple[int, list[tuple[str, str, str | None]], list[str]]:
    with till.reading() as uow:
        session = uow.session
        entries = int(session.scalar(select(func.count(JournalEntry.seq))) or 0)
        members = [tuple(row) for row in session.execute(select(Member.id, Member.phone, Member.name).order_by(Member.id))]
        shared = list(session.scalars(select(SharedPhone.member_id).order_by(SharedPhone.member_id)))
    return entries, members, shared  # type: ignore[return-value]


def _refused(till: Till, work: Callable[[], MemberView]) -> tuple[str, str, str]:
    before = _stored(till)
    with pytest.raises(Refused) as refused:
        work()
    assert _stored(till) == before, "something was written"
    return refused.value.code, refused.value.en, refused.value.zh


def test_a_manager_corrects_the_phone_and_the_name_in_one_entry(shop: tuple[Till, str]) -> None:
    till, someone = shop
    view = edit_member(till.uow(), till.shop, MANAGER, OLD, phone="139 1111 2222", name=" 张珊 ")
    assert (view.id, view.phone, view.name) == (someone, NEW, "张珊")
    assert _last_entry(till) == ("member_edit", "max", "max", 0, {"member_id": someone, "phone": NEW, "name": "张珊"})
    assert show_member(till.reading(), till.shop, NEW).id == someone
    with pytest.raises(Refused) as gone:
        show_member(till.reading(), till.shop, OLD)
    assert gone.value.en == f"no member '{OLD}'"


def test_the_entry_carries_only_what_changed(shop: tuple[Till, str]) -> None:
    """Another till may have changed the other field meanwhile: the ledger applies only the keys present."""
    till, someone = shop
    edit_member(till.uow(), till.shop, MANAGER, OLD, phone=NEW, name="张三")
    assert _last_entry(till)[4] == {"member_id": someone, "phone": NEW}
    edit_member(till.uow(), till.shop, MANAGER, NEW, phone=NEW, name="张珊")
    assert _last_entry(till)[4] == {"member_id": someone, "name": "张珊"}
    assert _stored(till)[1] == [(someone, NEW, "张珊")]


def test_a_cashier_needs_a_managers_approval(shop: tuple[Till, str]) -> None:
    till, someone = shop
    assert _refused(till, lambda: edit_member(till.uow(), till.shop, CASHIER, someone, name="张珊")) == (
        "approval_required", "editing a member needs a manager's approval (--approver)", "修改会员资料需要店长授权（--approver）")
    view = edit_member(till.uow(), till.shop, CASHIER, someone, clear_name=True, approver=MANAGER)
    assert view.name is None
    assert _last_entry(till)[1:] == ("amy", "max", 0, {"member_id": someone, "name": None})


def test_each_refusal_says_why_and_writes_nothing(shop: tuple[Till, str]) -> None:
    till, someone = shop
    other = member(till, NEW)
    edit = till.uow
    assert _refused(till, lambda: edit_member(edit(), till.shop, OWNER, "13700000000", name="李四")) == (
        "not_found", "no member '13700000000'", "找不到会员“13700000000”")
    assert _refused(till, lambda: edit_member(edit(), till.shop, OWNER, someone, phone="1380013800")) == (
        "bad_input", "'1380013800' is not a mobile number (11 digits, starting with 13 to 19)",
        "“1380013800”不是有效手机号（以 13 至 19 开头的 11 位数字）")
    assert _refused(till, lambda: edit_member(edit(), till.shop, OWNER, someone, name="a\u0007b")) == (
        "bad_input", "a name is 1 to 32 visible characters", "姓名应为 1 到 32 个可见字符")
    assert _refused(till, lambda: edit_member(edit(), till.shop, OWNER, someone, phone=NEW)) == (
        "already_exists", "139****2222 is already another member's phone", "139****2222 已是其他会员的手机号")
    assert _refused(till, lambda: edit_member(edit(), till.shop, OWNER, someone, phone=OLD, name="张三")) == (
        "bad_input", "nothing to change: give a new --phone, --name or --no-name",
        "没有要修改的内容：请给出新的 --phone、--name 或 --no-name")
    assert _refused(till, lambda: edit_member(edit(), till.shop, OWNER, other, clear_name=True))[0] == "bad_input"
    assert _refused(till, lambda: edit_member(edit(), till.shop, OWNER, someone, name="王五", clear_name=True)) == (
        "bad_input", "give a new name or --no-name, not both", "请给出新姓名或 --no-name，不能同时给出")


def test_someone_deactivated_edits_nothing(shop: tuple[Till, str]) -> None:
    till, someone = shop
    staff.set_active(till.uow(), till.shop, OWNER, MANAGER.name, False)
    assert _refused(till, lambda: edit_member(till.uow(), till.shop, MANAGER, someone, name="张珊")) == (
        "forbidden", "max has been deactivated and can no longer edit members: nothing was recorded. Log in as someone "
        "else to do it", "max 已停用，不能再修改会员资料：本次未记录。请换其他人登录后办理")
    assert _refused(till, lambda: edit_member(till.uow(), till.shop, CASHIER, someone, name="张珊", approver=MANAGER))[1] \
        == "max has been deactivated and can no longer approve: nothing was recorded. Ask another manager to approve"


def test_the_history_says_details_changed_without_the_phone(shop: tuple[Till, str]) -> None:
    till, someone = shop
    edit_member(till.uow(), till.shop, OWNER, someone, phone=NEW)
    latest = member_page(till, NEW).history[0]
    assert (latest.kind, latest.note, latest.points_in, latest.points_out) == ("member_edit", None, 0, 0)


def test_a_phone_shared_at_the_ledger_finds_the_other_member_once_its_holder_moves(shop: tuple[Till, str]) -> None:
    """Two members the ledger holds under one phone: the phone finds one here, the other by their card. The one found
    gets a new phone: the old phone finds the other one now, with no notice of a shared phone left."""
    till, someone = shop
    with till.uow() as uow:
        uow.session.add(Member(id="M0000000000AB", phone=OLD, name=None, registered_on=till.shop.today(), debt_points=0))
        uow.session.add(SharedPhone(member_id="M0000000000AB", phone=OLD, found_at="2026-03-01T02:00:00Z"))
        uow.commit()
    assert show_member(till.reading(), till.shop, OLD).id == someone
    edit_member(till.uow(), till.shop, OWNER, someone, phone=NEW)
    found = show_member(till.reading(), till.shop, OLD)
    assert (found.id, found.shares_phone_with) == ("M0000000000AB", ())
    assert _stored(till)[2] == []


def test_the_command_line_says_it_as_member_show_does(jifen: Jifen) -> None:
    someone = jifen.member(OLD, "--name", "张三")
    run = jifen("member", "edit", OLD, "--phone", NEW, "--name", "张珊", by="max", env={"LANG": "en_US.UTF-8"})
    assert run.status == 0, str(run)
    assert run.out.splitlines()[0] == f"Changed. Member {someone}  139****2222 张珊"
    shown = jifen.ok("member", "show", NEW)
    entries = jifen.entries()
    assert jifen.ok("member", "edit", someone, "--no-name", by="amy", approver="max") == shown | {"name": None}
    assert jifen.entries() == entries + 1  # the chain holds
    zh = jifen("member", "edit", someone, "--name", "张珊", by="boss", env={"LANG": "zh_CN.UTF-8"})
    assert zh.out.splitlines()[0] == f"修改成功。会员 {someone}  139****2222 张珊"


def test_the_command_line_refuses_with_exit_2_and_writes_nothing(jifen: Jifen) -> None:
    someone = jifen.member(OLD)
    jifen.member(NEW)
    before = jifen.dump()
    assert jifen.refused("member", "edit", someone, "--phone", NEW, by="max") == "already_exists"
    assert jifen.refused("member", "edit", someone, "--name", "李四", by="amy") == "approval_required"
    assert jifen.refused("member", "edit", "13700000000", "--name", "李四", by="max") == "not_found"
    assert jifen.refused("member", "edit", someone, by="max") == "bad_input"
    run = jifen("member", "edit", someone, "--phone", "123", by="max", env={"LANG": "en_US.UTF-8"})
    assert (run.status, run.err.strip()) == (2, "'123' is not a mobile number (11 digits, starting with 13 to 19)")
    assert jifen.dump() == before
