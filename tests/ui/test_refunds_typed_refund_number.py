"""The refunds screen, given a refund's number for the sale, says it is a refund and of which sale."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.services.refunds import record_refund
from tests.helpers.store import MANAGER
from tests.ui.test_refunds import find, stored_refunds
from tests.ui.test_refunds import sale_id, screen  # noqa: F401  (the fixtures: a sale, the screen shown)
from ui.context import AppContext
from ui.screens.refunds import RefundsScreen

pytestmark = pytest.mark.gui


def test_a_refund_number_typed_names_the_sale_to_give(qtbot: QtBot, ctx: AppContext, screen: RefundsScreen,  # noqa: F811
                                                       sale_id: str) -> None:  # noqa: F811
    refund_id = record_refund(ctx.till.uow(), ctx.till.shop, MANAGER, sale_id, [1]).refund_id
    before = stored_refunds(ctx)
    find(qtbot, ctx, refund_id)
    assert screen.problem.text() == f"{refund_id} is a refund (of sale {sale_id}): give the sale's number"
    assert screen.sale is None and screen.sale_ref.selectedText() == refund_id
    assert stored_refunds(ctx) == before
