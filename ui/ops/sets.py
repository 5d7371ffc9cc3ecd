"""Gift boxes on the DB thread (pos/sets.py, pos/set_assembly.py): the sets with their stock, and
making boxes ahead or taking them apart."""
from __future__ import annotations

from pos import set_assembly, sets

from . import OpResult


def overview(store) -> list[dict]:
    return sets.overview(store)


def assemble(store, set_id: str, qty: int, manager_id) -> OpResult:
    return OpResult(qty, set_assembly.assemble(store, set_id, qty, manager_id))


def disassemble(store, set_id: str, qty: int, manager_id) -> OpResult:
    return OpResult(qty, set_assembly.disassemble(store, set_id, qty, manager_id))
