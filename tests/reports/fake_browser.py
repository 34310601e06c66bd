"""A stand-in for the warm Chromium: draws each chart as a tiny SVG or PNG and prints a tiny PDF.

Lets the export task run in the fast suite; the real browser is tested in test_pdf_in_chromium.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pypdf


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
        + chunk(b"IEND", b"")
    )


class FakeSession:
    def __init__(self) -> None:
        self.drawn: dict[int, str] = {}
        self.on_draw: Any = None
        self.printed = 0

    def svg(self, figure: dict[str, Any], width: int = 680, height: int = 360) -> str:
        if id(figure) not in self.drawn:
            self.drawn[id(figure)] = (
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"/>'
            )
            if self.on_draw is not None:
                self.on_draw()
        return self.drawn[id(figure)]

    def png(self, figure: dict[str, Any], width: int = 680, height: int = 360) -> bytes:
        self.svg(figure, width, height)
        return _png()

    def pdf(self, html: str, *, header: str, footer: str) -> bytes:
        self.printed += 1
        writer = pypdf.PdfWriter()
        writer.add_blank_page(width=595, height=842)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
