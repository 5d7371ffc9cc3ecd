"""Rows for a central table from rows a caller sent as JSON objects (the admin API's raw catalog
writes): every column type-checked (no "5" for 5, no True for 1, integers within +-2^62), missing
NOT NULL columns given their default, unknown keys ignored, some columns set by the server.

Generic on purpose: it reads the table definition (central/models.py), so a new catalog column
needs no code here. Kiosk events do not come this way: their shapes are sync/protocol.py's."""
from __future__ import annotations

import json

import sqlalchemy as sa

from sync.protocol import BIG


class BadRow(ValueError):
    """A row whose values do not fit the table's columns."""


_SPECS: dict[str, list[tuple[str, str, bool, object]]] = {}


def column_spec(table: sa.Table) -> list[tuple[str, str, bool, object]]:
    """(name, "int"|"str", nullable, default for a missing NOT NULL value) per column."""
    spec = _SPECS.get(table.name)
    if spec is None:
        spec = []
        for col in table.columns:
            kind = "int" if isinstance(col.type, (sa.Integer, sa.BigInteger)) else "str"
            default = None
            if not col.nullable and col.server_default is not None:
                raw = col.server_default.arg
                raw = raw.text if hasattr(raw, "text") else raw
                default = int(raw) if kind == "int" else str(raw)
            spec.append((str(col.name), kind, bool(col.nullable), default))
        _SPECS[table.name] = spec
    return spec


_MISSING = object()


def _slow(table: str, name: str, kind: str, nullable: bool, default, value):
    """The uncommon cases of a column value: missing, null, JSON text, or wrong."""
    if value is None or value is _MISSING:
        if nullable:
            return None
        if value is _MISSING and default is not None:
            return default
        raise BadRow(f"{table}.{name} is required")
    t = type(value)
    if kind == "int":
        if t is not int:  # bool is not int here, nor "5"
            raise BadRow(f"{table}.{name} must be an integer, got {value!r}"[:200])
        raise BadRow(f"{table}.{name} out of range")
    if t is dict or t is list:
        return json.dumps(value, ensure_ascii=False)
    raise BadRow(f"{table}.{name} must be text, got {value!r}"[:200])


_SHAPERS: dict = {}


def _shaper(table: sa.Table, extra_keys: tuple):
    """A row-shaping function generated for one table and one set of fixed columns: one lookup
    and one type check per column on the common path. It returns the values as a tuple in table
    order."""
    key = (table.name, extra_keys)
    fn = _SHAPERS.get(key)
    if fn is not None:
        return fn
    lines = ["def shape(row, extra):", "    get = row.get"]
    consts = {"_M": _MISSING, "_slow": _slow, "B": BIG}
    names = []
    for i, (name, kind, nullable, default) in enumerate(column_spec(table)):
        names.append(f"v{i}")
        if name in extra_keys:
            lines.append(f"    v{i} = extra[{name!r}]")
            continue
        consts[f"d{i}"] = default
        slow = f"_slow({table.name!r}, {name!r}, {kind!r}, {nullable!r}, d{i}, v{i})"
        lines.append(f"    v{i} = get({name!r}, _M)")
        if kind == "int":
            lines.append(f"    if type(v{i}) is not int or not -B < v{i} < B: v{i} = {slow}")
        else:
            lines.append(f"    if type(v{i}) is not str: v{i} = {slow}")
    lines.append(f"    return ({', '.join(names)},)")
    exec("\n".join(lines), consts)  # noqa: S102 - generated from our own table definitions only
    fn = _SHAPERS[key] = consts["shape"]
    return fn


def pick(table: sa.Table, row, **extra) -> dict:
    """The central row for `table` from a JSON object: type-checked, every column present in
    table order (so bulk writes get uniform rows), unknown keys ignored, `extra` columns set by
    the server. Raises BadRow."""
    if type(row) is not dict:
        raise BadRow(f"{table.name}: expected an object, got {type(row).__name__}")
    return dict(zip((c.name for c in table.columns), _shaper(table, tuple(extra))(row, extra)))
