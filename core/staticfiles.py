"""A static files finder that serves plotly.min.js from the installed plotly package.

Pages load plotly.js from our own static files (never a CDN). Taking it from the pinned plotly
package keeps the script in step with the Python library that builds the figures, without a
5 MB copy in the repository. ``collectstatic`` copies it to ``vendor/plotly/plotly.min.js``,
where WhiteNoise hashes and compresses it like any other file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/plotly"
FILE_NAME = "plotly.min.js"
PLOTLY_JS = f"{PREFIX}/{FILE_NAME}"


class PlotlyJsFinder(BaseFinder):
    """Find ``vendor/plotly/plotly.min.js`` inside the plotly package, and nothing else."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=Path(plotly.__file__).parent / "package_data")
        self.storage.prefix = PREFIX

    def check(self, **kwargs: Any) -> list:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        if path != PLOTLY_JS:
            return [] if find_all else ""
        found = self.storage.path(FILE_NAME)
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        yield FILE_NAME, self.storage
