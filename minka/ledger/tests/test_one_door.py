"""One door to the ledger: no module outside minka/ledger/ creates a LedgerEntry or a
Payout. Read from the source with `ast` (not grep), tests included:

- `LedgerEntry.objects.create(...)`, `bulk_create`, `get_or_create`, `update_or_create`
  (through any chain: `.objects.using("x").create`), also on `apps.get_model("ledger",
  "LedgerEntry")` or `models.Payout`;
- `LedgerEntry(...)` / `Payout(...)`: an instance made to be saved;
- raw SQL: a string (f-strings too) that INSERTs or COPYs into ledger_ledgerentry or
  ledger_payout, or a module that writes raw INSERT/COPY while handing a ledger model
  around as a value (a table list for a bulk loader).

Bulk loading goes through minka/ledger/bulk.py, which keeps the month totals.
"""

import ast
import re
from pathlib import Path

import pytest

MINKA = Path(__file__).resolve().parents[2]
LEDGER = MINKA / "ledger"
MODELS = {"LedgerEntry", "Payout"}
TABLES = ("ledger_ledgerentry", "ledger_payout")
WRITES = {
    "create", "bulk_create", "get_or_create", "update_or_create",
    "acreate", "abulk_create", "aget_or_create", "aupdate_or_create",
}  # fmt: skip
RAW_WRITE = re.compile(r"\b(INSERT\s+INTO|COPY)\b", re.IGNORECASE)

# Modules that still write ledger rows their own way, each with what must happen.
# An entry here that no longer writes (or no longer exists) fails too: remove it.
NOT_YET: dict[str, str] = {}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value for v in node.values if isinstance(v, ast.Constant))]
    return []


class Door(ast.NodeVisitor):
    def __init__(self) -> None:
        self.models: set[str] = set()  # local names bound to LedgerEntry / Payout
        self.modules: set[str] = set()  # local names bound to minka.ledger.models
        self.found: list[str] = []
        self.raw_write = False
        self.bare: list[int] = []  # lines where a ledger model is passed as a value

    def is_model(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.models
        if isinstance(node, ast.Attribute):
            return node.attr in MODELS and (
                isinstance(node.value, ast.Name) and node.value.id in self.modules
            )
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_model":
            args = [s for a in node.args for s in _strings(a)]
            return any(
                a in MODELS or a.lower() in {"ledger.ledgerentry", "ledger.payout"} for a in args
            ) and ("ledger" in args or any("." in a for a in args))
        return False

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if node.module == "minka.ledger.models" and alias.name in MODELS:
                self.models.add(alias.asname or alias.name)
            if node.module == "minka.ledger" and alias.name == "models":
                self.modules.add(alias.asname or alias.name)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "minka.ledger.models" and alias.asname:
                self.modules.add(alias.asname)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if self.is_model(node.value):
            self.models.update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if self.is_model(func):
            self.found.append(f"line {node.lineno}: makes a {ast.unparse(func)}(...)")
        if isinstance(func, ast.Attribute) and func.attr in WRITES:
            chain: ast.AST = func.value
            while isinstance(chain, ast.Attribute | ast.Call):
                if self.is_model(chain):
                    self.found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
                    break
                chain = chain.value if isinstance(chain, ast.Attribute) else chain.func
            else:
                if self.is_model(chain):
                    self.found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self.is_model(node):
            return  # models.LedgerEntry.objects...: a use, not a bare value
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.models:
            self.bare.append(node.lineno)

    def generic_visit(self, node: ast.AST) -> None:
        for text in _strings(node):
            if RAW_WRITE.search(text):
                self.raw_write = True
                if any(t in text.lower() for t in TABLES):
                    line = getattr(node, "lineno", 0)
                    self.found.append(f"line {line}: raw SQL writes {text[:60]!r}")
        for child in ast.iter_child_nodes(node):
            # LedgerEntry.objects: a use of the model, not the model handed around.
            if (
                isinstance(child, ast.Attribute)
                and isinstance(child.value, ast.Name)
                and child.value.id in self.models
            ):
                continue
            self.visit(child)


def ledger_writes(source: str) -> list[str]:
    door = Door()
    door.visit(ast.parse(source))
    found = list(door.found)
    if door.raw_write and door.bare:
        found.append(
            f"line {door.bare[0]}: writes raw INSERT/COPY and hands a ledger model around "
            "(a bulk loader of ledger rows)"
        )
    return found


def modules_outside_the_ledger() -> list[Path]:
    return sorted(
        p for p in MINKA.rglob("*.py") if LEDGER not in p.parents and "migrations" not in p.parts
    )


def test_no_module_outside_the_ledger_writes_ledger_rows() -> None:
    offenders = {}
    for path in modules_outside_the_ledger():
        found = ledger_writes(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(MINKA))
        if found and name not in NOT_YET:
            offenders[name] = found
    assert not offenders, (
        "Only minka.ledger writes LedgerEntry and Payout rows: call "
        f"minka.ledger.services.entry_add (or ledger.bulk for bulk loads). {offenders}"
    )


@pytest.mark.parametrize("name", sorted(NOT_YET))
def test_each_module_let_through_for_now_still_needs_it(name: str) -> None:
    path = MINKA / name
    assert path.exists(), f"{name} is gone: remove it from NOT_YET ({NOT_YET[name]})"
    assert ledger_writes(path.read_text(encoding="utf-8")), (
        f"{name} no longer writes ledger rows: remove it from NOT_YET"
    )


def test_the_ledger_is_walked_and_the_other_apps_are() -> None:
    names = {str(p.relative_to(MINKA)) for p in modules_outside_the_ledger()}
    assert "sales/services/sale.py" in names and "governance/services.py" in names
    assert not any(n.startswith("ledger/") for n in names)


@pytest.mark.parametrize(
    "source",
    [
        "from minka.ledger.models import LedgerEntry\nLedgerEntry.objects.create(amount=1)",
        "from minka.ledger.models import Payout as P\nP.objects.using('x').bulk_create([])",
        "from minka.ledger import models as m\nm.LedgerEntry.objects.get_or_create(id=1)",
        "from minka.ledger.models import LedgerEntry\nLedgerEntry(amount=1).save()",
        "E = apps.get_model('ledger', 'LedgerEntry')\nE.objects.create()",
        "cursor.execute('INSERT INTO ledger_ledgerentry (id) VALUES (1)')",
        "cursor.execute(f'insert into ledger_payout ({cols}) values ({marks})')",
        "from minka.ledger.models import Payout\nTABLES = [Payout]\n"
        "cursor.executemany(f'INSERT INTO {t} VALUES (%s)', rows)",
    ],
)
def test_the_walk_catches_each_way_of_writing_a_row(source: str) -> None:
    assert ledger_writes(source), source


@pytest.mark.parametrize(
    "source",
    [
        "from minka.ledger.models import LedgerEntry\n"
        "LedgerEntry.objects.filter(member=m).balance()",
        "from minka.ledger.services import entry_add\nentry_add(member=m, kind='fine')",
        "from minka.ledger.models import LedgerEntry\ndef f(e: LedgerEntry) -> None: ...",
        "cursor.execute('INSERT INTO members_member (name) VALUES (?)')",
        "from minka.ledger.models import EntryKind\nEntryKind.FINE",
    ],
)
def test_the_walk_lets_reads_and_the_door_itself_pass(source: str) -> None:
    assert not ledger_writes(source), source
