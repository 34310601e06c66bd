"""The agenda PDF: the pack's HTML with every chart as inline SVG, printed by headless Chromium.

Chromium's print has no ``target-counter()``, so the contents get their page numbers from a
second pass: the first print's bookmarks (one per heading) say where each heading fell, and the
second print writes those numbers into a contents laid out exactly as before.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping
from html import escape
from typing import Any

import pypdf

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
# As wide as any page number, so the first pass lays the contents out as the second prints it.
PLACEHOLDER = 88


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def heading_text(item: Mapping[str, Any]) -> str:
    """Return the text of the heading a contents entry points at, as the template prints it."""
    if item["level"] == 2:
        return f"{item['number']} {item['title']}"
    if item["number"].startswith("Appendix"):
        return f"{item['number']}: {item['title']}"
    return f"{item['number']}. {item['title']}"


def _outline(reader: pypdf.PdfReader, entries: list[Any]) -> Iterator[tuple[str, int]]:
    for entry in entries:
        if isinstance(entry, list):
            yield from _outline(reader, entry)
        else:
            page = reader.get_destination_page_number(entry)
            if page is not None:
                yield _squash(entry.title), page + 1


def heading_pages(content: bytes, items: list[dict[str, Any]]) -> dict[str, int]:
    """Return the page each contents entry's heading starts on, read from the PDF's bookmarks."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    found: dict[str, int] = {}
    for title, page in _outline(reader, reader.outline):
        found.setdefault(title, page)
    return {item["id"]: found[heading_text(item)] for item in items if heading_text(item) in found}


def render(
    data: Mapping[str, Any], *, session: Any, progress: Callable[[str], None] = lambda _: None
) -> bytes:
    """Return the pack as an A4 PDF: cover, paged contents, running header, page numbers, vector charts."""
    if session is None:
        raise RuntimeError("The PDF needs a started ChromiumSession (reports.render.browser).")
    count = 0

    def draw(figure: dict[str, Any], width: int, height: int) -> str:
        nonlocal count
        count += 1
        return session.svg(figure, width, height)

    draft = data.get("draft", False)
    items = html.contents(html.upgraded(data))
    title = escape(f"{data['council']}: {data['title']}")
    header = HEADER.format(title=title, period=escape(data["period_label"]))

    def printed(pages: Mapping[str, int]) -> bytes:
        document = html.render(data, mode="pdf", draw=draw, draft=draft, page_numbers=pages)
        return session.pdf(document, header=header, footer=FOOTER)

    first = printed({item["id"]: PLACEHOLDER for item in items})
    progress(f"pdf: {count} charts drawn as SVG; printing again with the contents' page numbers...")
    return printed(heading_pages(first, items))
