"""补积分 and refunds kept to what the till can know: a cashier alone only within ALONE_MINUTES of the sale's payment,
nothing for a sale made before entries only the ledger holds, and a sale of another terminal sent there in its words."""

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.journal import ChainEnd, resume_after
from terminal.models import JournalEntry, Sale
from terminal.services.refunds import record_refund
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import CASHIER, MANAGER, OWNER, balance, hire_staff, member, move_clock, now_of, \
    refused_writing_nothing, sell

PHONE = "13800138000"


def _sale_member_of(till: Till, sale_id: str) -> str | None:
    with till.reading() as uow:
        sale = uow.session.get(Sale, sale_id)
        assert sale is not None
        return sale.member_id


def test_a_cashier_alone_gives_a_sale_its_member_within_30_minutes_of_paying(till: Till) -> None:
    hire_staff(till)
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-01 10:30")
    assert give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, PHONE).earned_points == 50
    assert _sale_member_of(till, sale.sale_id) == m


def test_a_cashier_alone_is_refused_31_minutes_after_paying_and_told_why(till: Till) -> None:
    hire_staff(till)
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-01 10:31")
    refused = refused_writing_nothing(till, lambda: give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id,
                                                                     PHONE))
    assert refused.code == "approval_required"
    assert refused.en == ("a sale given its member more than 30 minutes after it was paid needs a manager's approval "
                          "(--approver)")
    assert refused.zh == "付款 30 分钟以后才补积分需要店长授权（--approver）"
    assert (_sale_member_of(till, sale.sale_id), balance(till, m)) == (None, 500)
    give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, PHONE, MANAGER)
    assert (_sale_member_of(till, sale.sale_id), balance(till, m)) == (m, 550)
    with till.reading() as uow:
        entry = uow.session.scalars(select(JournalEntry).where(JournalEntry.kind == "sale_member")).one()
        assert (entry.actor, entry.approver) == (CASHIER.name, MANAGER.name)


def test_another_terminals_sale_is_sent_there_in_the_words_of_giving_a_member(till: Till) -> None:
    member(till)
    refused = refused_writing_nothing(till, lambda: give_sale_member(till.uow(), till.shop, CASHIER, "T2-6", PHONE))
    assert refused.en == "sale T2-6 was made at terminal T2, not at this one (T1): give it its member at T2"
    assert refused.zh == "销售单 T2-6 是在终端 T2 售出的，不是本机（T1）：请在 T2 补积分"
    refund = refused_writing_nothing(till, lambda: record_refund(till.uow(), till.shop, OWNER, "T2-6"))
    assert refund.en.endswith("(T1): refund it at T2")


def _carry_on_after_the_ledger(till: Till, entries: int) -> tuple[int, int]:
    """As `jifen restore` does when the ledger holds ``entries`` more of this terminal's entries than the store."""
    with till.uow() as uow:
        head = uow.session.scalars(select(JournalEntry).order_by(JournalEntry.seq.desc()).limit(1)).one()
        end = ChainEnd(head.seq + entries, "ab" * 32, head.liability_after, head.seq, head.hash)
        gap = resume_after(uow.session, end, now_of(till), "restore")
        assert gap is not None
        uow.commit()
    return gap.from_seq, gap.to_seq


def test_a_sale_made_before_entries_only_the_ledger_holds_is_neither_given_a_member_nor_refunded(till: Till) -> None:
    m = member(till)
    before = sell(till, None, ("general", 10000))
    first, last = _carry_on_after_the_ledger(till, 3)
    refused = refused_writing_nothing(till, lambda: give_sale_member(till.uow(), till.shop, OWNER, before.sale_id,
                                                                     PHONE))
    assert refused.code == "forbidden"
    assert refused.en == (
        f"sale {before.sale_id} was made before entries {first}–{last}, which only the ledger holds (this store "
        "carries on after them since 2026-03-01): they may have refunded it or given it a member, so this till "
        "cannot give it its member; ask the owner to adjust the points or money by hand")
    assert "因此本终端不能补积分；请店主手工调整积分或款项" in refused.zh
    refund = refused_writing_nothing(till, lambda: record_refund(till.uow(), till.shop, OWNER, before.sale_id))
    assert "so this till cannot refund it; ask the owner" in refund.en
    assert "因此本终端不能退款" in refund.zh
    assert (_sale_member_of(till, before.sale_id), balance(till, m)) == (None, 500)
    held = refused_writing_nothing(till, lambda: give_sale_member(till.uow(), till.shop, OWNER, f"T1-{first}", PHONE))
    assert held.en.endswith("only the ledger holds them, so this till cannot give it its member")
    assert held.zh.endswith("因此本终端无法为其补积分")

    after = sell(till, None, ("general", 10000))
    assert give_sale_member(till.uow(), till.shop, CASHIER, after.sale_id, PHONE).earned_points == 50
    assert record_refund(till.uow(), till.shop, OWNER, after.sale_id).reversed_points == 50


def test_a_cashier_alone_gives_a_sale_its_member_just_after_midnight(till: Till) -> None:
    """A night shop: paid at 23:58, the card shown at 00:01 is three minutes late, not an earlier day's business."""
    hire_staff(till)
    m = member(till)
    move_clock(till, "2026-03-01 23:58")
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-02 00:01")
    assert give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, PHONE).earned_points == 50
    assert (_sale_member_of(till, sale.sale_id), balance(till, m)) == (m, 550)


def test_an_earlier_days_sale_paid_over_30_minutes_ago_needs_a_manager_and_says_so(till: Till) -> None:
    hire_staff(till)
    member(till)
    move_clock(till, "2026-03-01 23:20")
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-02 00:01")
    refused = refused_writing_nothing(till, lambda: give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id,
                                                                     PHONE))
    assert (refused.code, refused.en) == ("approval_required", "giving a sale of an earlier day its member needs a "
                                                               "manager's approval (--approver)")
    assert _sale_member_of(till, sale.sale_id) is None
