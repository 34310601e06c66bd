"""The plotly.js that pages load: plotly's basic partial bundle from the pinned npm package."""

from __future__ import annotations

import re
from pathlib import Path

import plotly
from django.contrib.staticfiles import finders

from core.staticfiles import PLOTLY_JS, PlotlyJsFinder

VERSION = re.compile(r"plotly\.js.*? v(\d+\.\d+\.\d+)")


def _head(path: Path) -> str:
    with path.open(encoding="utf-8") as handle:
        return handle.read(300)


def test_the_static_files_find_plotlys_basic_bundle_in_node_modules():
    found = Path(finders.find(PLOTLY_JS))
    assert found.name == "plotly-basic.min.js"
    assert "node_modules" in found.parts
    assert "(basic - minified)" in _head(found)


def test_the_bundle_draws_the_trace_types_the_pages_use():
    text = Path(finders.find(PLOTLY_JS)).read_text(encoding="utf-8")
    traces = set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))
    assert {"scatter", "bar"} <= traces


def test_the_bundle_is_the_plotly_js_version_the_python_library_builds_figures_for():
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    bundle = Path(finders.find(PLOTLY_JS))
    assert VERSION.search(_head(bundle)).group(1) == VERSION.search(_head(full)).group(1)


def test_the_finder_finds_nothing_else_and_its_check_passes_when_installed():
    finder = PlotlyJsFinder()
    assert finder.find("vendor/plotly/plotly.min.js") == ""
    assert finder.check() == []
    assert [name for name, _ in finder.list(None)] == ["plotly-basic.min.js"]
