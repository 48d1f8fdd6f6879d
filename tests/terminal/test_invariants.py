"""Property-based checks of the invariants, on a real store, with random days at the counter."""

import ast
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.home import Home
from terminal.journal import Who, verify
from terminal.models import JournalEntry, Lot, Member
from terminal.services.adjust import adjust_points
from terminal.services.expiry import expire_points
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.store import MANAGER, OWNER, member, move_clock, new_till, sell

PHONES = ["13800000001", "13800000002", "13800000003"]
ROOT = Path(__file__).parents[2]


@contextmanager
def fresh_till() -> Iterator[Till]:
    with tempfile.TemporaryDirectory() as folder:
        till = new_till(Home(Path(folder) / "store"))
        try:
            yield till
        finally:
            till.close()


lines = st.lists(st.tuples(st.sampled_from(["general", "digital", "excluded"]), st.integers(1, 500_000)),
                 min_size=1, max_size=4)
operation = st.one_of(
    st.tuples(st.just("sale"), st.sampled_from(PHONES + [None]), lines, st.integers(0, 100)),
    st.tuples(st.just("refund"), st.integers(0, 50), st.integers(0, 3)),
    st.tuples(st.just("adjust"), st.sampled_from(PHONES), st.integers(-300, 300)),
    st.tuples(st.just("days"), st.integers(1, 400)),
)


def _apply(till: Till, op: tuple, sales: list[str], day: list[int]) -> None:  # type: ignore[type-arg]
    kind = op[0]
    try:
        if kind == "sale":
            _, phone, sale_lines, share = op
            held = show_member(till.reading(), till.shop, phone).balance if phone else 0
            redeem = max(0, held) * share // 100 if phone else 0
            total = sum(a for _, a in sale_lines)
            redeem = min(redeem, total)
            sales.append(sell(till, phone, *sale_lines, redeem=redeem, approver=MANAGER).sale_id)
        elif kind == "refund" and sales:
            _, which, line = op
            record_refund(till.uow(), till.shop, MANAGER, sales[which % len(sales)], [line + 1] if line else None)
        elif kind == "adjust" and op[2]:
            adjust_points(till.uow(), till.shop, OWNER, op[1], op[2], "test")
        elif kind == "days":
            day[0] += op[1]
            move_clock(till, f"{_date(day[0])} 10:00")
            if op[1] % 2:
                expire_points(till.uow(), till.shop, Who(None))
    except Refused as refused:
        assert refused.code in {"already_refunded", "not_found", "insufficient_points", "member_in_debt", "bad_input"}


def _date(offset: int) -> str:
    from datetime import date, timedelta
    return (date(2026, 3, 1) + timedelta(days=offset)).isoformat()


def _check_invariants(till: Till) -> None:
    with till.reading() as uow:
        session = uow.session
        assert verify(session).ok
        for m in session.scalars(select(Member)):
            view = show_member(till.reading(), till.shop, m.id)
            live = sum(points for points, _ in view.lots)
            assert view.balance == live - m.debt_points
            assert m.debt_points >= 0 and (m.debt_points == 0 or live == 0)
        held = session.scalar(select(func.coalesce(func.sum(Lot.remaining), 0)))
        debt = session.scalar(select(func.coalesce(func.sum(Member.debt_points), 0)))
        last = session.scalar(select(JournalEntry.liability_after).order_by(JournalEntry.seq.desc()).limit(1))
        assert last == held - debt
        for payload in session.scalars(select(JournalEntry.payload)):
            _assert_no_float(json.loads(payload))


def _assert_no_float(value: object) -> None:
    assert not isinstance(value, float), value
    if isinstance(value, dict):
        for item in value.values():
            _assert_no_float(item)
    elif isinstance(value, list):
        for item in value:
            _assert_no_float(item)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_balances_equal_lots_and_the_journal_agrees(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    with fresh_till() as till:
        for phone in PHONES:
            member(till, phone)
        sales: list[str] = []
        day = [0]
        for op in ops:
            _apply(till, op, sales, day)
        _check_invariants(till)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=st.lists(lines, max_size=3), sale_lines=lines, share=st.integers(0, 100), order=st.randoms(),
       referred=st.booleans())
