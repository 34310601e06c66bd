"""The agenda PDF: the pack's HTML with every chart as inline SVG, printed by headless Chromium."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from reports.render import html

HEADER = (
    '<div style="font-family: Arial, sans-serif; font-size: 8px; color: #505a5f; width: 100%; '
    'padding: 0 16mm; display: flex; justify-content: space-between;">'
    "<span>{title}</span><span>{period}</span></div>"
)
FOOTER = (
    '<div style="font-family: Arial, sans-serif; font-size: 8px; color: #505a5f; width: 100%; '
    'padding: 0 16mm; text-align: right;">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


def render(
    data: Mapping[str, Any], *, session: Any, progress: Callable[[str], None] = lambda _: None
) -> bytes:
    """Return the pack as an A4 PDF: cover, contents, running header, page numbers, vector charts."""
    if session is None:
        raise RuntimeError("The PDF needs a started ChromiumSession (reports.render.browser).")
    count = 0

    def draw(figure: dict[str, Any], width: int, height: int) -> str:
        nonlocal count
        count += 1
        return session.svg(figure, width, height)

    document = html.render(data, mode="pdf", draw=draw, draft=data.get("draft", False))
    progress(f"pdf: {count} charts drawn as SVG; printing the pages...")
    title = escape(f"{data['council']}: {data['title']}")
    return session.pdf(
        document,
        header=HEADER.format(title=title, period=escape(data["period_label"])),
        footer=FOOTER,
    )
