"""Find text a screen cuts off: a label or button narrower than its words, a tile whose name runs
past its edge, a table header or an amount that does not fit its column.

Why: at 1024×768 the English category tile "Fermented & processed seafood" read "rmented &
rocessed seafoo" and the cart's amount "149.985.000 ₫" read "149.985.00…". Looking at
screenshots finds such things once; this finds them every time (tests walk the screens at both
sizes in both languages, and ui/screenshots.py prints what it finds).

Allowed: a product name elided at its end in a table (the whole name is its tooltip), a
word-wrapped label that wraps, a scrolled area's content below the fold.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiQt
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QPushButton, QTableWidget, QWidget)

SLACK = 2  # px of rounding


def _path(w: QWidget) -> str:
    names = []
    while w is not None and len(names) < 4:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))


def _shown(w: QWidget) -> bool:
    return w.isVisible() and w.width() > 0 and w.height() > 0


def _in_tile(w: QWidget) -> bool:
    parent = w.parentWidget()
    return parent is not None and hasattr(parent, "fits")


def _label_cut(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull() or _in_tile(label):
        return None
    if label.textFormat() == Qt.TextFormat.RichText or (label.textFormat() == Qt.TextFormat.AutoText
                                                       and QtGuiQt.mightBeRichText(text)):
        return None
    cr = label.contentsRect()
    if label.wordWrap():
        fm = label.fontMetrics()
        widest = max((fm.horizontalAdvance(word) for word in text.split()), default=0)
        if widest > cr.width() + SLACK:
            return f"a word wider than the label ({widest} > {cr.width()} px)"
        if label.heightForWidth(label.width()) > label.height() + SLACK:
            return f"wrapped text taller than the label ({label.heightForWidth(label.width())} > {label.height()} px)"
        return None
    need = label.fontMetrics().size(0, text)
    if need.width() > cr.width() + SLACK:
        return f"{need.width()} px of text in {cr.width()} px"
    if need.height() > cr.height() + SLACK + 4:
        return f"{need.height()} px high text in {cr.height()} px"
    return None


def _button_cut(button: QAbstractButton) -> str | None:
    if hasattr(button, "fits"):
        return None if button.fits() else "tile text does not fit"
    if not button.text():
        return None
    hint = button.sizeHint()
    if hint.width() > button.width() + SLACK:
        return f"needs {hint.width()} px, has {button.width()} px"
    if "\n" in button.text() and hint.height() > button.height() + SLACK:
        return f"needs {hint.height()} px high, has {button.height()} px"
    return None


def _line_edit_cut(edit: QLineEdit) -> str | None:
    text = edit.placeholderText() if not edit.text() else ""
    if not text:
        return None
    room = edit.contentsRect().width() - 16  # the frame's and the text margins
    need = edit.fontMetrics().horizontalAdvance(text)
    return f"placeholder {need} px in {room} px" if need > room + SLACK else None


def _header_cuts(header: QHeaderView) -> list[str]:
    out = []
    model = header.model()
    if model is None or not header.isVisible():
        return out
    fm = header.fontMetrics()
    for i in range(header.count()):
        if header.isSectionHidden(i) or header.sectionSize(i) == 0:
            continue
        text = str(model.headerData(i, header.orientation()) or "")
        need = fm.horizontalAdvance(text) + 12  # the section's padding (theme: 6 px each side)
        if header.orientation() == Qt.Orientation.Horizontal and need > header.sectionSize(i) + SLACK:
            out.append(f"header {text!r}: {need} px in {header.sectionSize(i)} px")
    return out


def _table_cuts(table: QTableWidget) -> list[str]:
    """Right-aligned cells (amounts, quantities) must show whole; names may elide at their end."""
    out = []
    fm = table.fontMetrics()
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            if item is None or table.isColumnHidden(c) or not item.text():
                continue
            if not int(item.textAlignment()) & int(Qt.AlignmentFlag.AlignRight):
                continue
            font = item.font() if item.font() is not None else table.font()
            need = (fm if font == table.font() else type(fm)(font)).horizontalAdvance(item.text()) + 8
            if need > table.columnWidth(c) + SLACK:
                out.append(f"cell {item.text()!r}: {need} px in {table.columnWidth(c)} px")
    return out


def _list_cuts(view: QListWidget) -> list[str]:
    """A list's lines may be cut at their end, but not before an amount of money."""
    out = []
    fm = view.fontMetrics()
    room = view.viewport().width() - 12
    for i in range(view.count()):
        for line in view.item(i).text().split("\n"):
            if "₫" in line and fm.horizontalAdvance(line[:line.rindex("₫") + 1]) > room + SLACK:
                out.append(f"item line {line!r}: its amount ends past {room} px")
    return out


def cut_texts(root: QWidget) -> list[str]:
    """Every visible text under `root` that is cut off, as 'where: what' lines (empty: none)."""
    found: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not _shown(w) or not w.isVisibleTo(root) and w is not root:
            continue
        problem = None
        if isinstance(w, QLabel):
            problem = _label_cut(w)
        elif isinstance(w, QPushButton):
            problem = _button_cut(w)
        elif isinstance(w, QLineEdit) and not isinstance(w.parentWidget(), QAbstractScrollArea):
            problem = _line_edit_cut(w)
        elif isinstance(w, QHeaderView):
            found.extend(f"{_path(w)}: {p}" for p in _header_cuts(w))
        elif isinstance(w, QTableWidget):
            found.extend(f"{_path(w)}: {p}" for p in _table_cuts(w))
        elif isinstance(w, QListWidget):
            found.extend(f"{_path(w)}: {p}" for p in _list_cuts(w))
        if problem:
            found.append(f"{_path(w)} {w.text() if hasattr(w, 'text') else ''!r}: {problem}")
    return found
