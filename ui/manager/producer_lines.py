"""What the receive screen (ui/manager/receive.py) and the return screen (ui/manager/returns.py,
and the transfers screen built on it) share: the finder, the lines' table and the buttons under
it, the producer list that the first scan chooses, a scan handed to the finder, another producer's
product refused on screen, a line's remove button.

Why one place: the two screens are one workflow in two directions (goods in from a producer, goods
back to one); a fix to one (how the producer follows the first scan, how another producer's
product is refused) must reach the other. A mixin of those QWidget screens: it makes their
`finder`, `table`, `error`, `notice`, `clear_btn`, `save_btn` and works on their `producer`,
`lines` and COL_REMOVE; they give `add_product`, `clear` and `save`."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from pos.names import product_name

from ..ops import catalog as catalog_ops
from .common import BigButton, ErrorLabel, Notice, error_text, make_table
from .finder import ProductFinder


class ProducerLines:
    def build_lines(self, root, headers: list[str], save_text: str) -> QHBoxLayout:
        """Below the screen's form: the product finder, the lines' table (`headers` and a last
        column for the remove button), the error and notice lines, and the bar with Clear (F7) and
        the booking button (F8). -> the bar, for a screen's own buttons."""
        self.finder = ProductFinder(self.ctx)
        self.finder.picked.connect(self.add_product)
        root.addWidget(self.finder)
        self.table = make_table([*headers, ""], stretch=0, row_height=48)
        self.table.resizeColumnsToContents()  # no rows yet: each column as wide as its header (vi is longer)
        root.addWidget(self.table, 1)
        self.error = ErrorLabel()
        root.addWidget(self.error)
        self.notice = Notice()
        root.addWidget(self.notice)
        bar = QHBoxLayout()
        self.clear_btn = BigButton(self.tr("Clear"), "F7")
        self.clear_btn.clicked.connect(self.clear)
        self.save_btn = BigButton(save_text, "F8", primary=True)
        self.save_btn.clicked.connect(self.save)
        bar.addWidget(self.clear_btn)
        bar.addWidget(self.save_btn)
        root.addLayout(bar)
        self._saving = False
        return bar

    def handle_scan(self, code: str) -> bool:
        self.finder.find(code)
        return True

    def load_producers(self, *_):
        self.ctx.worker.submit(catalog_ops.producers, on_done=self._show_producers,
                               on_error=lambda e: self.error.show_error(error_text(e)))

    def _show_producers(self, producers):
        current = self.producer.currentData()
        self.producer.blockSignals(True)
        self.producer.clear()
        self.producer.addItem(self.tr("(choose the producer)"), None)
        for p in producers:
            self.producer.addItem(f"{p['name']} ({p['code']})", p["id"])
        self.producer.setCurrentIndex(max(self.producer.findData(current), 0))
        self.producer.blockSignals(False)

    def name_of(self, product: dict) -> str:
        return product_name(product, self.ctx.lang)

    def producer_takes(self, product: dict) -> bool:
        """True when the product may join the lines: an empty list takes its producer from this
        first product; another producer's product is refused here (and again by pos)."""
        self.error.clear_error()
        pid = self.producer.currentData()
        if pid is None and not self.lines:
            i = self.producer.findData(product["producer_id"])
            if i >= 0:
                self.producer.setCurrentIndex(i)
                pid = product["producer_id"]
        if product["producer_id"] != pid:
            self.error.show_error(self.tr("%1 is made by %2, not by this producer.")
                                  .replace("%1", self.name_of(product)).replace("%2", product.get("producer_name", "")))
            return False
        return True

    def put_remove_button(self, row: int, line: dict) -> None:
        remove = QPushButton("✕")
        remove.setToolTip(self.tr("Remove this line"))
        remove.setFixedWidth(56)
        remove.clicked.connect(lambda _=False, line=line: self._remove_line(line))
        self.table.setCellWidget(row, self.COL_REMOVE, remove)

    def _remove_line(self, line: dict) -> None:
        i = self.lines.index(line)
        self.table.removeRow(i)
        del self.lines[i]
        self.lines_changed()

    def lines_changed(self) -> None:
        """After a line is removed: the receive screen compares again with the announcement."""
