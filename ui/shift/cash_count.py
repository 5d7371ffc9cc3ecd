"""Counting the drawer note by note, for the shift's close.

Why per denomination: a clerk counting a drawer thinks in notes ("three 500s, two 200s"), not in a
grand total; the widget does the multiplication so the variance is the drawer's, not the clerk's
arithmetic.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from pos.money import fmt_vnd
from pos.shifts import DENOMINATIONS  # every note in circulation, 500 ₫ included


class CashCount(QWidget):
    """One row a note: its value, how many (a spin box) and their sum."""

    changed = Signal()  # a count changed: the totals beside the count follow
    finished = Signal()  # Enter on the last note: the count is done

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(self.tr("Count the notes in the drawer:")))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Note")), 0, 0)
        grid.addWidget(QLabel(self.tr("Count")), 0, 1)
        grid.addWidget(QLabel(self.tr("Subtotal")), 0, 2)
        self.counts: dict[int, QSpinBox] = {}
        self.subtotals: dict[int, QLabel] = {}
        for i, denom in enumerate(DENOMINATIONS, start=1):
            lab = QLabel(fmt_vnd(denom))
            lab.setStyleSheet("font-size:16px;font-weight:bold")
            grid.addWidget(lab, i, 0)
            grid.addWidget(self._spin(denom), i, 1)
            grid.addWidget(self._subtotal(denom), i, 2)
        lay.addLayout(grid)
        lay.addStretch(1)

    def _spin(self, denom: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 9999)
        spin.setMinimumHeight(40)
        spin.setMinimumWidth(110)
        spin.setAlignment(Qt.AlignRight)
        spin.valueChanged.connect(self._recount)
        # Enter moves on to the next note, as a clerk counting from a keypad expects
        spin.findChild(QLineEdit).returnPressed.connect(lambda d=denom: self._next_count(d))
        self.counts[denom] = spin
        return spin

    def _subtotal(self, denom: int) -> QLabel:
        sub = QLabel(fmt_vnd(0))
        sub.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        sub.setMinimumWidth(140)
        self.subtotals[denom] = sub
        return sub

    def _recount(self, *_) -> None:
        for denom, spin in self.counts.items():
            self.subtotals[denom].setText(fmt_vnd(denom * spin.value()))
        self.changed.emit()

    def _next_count(self, denom: int) -> None:
        i = DENOMINATIONS.index(denom)
        if i + 1 < len(DENOMINATIONS):
            nxt = self.counts[DENOMINATIONS[i + 1]]
            nxt.setFocus()
            nxt.selectAll()
        else:
            self.finished.emit()

    def reset(self) -> None:
        """Every count back to 0, for a new count."""
        for spin in self.counts.values():
            spin.setValue(0)

    def focus_first(self) -> None:
        """The keys on the first (largest) note, its count selected to be typed over."""
        first = self.counts[DENOMINATIONS[0]]
        first.setFocus()
        first.selectAll()

    def counted(self) -> dict[int, int]:
        """{note: how many}, the notes counted only."""
        return {d: s.value() for d, s in self.counts.items() if s.value()}

    def counted_total(self) -> int:
        return sum(d * n for d, n in self.counted().items())
