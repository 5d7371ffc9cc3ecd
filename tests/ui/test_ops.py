"""Kiosk operations (ui/ops) and the one place their changes are applied.

An op returns what pos says it changed; the DB worker hands that to every listener after the
asking screen's own on_done (DbWorker.changed -> AppContext.apply_changes -> stock_changed ...).
No screen applies changes itself, and no screen looks the context's parts up defensively."""
from __future__ import annotations

import ast
import pathlib

import pytest

from pos.store import OpChanges
from testclock import Clock
from ui.ops import OpResult, changes_of

ROOT = pathlib.Path(__file__).resolve().parents[2]
WAIT = 20_000


@pytest.fixture
def ctx(qtbot, kiosk_db):
    from ui.context import AppContext
    from ui.worker import DbWorker

    worker = DbWorker(kiosk_db.path, clock=Clock())
    with qtbot.waitSignal(worker.opened, timeout=WAIT) as opened:
        pass
    c = AppContext(worker, settings=opened.args[0])
    c.set_staff(kiosk_db.manager)
    yield c
    worker.stop()


def test_changes_of_reads_a_result_or_its_changes():
    ch = OpChanges(catalog=True)
    assert changes_of(ch) is ch
    assert changes_of(OpResult("value", ch)) is ch
    assert changes_of(("a", ch)) is None  # a tuple says nothing: an op wraps it in OpResult
    assert changes_of({"changes": ch}) is None
    assert changes_of(None) is None


def test_the_worker_announces_changes_after_on_done_even_when_it_fails(qtbot, ctx):
    seen = []
    ctx.worker.changed.connect(lambda ch: seen.append(("changed", ch)))

    def done(result):
        seen.append(("done", result))
        raise RuntimeError("a screen's bug")  # the database changed all the same

    with qtbot.capture_exceptions() as raised, qtbot.waitSignal(ctx.worker.changed, timeout=WAIT):
        ctx.worker.submit(lambda store: OpResult(7, OpChanges(stock={"p1"})), on_done=done)
    assert [str(e[1]) for e in raised] == ["a screen's bug"]
    assert [kind for kind, _ in seen] == ["done", "changed"]
    assert seen[1][1].stock == {"p1"}
    with qtbot.waitSignal(ctx.worker.busy_changed, check_params_cb=lambda n: n == 0, timeout=WAIT):
        ctx.worker.submit(lambda store: {"plain": 1})
        ctx.worker.submit(lambda store: 1 / 0, on_error=lambda e: None)
    assert len(seen) == 2  # a plain value and a failed job change nothing


def test_a_stock_move_reaches_every_listener_without_a_screen(qtbot, ctx, kiosk_db):
    """The op alone: its changes arrive as ctx.stock_changed with the product, nobody applies them."""
    from ui.ops import stock as stock_ops

    salt = kiosk_db.products["Muối hầm Bạc Liêu 500 g"]
    got, shown_before = [], []
    ctx.stock_changed.connect(lambda _ids: shown_before.append(len(got)))
    with qtbot.waitSignal(ctx.stock_changed, timeout=WAIT) as moved:
        ctx.worker.submit(stock_ops.move, salt, 3, "transfer_in", "từ quầy Hà Nội", kiosk_db.manager["id"],
                          kiosk_db.manager["id"], on_done=got.append)
    assert moved.args[0] == {salt}
    assert (got[0].value[0]["kind"], got[0].value[0]["qty"]) == ("transfer_in", 3)
    assert shown_before == [1]  # the asking screen had its ledger before the listeners heard


def test_a_sale_made_by_the_op_refreshes_sales_stock_and_pushes(qtbot, ctx, kiosk_db):
    """What the sell screen used to apply by hand: sales and stock refresh, the sync thread is
    woken for the sale's event."""
    from pos.cart import Cart
    from ui.ops import catalog as catalog_ops, sales as sale_ops

    pushed = []
    ctx.sync = type("Sync", (), {"trigger": lambda self: pushed.append(1)})()
    found = []
    with qtbot.waitSignal(ctx.worker.busy_changed, check_params_cb=lambda n: n == 0, timeout=WAIT):
        ctx.worker.submit(catalog_ops.lookup, kiosk_db.barcodes["Mật ong rừng U Minh"], on_done=found.append)
    cart = Cart()
    cart.add(found[0].product)
    with qtbot.waitSignals([ctx.sales_changed, ctx.stock_changed], timeout=WAIT):
        ctx.worker.submit(sale_ops.complete, cart.to_dict(), [{"method": "cash", "tendered": 200_000}],
                          kiosk_db.clerk["id"], "vi")
    assert pushed == [1]


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _is_ctx(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "ctx") or (
        isinstance(node, ast.Attribute) and node.attr == "ctx")


def screen_hand_wiring(source: str) -> list[str]:
    """getattr(ctx / x.ctx, ...) lookups and apply_changes(...) calls in `source`."""
    out = []
    for call in _calls(ast.parse(source)):
        f = call.func
        if isinstance(f, ast.Name) and f.id == "getattr" and call.args and _is_ctx(call.args[0]):
            out.append(f"{call.lineno}: getattr(ctx, ...)")
        if isinstance(f, ast.Attribute) and f.attr == "apply_changes":
            out.append(f"{call.lineno}: apply_changes()")
    return out


def test_no_screen_applies_changes_or_looks_the_context_up_defensively():
    offenders = [f"{p.relative_to(ROOT)}:{hit}" for p in sorted((ROOT / "ui").rglob("*.py"))
                 if p.name != "context.py" for hit in screen_hand_wiring(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_wiring_check_would_catch_one():
    planted = ("def f(self, ctx):\n    sig = getattr(ctx, 'catalog_changed', None)\n"
               "    staff = getattr(self.ctx, 'staff', None)\n    self.ctx.apply_changes(ch)\n"
               "    fine = getattr(self, 'access', None)\n")
    assert screen_hand_wiring(planted) == ["2: getattr(ctx, ...)", "3: getattr(ctx, ...)", "4: apply_changes()"]


def test_ops_run_on_the_db_thread_so_they_import_no_qt():
    for path in sorted((ROOT / "ui" / "ops").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [n for n in names if n.startswith(("PySide6", "ui."))], path.name
