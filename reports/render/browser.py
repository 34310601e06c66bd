"""One headless Chromium for a whole export: charts to SVG or PNG, and HTML to PDF.

The browser starts once and every chart and the page.pdf reuse it (starting Chromium costs about
a second; per chart that would be most of the export). A worker keeps one warm across exports
(``warm_session``) and starts a new one when the old one has crashed. Charts are drawn by the plotly.js that
our static files serve (from the pinned plotly package), never a CDN, with the figures the pages
use.
"""

from __future__ import annotations

import atexit
import base64
import logging
import shutil
import tempfile
import threading
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders

from core.staticfiles import PLOTLY_JS

logger = logging.getLogger("dashboard.reports")
CHROMIUM = getattr(settings, "REPORTS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TO_IMAGE = """async ([figure, format, width, height, scale]) => {
  const layout = Object.assign({}, figure.layout, {width: width, height: height, autosize: false});
  return await Plotly.toImage({data: figure.data, layout: layout}, {format, width, height, scale});
}"""


SVG_TO_PNG = """async ([svg, width, height, scale]) => {
  const image = new Image();
  await new Promise((done, failed) => {
    image.onload = done;
    image.onerror = failed;
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  });
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/png");
}"""


class ChromiumSession:
    """A started browser with a page that has plotly.js loaded. Use ``start()`` then ``close()``.

    Playwright runs in a thread of its own: its event loop then never meets Django's database
    calls (Django refuses those inside a running loop) nor another Playwright in the caller's
    thread, such as a test's browser.
    """

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pack-chromium")
        self._playwright: Any = None
        self.browser: Any = None
        self._chart_page: Any = None
        self._folder = ""
        self._closed = False
        # SVGs already drawn, so the Word copy's pictures reuse the PDF's drawings.
        self._svgs: dict[tuple[int, int, int], tuple[dict[str, Any], str]] = {}
        # Called once for each chart drawn (not for one read back from the drawings above).
        self.on_draw: Callable[[], None] | None = None

    def _run(self, work: Callable[..., Any], *args: Any) -> Any:
        return self._thread.submit(work, *args).result()

    def start(self) -> ChromiumSession:
        """Start Chromium and load plotly.js; returns the session."""
        try:
            self._run(self._start)
        except Exception:
            self.close()
            raise
        return self

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            self._chart_page = self.browser.new_page()
            # Chromium reads plotly.js from disk itself: faster than pushing a megabyte through
            # Playwright with add_script_tag.
            self._folder = tempfile.mkdtemp(prefix="pack-charts-")
            page = Path(self._folder) / "charts.html"
            script = Path(finders.find(PLOTLY_JS)).as_uri()
            page.write_text(f'<!DOCTYPE html><meta charset="utf-8"><script src="{script}"></script>')
            self._chart_page.goto(page.as_uri())
        except Exception:
            self._close()
            raise

    def __enter__(self) -> ChromiumSession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop Chromium and Playwright's thread."""
        self._closed = True
        try:
            self._run(self._close)
        finally:
            self._thread.shutdown(wait=True)

    def _close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = ""

    def alive(self) -> bool:
        """Return True when the browser still answers (False once it has crashed or been closed)."""
        if self.browser is None or self._closed:
            return False
        try:
            return bool(self._run(self._alive))
        except Exception:  # a dead browser raises from Playwright: that is the answer
            return False

    def _alive(self) -> bool:
        return self.browser.is_connected() and self._chart_page.evaluate("1 + 1") == 2

    def forget(self) -> None:
        """Drop the drawings kept for the last export (the next export's figures are new)."""
        self._svgs.clear()
        self.on_draw = None

    def _image(self, figure: dict[str, Any], fmt: str, width: int, height: int, scale: float) -> str:
        return self._run(self._chart_page.evaluate, TO_IMAGE, [figure, fmt, width, height, scale])

    def svg(self, figure: dict[str, Any], width: int = 680, height: int = 360) -> str:
        """Return the figure as SVG markup (vector: text stays text)."""
        key = (id(figure), width, height)
        if key not in self._svgs:
            url = self._image(figure, "svg", width, height, 1)
            self._svgs[key] = (figure, urllib.parse.unquote(url.split(",", 1)[1]))
            if self.on_draw is not None:
                self.on_draw()
        return self._svgs[key][1]

    def png(self, figure: dict[str, Any], width: int = 680, height: int = 360) -> bytes:
        """Return the figure as a PNG at twice its size (sharp in print), from its SVG."""
        svg = self.svg(figure, width, height)
        url = self._run(self._chart_page.evaluate, SVG_TO_PNG, [svg, width, height, 2])
        return base64.b64decode(url.split(",", 1)[1])

    def pdf(self, html: str, *, header: str, footer: str) -> bytes:
        """Return ``html`` printed to A4 with a running header and page-numbered footer."""
        return self._run(self._pdf, html, header, footer)

    def _pdf(self, html: str, header: str, footer: str) -> bytes:
        page = self.browser.new_page()
        try:
            page.set_content(html, wait_until="load")
            return page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template=header,
                footer_template=footer,
                margin={"top": "18mm", "bottom": "16mm", "left": "16mm", "right": "16mm"},
                outline=True,
                tagged=True,
            )
        finally:
            page.close()


_warm: ChromiumSession | None = None
_warm_lock = threading.Lock()


def warm_session() -> ChromiumSession:
    """Return this process's browser: started on first use, kept for every later export, and
    started afresh when it no longer answers (it crashed or was killed)."""
    global _warm
    with _warm_lock:
        if _warm is not None and not _warm.alive():
            logger.warning("The export browser stopped answering: starting a new one")
            _close_quietly(_warm)
            _warm = None
        if _warm is None:
            _warm = ChromiumSession().start()
        _warm.forget()
        return _warm


def warm_session_alive() -> bool:
    """Return True when this process has a warm browser and it still answers."""
    with _warm_lock:
        return _warm is not None and _warm.alive()


def close_warm_session() -> None:
    """Stop this process's warm browser, if one was started."""
    global _warm
    with _warm_lock:
        if _warm is not None:
            _close_quietly(_warm)
            _warm = None


def _close_quietly(session: ChromiumSession) -> None:
    try:
        session.close()
    except Exception:  # closing a crashed browser can fail; the process is gone either way
        logger.info("The old export browser could not be closed cleanly", exc_info=True)


atexit.register(close_warm_session)
