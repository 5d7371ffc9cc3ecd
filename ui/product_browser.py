"""The sell screen's left side: the search field over the category tiles, a category's product
tiles and the search results. A product chosen here is announced (`chosen`); what happens to it
(a weight asked, a line added) is the sell screen's business, so this panel never touches the cart.

The catalog is read on the DB worker (ui/ops/catalog); the search waits for a short pause in the
typing so a fast typist does not queue a query per letter.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmapCache
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QScrollArea, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from pos.money import fmt_vnd

from .cart_view import stars
from .grid_pictures import LazyGridPictures
from .ops import catalog as catalog_ops
from .tiles import PictureTile, TileButton

THUMB_PX = PictureTile.PX
RESULT_PX = 44
FIRST_TILES = 10  # a screenful: 2 a row, 4-5 rows on a 768 px high screen
MORE_TILES = 24
PAINT_WAIT_MS = 100  # the rest of a grid follows its first paint, or this long after if none comes (hidden)
LONG_PRESS_MS = 600


def tile_scroll(host: QWidget) -> QScrollArea:
    """A grid of tiles that scrolls up and down only: tiles wrap to the panel's width."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(host)
    return scroll


class ProductBrowser(QWidget):
    """Search (F2 on the sell screen), categories, products, results; `chosen` carries the product."""

    chosen = Signal(object)  # the product's dict, as ui/ops/catalog gave it
    card_requested = Signal(str)  # a long press on a product tile: that product's card, not a sale

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.categories: list[dict] = []
        self.product_buttons: list[TileButton] = []
        self._picture_tiles: dict[str, list] = {}  # thumbnail sha -> tiles and result rows showing it
        self.pictures = ctx.pictures  # ui.pictures.PictureLoader, None without a picture cache
        if self.pictures is not None:
            self.pictures.ready.connect(self._picture_ready)
        self._long_press = QTimer(self)  # a touch screen's way to ask about a product without selling it
        self._long_press.setSingleShot(True)
        self._long_press.setInterval(LONG_PRESS_MS)
        self._long_press.timeout.connect(self._long_pressed)
        self._pressed_tile = None
        self._long_fired = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self._run_search)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search (F2): name, producer, SKU"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.search.installEventFilter(self)
        self.browse = QStackedWidget()
        self.browse.installEventFilter(self)
        self.cat_grid_host = QWidget()
        self.cat_grid = QGridLayout(self.cat_grid_host)
        self.cat_grid.setSpacing(8)
        self._build_products()
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setIconSize(QSize(0, 0))
        self.results.setSpacing(2)
        self.results.itemActivated.connect(self._result_chosen)
        self.results.itemClicked.connect(self._result_chosen)
        self.browse.addWidget(tile_scroll(self.cat_grid_host))
        self.browse.addWidget(self.prod_host)
        self.browse.addWidget(self.results)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.browse, 1)
        ctx.catalog_changed.connect(self.load_categories)

    def _build_products(self) -> None:
        """A category's product tiles under a back button and the category's name."""
        self.prod_host = QWidget()
        pv = QVBoxLayout(self.prod_host)
        self.back_button = QPushButton(self.tr("← Categories"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(lambda: self.browse.setCurrentIndex(0))
        self.prod_title = QLabel("")
        self.prod_title.setObjectName("title")
        self.prod_title.setWordWrap(True)  # "Fermented & processed seafood" on two lines at 1024 px
        self.prod_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.prod_title, 1)
        pv.addLayout(top)
        self.prod_grid_host = QWidget()
        self.prod_grid_host.installEventFilter(self)  # its first paint lets the rest of the tiles come
        self._after_paint: int | None = None  # the grid whose next tiles wait for that paint
        self.prod_grid = QGridLayout(self.prod_grid_host)
        self.prod_grid.setSpacing(8)
        self.prod_scroll = tile_scroll(self.prod_grid_host)
        pv.addWidget(self.prod_scroll, 1)
        self.lazy = None  # the grid's pictures, decoded on screen first (ui/grid_pictures.py)
        if self.pictures is not None:
            self.lazy = LazyGridPictures(self.pictures, self.prod_scroll, THUMB_PX,
                                         lambda tile, thumb, prio: self._show_picture(thumb, THUMB_PX, ("grid", tile), prio),
                                         columns=2, spacing=self.prod_grid.spacing(), parent=self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.prod_grid_host and event.type() == event.Type.Paint and self._after_paint is not None:
            gen, self._after_paint = self._after_paint, None
            QTimer.singleShot(0, lambda: self._add_tiles(gen, MORE_TILES))
            return False
        if obj is self.browse and event.type() == event.Type.Resize:  # 2 or 3 tiles a row
            if self.categories and self._tile_columns() != getattr(self, "_cat_columns", 0):
                self._show_categories(self.categories)
            return False
        # arrow keys in the search box move through the results
        if obj is self.search and event.type() == event.Type.KeyPress and self.browse.currentWidget() is self.results:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
                return True
        return super().eventFilter(obj, event)

    # -- search ---------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.browse.setCurrentIndex(0)
            return
        self.ctx.worker.submit(catalog_ops.search, text, 30, on_done=lambda rows, t=text: self._show_results(t, rows))

    def _product_text(self, p: dict) -> str:
        name = (p.get("name_en") or p["name_vi"]) if self.ctx.lang == "en" else p["name_vi"]
        price = fmt_vnd(int(p["price"])) + ("/kg" if p["sold_by_weight"] else "")
        # the price first on its line: a long name or producer may be cut at its end, never the price
        sub = " · ".join(x for x in (price, stars(p.get("ocop_stars")), p.get("producer_name") or "") if x)
        return f"{name}\n{sub}"

    def _show_results(self, text: str, rows: list[dict]) -> None:
        if text != self.search.text().strip():
            return  # typed on meanwhile
        self.results.clear()
        self._forget_pictures("results")
        with_pictures = self.pictures is not None and any(p.get("thumb") for p in rows)
        self.results.setIconSize(QSize(RESULT_PX, RESULT_PX) if with_pictures else QSize(0, 0))
        for p in rows:
            item = QListWidgetItem(self._product_text(p))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setSizeHint(QSize(100, 56))
            self.results.addItem(item)
            if with_pictures and p.get("thumb"):
                self._show_picture(p["thumb"], RESULT_PX, ("results", item))
        if not rows:
            item = QListWidgetItem(self.tr("No product matches “%1”").replace("%1", text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        else:
            self.results.setCurrentRow(0)
        self.browse.setCurrentWidget(self.results)

    def _search_enter(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._run_search()
            return
        item = self.results.currentItem()
        if item is not None:
            self._result_chosen(item)

    def _result_chosen(self, item: QListWidgetItem) -> None:
        p = item.data(Qt.ItemDataRole.UserRole)
        if not p:
            return
        self.chosen.emit(p)

    # -- categories and their products ----------------------------------------------------------
    def load_categories(self) -> None:
        self.ctx.worker.submit(catalog_ops.categories, on_done=self._show_categories, on_error=lambda e: None)

    def _clear_grid(self, grid: QGridLayout) -> None:
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def _tile_columns(self) -> int:
        """Three category tiles a row, two on a narrow screen (1024 px): names stay on two lines."""
        return 2 if 0 < self.browse.width() < 400 else 3

    def _show_categories(self, cats: list[dict]) -> None:
        self.categories = cats
        self._clear_grid(self.cat_grid)
        cols = self._cat_columns = self._tile_columns()
        for i, c in enumerate(cats):
            name = (c.get("name_en") or c["name_vi"]) if self.ctx.lang == "en" else c["name_vi"]
            b = TileButton(name)  # wraps between words; '&' shown as typed
            b.setMinimumHeight(80)
            b.clicked.connect(lambda _=False, c=c, n=name: self.open_category(c["id"], n))
            self.cat_grid.addWidget(b, i // cols, i % cols)
        for r in range(self.cat_grid.rowCount()):
            self.cat_grid.setRowStretch(r, 0)
        self.cat_grid.setRowStretch(len(cats) // cols + 1, 1)

    def open_category(self, category_id: str, title: str = "") -> None:
        self.prod_title.setText(title)
        self.ctx.worker.submit(catalog_ops.in_category, category_id, on_done=self._show_products)

    def _show_products(self, rows: list[dict]) -> None:
        """The first screenful of tiles now, the rest a batch per turn of the event loop: a category
        of 200 shows at once, and a tap meanwhile still reaches its tile (a new category cancels)."""
        self._clear_grid(self.prod_grid)
        self._forget_pictures("grid")
        if self.lazy is not None:
            self.lazy.reset()
        self.product_buttons = []
        self._grid_rows = list(rows)
        self._grid_gen = getattr(self, "_grid_gen", 0) + 1
        self._add_tiles(self._grid_gen, FIRST_TILES)
        self.browse.setCurrentWidget(self.prod_host)

    def _add_tiles(self, gen: int, count: int) -> None:
        if gen != self._grid_gen:
            return  # another category was opened meanwhile
        start = len(self.product_buttons)
        for i, p in enumerate(self._grid_rows[start:start + count], start):
            name = (p.get("name_en") or p["name_vi"]) if self.ctx.lang == "en" else p["name_vi"]
            price = fmt_vnd(int(p["price"])) + ("/kg" if p["sold_by_weight"] else "")
            line2 = "   ".join(x for x in (price, stars(p.get("ocop_stars"))) if x)
            text = f"{name}\n{line2}\n{p.get('producer_name') or ''}"
            picture = self.pictures is not None and p.get("thumb")
            b = PictureTile(text) if picture else TileButton(text, role="ptile")
            b.setMinimumHeight(96)
            b.product = p
            if picture:
                self.lazy.add(i, b, p["thumb"], on_screen=i < FIRST_TILES)
            b.clicked.connect(self._tile_clicked)
            b.pressed.connect(self._tile_pressed)
            b.released.connect(self._long_press.stop)
            self.prod_grid.addWidget(b, i // 2, i % 2)
            self.product_buttons.append(b)
        if len(self.product_buttons) < len(self._grid_rows) and start == 0:
            # the first screen is painted before more tiles are made: a batch made in between (a
            # zero timer runs before the paint's posted event) held the first paint back
            self._after_paint = gen
            QTimer.singleShot(PAINT_WAIT_MS, lambda: self._unpainted(gen))
        elif len(self.product_buttons) < len(self._grid_rows):
            QTimer.singleShot(0, lambda: self._add_tiles(gen, MORE_TILES))
        else:
            self.prod_grid.setRowStretch(len(self._grid_rows) // 2 + 1, 1)
            if self.lazy is not None:
                self.lazy.complete()

    def _unpainted(self, gen: int) -> None:
        """No paint came (the panel is hidden): the rest of the tiles come anyway."""
        if self._after_paint == gen:
            self._after_paint = None
            self._add_tiles(gen, MORE_TILES)

    def _tile_clicked(self) -> None:
        tile = self.sender()
        if tile is self._long_fired:  # the release after a long press: the card is up, nothing is sold
            self._long_fired = None
            return
        self.chosen.emit(tile.product)

    def _tile_pressed(self) -> None:
        self._pressed_tile, self._long_fired = self.sender(), None
        self._long_press.start()

    def _long_pressed(self) -> None:
        tile = self._pressed_tile
        if tile is not None and tile.isDown():
            self._long_fired = tile
            self.card_requested.emit(tile.product["id"])

    # -- pictures: shown when cached, placeholders meanwhile ------------------------------------
    def _show_picture(self, thumb, size: int, target, priority: int = 1) -> None:
        sha, url = thumb
        pixmap = self.pictures.pixmap(sha, url, size, priority)
        if pixmap is not None:
            self._set_picture(target, pixmap)
        else:
            self._picture_tiles.setdefault(sha, []).append((size, target))

    @staticmethod
    def _set_picture(target, pixmap) -> None:
        where, obj = target
        if where == "grid":
            obj.set_picture(pixmap)
        else:
            obj.setIcon(QIcon(pixmap))

    def _forget_pictures(self, where: str) -> None:
        for sha in list(self._picture_tiles):
            kept = [t for t in self._picture_tiles[sha] if t[1][0] != where]
            if kept:
                self._picture_tiles[sha] = kept
            else:
                del self._picture_tiles[sha]

    def _picture_ready(self, sha: str, size: int) -> None:
        waiting = self._picture_tiles.get(sha)
        if not waiting:
            return
        pixmap = QPixmapCache.find(self.pictures.key(sha, size))
        if pixmap is None or pixmap.isNull():
            return
        for want, target in [t for t in waiting if t[0] == size]:
            self._set_picture(target, pixmap)
        self._picture_tiles[sha] = [t for t in waiting if t[0] != size]

    def current_product(self) -> dict | None:
        """The product a search result row has selected, when the results are showing."""
        if self.browse.currentWidget() is self.results and self.results.currentItem() is not None:
            return self.results.currentItem().data(Qt.ItemDataRole.UserRole) or None
        return None