def test_refunding_a_whole_sale_restores_points_and_growth_exactly(history, sale_lines, share, order, referred) -> None:  # type: ignore[no-untyped-def]
    with fresh_till() as till:
        member(till, PHONES[0])
        phone = PHONES[1]
        member(till, phone, referrer=PHONES[0] if referred else None)
        for earlier in history:
            sell(till, phone, *earlier, approver=MANAGER)
        before = show_member(till.reading(), till.shop, phone)
        total = sum(a for _, a in sale_lines)
        redeem = min(before.balance * share // 100, total)
        sale = sell(till, phone, *sale_lines, redeem=redeem, approver=MANAGER)
        numbers = list(range(1, len(sale_lines) + 1))
        order.shuffle(numbers)
        while numbers:
            take = numbers[: order.randint(1, len(numbers))]
            numbers = numbers[len(take):]
            record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, take)
        after = show_member(till.reading(), till.shop, phone)
        assert after.balance == before.balance + sale.bonus_points
        assert after.growth_fen == before.growth_fen
        _check_invariants(till)


NO_FLOATS = ("terminal", "ledger", "printing")  # every file under these, the CLI included
# What truly needs floats, and why; everything else computes in integers.
FLOAT_FOLDERS = {
    "terminal/scan": "camera frames: OpenCV geometry in fractions of a pixel, frame timing in seconds",
}
FLOAT_LINES = {  # (file, the line's text): why
    ("ledger/api.py", "HEALTH_TIMEOUT_S = 3.0"): "a timeout in seconds",
    ("ledger/api.py", "CANNOT_WRITE_FOR_S = 60.0"): "a span of monotonic seconds",
    ("ledger/db.py", "time.sleep(min(0.5, 0.01 * 2**(attempt - 1)))"): "the pause before retrying a busy database, in "
                                                                        "seconds",
    ("printing/connections.py", "WRITE_TIMEOUT_S = 10.0"): "a socket's timeout in seconds",
    ("printing/settings.py", "CONNECT_TIMEOUT_S = 3.0"): "a socket's timeout in seconds",
    ("printing/service.py", "return self.settings.answer_timeout_ms / 1000"): "a socket's timeout in seconds",
    ("printing/render_png.py", "middle = (column + span / 2) * cell * scale"): "a glyph's middle on the PNG preview, "
                                                                               "a pixel position Pillow takes as a float",
}


def _path_parts(tree: ast.Module) -> set[str]:
    """Names the module binds to a string: ``root / CLOCK_FILE`` joins a path, it does not divide."""
    return {target.id for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for target in node.targets if isinstance(target, ast.Name)}


def _is_text(node: ast.expr, path_parts: set[str]) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)) \
        or (isinstance(node, ast.Name) and node.id in path_parts)


def _float_use(node: ast.AST, path_parts: set[str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, float):
        return "float literal"
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "float":
        return "float()"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) \
            and not (_is_text(node.left, path_parts) or _is_text(node.right, path_parts)):
        return "true division"
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Div) and not _is_text(node.value, path_parts):
        return "true division"
    return None


def _checked_files() -> Iterator[tuple[str, Path]]:
    for folder in NO_FLOATS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if not any(name.startswith(f"{excluded}/") for excluded in FLOAT_FOLDERS):
                yield name, path


def test_no_float_or_true_division_in_the_arithmetic() -> None:
    """Money, points, rates and multipliers stay integers: no float literal, float() or '/' (a path join aside)
    anywhere in terminal/, ledger/ or printing/, but where FLOAT_FOLDERS and FLOAT_LINES say why."""
    offenders, excused = [], set()
    for name, path in _checked_files():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        path_parts = _path_parts(tree)
        for node in ast.walk(tree):
            use = _float_use(node, path_parts)
            if use is None:
                continue
            line: int = getattr(node, "lineno")  # only expressions and statements use floats, and they have one
            key = (name, lines[line - 1].strip())
            if key in FLOAT_LINES:
                excused.add(key)
            else:
                offenders.append(f"{name}:{line} {use}")
    assert offenders == []
    assert excused == set(FLOAT_LINES), "an excused line no longer uses a float: drop it from FLOAT_LINES"
