"""All of the kiosk's SQL lives in pos/: the screens, the printers and the sync client call pos
functions, so a table or a column changes in one folder and its tests see every use of it.

The check reads the source (ast), so it also sees code no test happens to run: a call of
.execute / .executemany / .executescript / .query on anything, .one / .all on a store, any use
of a store's .conn or .db (sqlite3 connection, sqlite-utils Database: db["table"], db.table()),
and any string that reads as SQL."""
from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
KIOSK = ("ui", "printers", "sync", "main.py")
NOT_KIOSK = ()  # folders under KIOSK that are not the kiosk (the central office is central/, outside them)

# (file, function): why SQL there is not SQL on the kiosk database
ALLOWED: dict[tuple[str, str], str] = {}

EXECUTE = {"execute", "executemany", "executescript", "query"}
STORE_READS = {"one", "all"}
DATABASE = {"conn", "db"}
SQL = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                 r"PRAGMA\s+\w+|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)|DROP\s+TABLE)\b")


def _receiver(node: ast.AST) -> str:
    """The last name of what a method is called on: `store` for store.one, self.store.one."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def sql_uses(source: str) -> list[tuple[int, str, str]]:
    """(line, enclosing function, what) for every use of SQL in `source`."""
    tree = ast.parse(source)
    found: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, func: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func = node.name if not func else func  # the outermost function names the place
        what = ""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in EXECUTE or (name in STORE_READS and "store" in _receiver(node.func.value)):
                what = f".{name}()"
        elif isinstance(node, ast.Attribute) and node.attr in DATABASE and "store" in _receiver(node.value):
            what = f"store.{node.attr}"
        elif isinstance(node, ast.Subscript) and _receiver(node.value) == "db":
            what = "db[...]"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            what = f"SQL text {node.value[:40]!r}"
        if what:
            found.append((getattr(node, "lineno", 0), func, what))
        for child in ast.iter_child_nodes(node):
            visit(child, func)

    visit(tree, "")
    return found


def kiosk_files() -> list[pathlib.Path]:
    out = []
    for top in KIOSK:
        path = ROOT / top
        files = [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
        out += [f for f in files if not str(f.relative_to(ROOT)).startswith(NOT_KIOSK)]
    return out


def test_no_sql_outside_pos():
    offenders, allowed_seen = [], set()
    for path in kiosk_files():
        rel = str(path.relative_to(ROOT))
        for line, func, what in sql_uses(path.read_text(encoding="utf-8")):
            if (rel, func) in ALLOWED:
                allowed_seen.add((rel, func))
            else:
                offenders.append(f"{rel}:{line} in {func or 'module'}: {what}")
    assert offenders == [], "move this SQL into a pos/ function and call that"
    assert set(ALLOWED) == allowed_seen, "an allowance no longer needed: remove it from ALLOWED"


def test_the_check_would_catch_an_offender():
    planted = '''
def poll(store):
    n = store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    row = store.one("SELECT name FROM staff WHERE id = ?", ("x",))
    store.db["products"].count
    return n, row

def later(self):
    sql = "UPDATE print_jobs SET status = 'done'"
    self.ctx.store.all(sql)
    self.worker.submit(lambda s: s.conn.executescript("DELETE FROM held"))

def fine(self, store):
    self.label.setText(self.tr("Select the products from the list"))
    return store.settings(), [x for x in self.rows if all(x)]
'''
    found = sql_uses(planted)
    assert {(f, w) for _, f, w in found} == {
        ("poll", "store.conn"), ("poll", ".execute()"), ("poll", "SQL text 'SELECT count(*) FROM outbox'"),
        ("poll", ".one()"), ("poll", "SQL text 'SELECT name FROM staff WHERE id = ?'"), ("poll", "store.db"),
        ("poll", "db[...]"), ("later", "SQL text \"UPDATE print_jobs SET status = 'done'\""), ("later", ".all()"),
        ("later", ".executescript()"), ("later", "SQL text 'DELETE FROM held'"),
    }
    assert not [w for _, f, w in found if f == "fine"]


def test_the_scan_reads_the_kiosk_folders():
    rel = {str(p.relative_to(ROOT)) for p in kiosk_files()}
    assert {"ui/sell.py", "ui/status.py", "ui/app.py", "sync/client.py", "printers/queue.py", "main.py"} <= rel
    assert not [r for r in rel if r.startswith("central/")]
