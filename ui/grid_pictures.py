"""The product grid's pictures, decoded lazily: the tiles on screen first, the others when a scroll
brings them near, and the rest as decodes end (ahead of a scroll), never queued all at once.

Why: opening a category of 200 products used to queue 200 decodes at once; a scroll to the end, or
the next category opened, then waited for its pictures behind the whole queue, and the decoding
threads took the two cores while the UI thread was still making tiles. Here the pool never holds
more than the screen's pictures plus AHEAD_AT_ONCE, and a new grid forgets what it did not ask.
(The first paint itself was held back by the tiles made before it: ui/product_browser.py paints the
first screen before making more; bench/bench_pictures.py, grid_with_images_paint_ms.) Thumbnails
are decoded at the tile's size on a worker (ui/pictures.py); the UI thread never waits for one.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QTimer

ON_SCREEN, AHEAD = 1, 0  # decode priorities (QThreadPool: higher first)
AHEAD_AT_ONCE = 2  # decodes running at once for pictures asked ahead (the pool's threads; none queue up)
IDLE_MS = 15  # before looking again while decodes run


class LazyGridPictures(QObject):
    """`add(index, tile, thumb, on_screen)` as tiles are made; `complete()` once the grid holds them all.
    `ask(tile, thumb, priority)` is the browser's way to request one (ProductBrowser._show_picture)."""

    def __init__(self, loader, scroll, size: int, ask, columns: int, spacing: int, parent=None):
        super().__init__(parent)
        self.loader, self.scroll, self.size, self.ask = loader, scroll, size, ask
        self.columns, self.spacing = columns, spacing
        self.later: list[tuple] = []  # (index in the grid, tile, thumb) not asked for yet, in grid order
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._ahead)
        self._ahead_on = False  # the grid is complete: the rest is asked for one at a time
        loader.ready.connect(lambda _sha, _size: self._ahead() if self._ahead_on else None)
        scroll.verticalScrollBar().valueChanged.connect(self._scrolled)

    def reset(self) -> None:
        """Another grid: forget the tiles not asked for (they are being deleted)."""
        self.later = []
        self._ahead_on = False
        self._idle.stop()

    def add(self, index: int, tile, thumb, on_screen: bool) -> None:
        pixmap = self.loader.decoded(thumb[0], self.size)
        if pixmap is not None:  # shown before in this run: no decode at all
            tile.set_picture(pixmap)
        elif on_screen:
            self.ask(tile, thumb, ON_SCREEN)
        else:
            self.later.append((index, tile, thumb))

    def complete(self) -> None:
        """Every tile is in the grid: ask for those near the view, then the rest one at a time."""
        self._scrolled()
        self._ahead_on = True
        self._idle.start()

    def _scrolled(self, _value: int = 0) -> None:
        """The tiles within a screen of the view (above and below) are asked for now."""
        if not self.later:
            return
        view = self.scroll.viewport()
        top = self.scroll.verticalScrollBar().value()
        band = QRect(0, top - view.height(), max(view.width(), 1), 3 * view.height())
        if self._laid_out():
            near = [x for x in self.later if x[1].geometry().intersects(band)]
        else:  # by row: while tiles are being added the layout squeezes them into the old size
            pitch = self._pitch()
            low, high = band.top() // pitch * self.columns, (band.bottom() // pitch + 1) * self.columns
            near = [x for x in self.later if low <= x[0] < high]
        if near:
            taken = {x[0] for x in near}
            self.later = [x for x in self.later if x[0] not in taken]
            for _i, tile, thumb in near:
                self.ask(tile, thumb, ON_SCREEN)

    def _laid_out(self) -> bool:
        """The tiles waiting have their places: the first and last of them, rows apart, are at
        least a tile's height apart per row (squeezed or not placed yet, they are not)."""
        (i, first, _t), (j, last, _u) = self.later[0], self.later[-1]
        rows = j // self.columns - i // self.columns
        gap = last.geometry().y() - first.geometry().y()
        return rows > 0 and first.geometry().height() > 0 and gap >= rows * first.geometry().height()

    def _pitch(self) -> int:
        """Pixels from one row of tiles to the next, as a tile asks for at the view's column width."""
        tile = self.later[0][1]
        width = max((self.scroll.viewport().width() - self.spacing) // self.columns, 1)
        return max(tile.minimumHeight(), tile.heightForWidth(width), tile.sizeHint().height(), 1) + self.spacing

    def _ahead(self) -> None:
        """The next tiles' pictures while fewer than AHEAD_AT_ONCE decodes run: called again as each
        one lands, and after a short wait (a file still to be fetched lands nowhere). None queue in
        the pool, so a tile a scroll brings, or the next category's, is decoded next, not last."""
        while self.later and self.loader.busy() < AHEAD_AT_ONCE:
            _i, tile, thumb = self.later.pop(0)
            self.ask(tile, thumb, AHEAD)  # decoded meanwhile (a picture two products share): set at once
        if self.later:
            self._idle.start()
        else:
            self._ahead_on = False
