"""A static files finder that serves plotly.js's basic bundle from the pinned npm package.

Pages load plotly.js from our own static files (never a CDN). They draw scatter and bar traces
only, so they take plotly's own partial bundle with those trace types (``plotly.js-basic-dist-min``,
pinned with its checksum in ``package-lock.json`` and installed into ``node_modules/`` by
``npm ci``, which ``make setup`` runs): a third of the full bundle's weight, and no 1 MB copy in
the repository. ``collectstatic`` copies it to ``vendor/plotly/plotly-basic.min.js``, where
WhiteNoise hashes and compresses it like any other file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/plotly"
FILE_NAME = "plotly-basic.min.js"
PLOTLY_JS = f"{PREFIX}/{FILE_NAME}"
PACKAGE = "plotly.js-basic-dist-min"


def package_folder() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / PACKAGE


class PlotlyJsFinder(BaseFinder):
    """Find ``vendor/plotly/plotly-basic.min.js`` in the installed npm package, and nothing else."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=package_folder())
        self.storage.prefix = PREFIX

    def check(self, **kwargs: Any) -> list:
        if (package_folder() / FILE_NAME).is_file():
            return []
        return [
            CheckWarning(
                f"{PACKAGE} is not installed, so pages cannot draw their charts.",
                hint="Run `npm ci` in the project folder (`make setup` does).",
                id="core.W001",
            )
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        if path != PLOTLY_JS or not (package_folder() / FILE_NAME).is_file():
            return [] if find_all else ""
        found = self.storage.path(FILE_NAME)
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        if (package_folder() / FILE_NAME).is_file():
            yield FILE_NAME, self.storage
