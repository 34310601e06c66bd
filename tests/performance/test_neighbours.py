"""The statistical neighbours: one list, read by the settings and the fixture builder alike,
checked against DfE's files, and every average saying how many of them it covers."""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
from pathlib import Path

import pytest
from django.conf import settings

from performance.benchmarks import areas
from performance.benchmarks.presenters import coverage_label, neighbours_note

ROOT = Path(__file__).resolve().parents[2]
DFE = next(
    (p for p in (ROOT.parent / "shared/data/dfe", ROOT.parent.parent / "shared/data/dfe") if p.is_dir()), None
)
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"


def _builder():
    spec = importlib.util.spec_from_file_location("builder", ROOT / "tools" / "build_performance_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_settings_and_the_fixture_builder_use_the_one_list_of_neighbours_and_areas():
    builder = _builder()
    assert list(settings.STATISTICAL_NEIGHBOURS) == builder.NEIGHBOURS
    assert dict(areas.NEIGHBOURS) == settings.STATISTICAL_NEIGHBOURS
    assert builder.AREAS["council"][0] == settings.COUNCIL_LA_CODE
    assert builder.AREAS["region"][0] == settings.COUNCIL_REGION_CODE


def test_the_settings_file_assigns_each_area_setting_exactly_once():
    tree = ast.parse((ROOT / "config" / "settings.py").read_text())
    names = [
        t.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    ]
    for name in ("COUNCIL_LA_CODE", "COUNCIL_REGION_CODE", "STATISTICAL_NEIGHBOURS"):
        assert names.count(name) == 1, name


@pytest.mark.skipif(DFE is None, reason="DfE's files are not beside the project")
def test_every_configured_neighbour_is_a_local_authority_of_that_name_in_dfes_files():
    with (DFE / C1).open(encoding="utf-8-sig") as handle:
        names = {
            r["new_la_code"]: r["la_name"]
            for r in csv.DictReader(handle)
            if r["geographic_level"] == "Local authority"
        }
    for code, name in areas.NEIGHBOURS:
        assert names.get(code) == name, code
    assert areas.COUNCIL[0] not in dict(areas.NEIGHBOURS)


def test_dfes_own_neighbour_list_is_not_in_the_files_so_the_pages_call_the_list_configured():
    lait = (DFE / "birmingham_lait_csc_2015_2018.csv") if DFE else None
    if lait is not None:
        assert "neighbour" not in lait.read_text(encoding="utf-8").splitlines()[0].lower()
    assert "configured list" in areas.LIST_SOURCE
    assert "not DfE's" in areas.LIST_SOURCE


def test_every_neighbours_average_in_the_fixture_names_the_configured_neighbours_it_covers():
    rows = [
        o["fields"]
        for o in json.loads((ROOT / "fixtures" / "performance.json").read_text())
        if o["model"] == "performance.benchmarkvalue" and o["fields"]["comparator"] == "neighbours"
    ]
    assert rows
    for row in rows:
        covered = row["averaged_areas"]
        assert 5 <= len(covered) <= 10
        assert set(covered) <= set(settings.STATISTICAL_NEIGHBOURS)
        assert row["source"].startswith(f"Mean of {len(covered)} of the 10 statistical neighbours' figures")


def test_a_setting_item_may_name_its_area_and_a_bad_code_or_a_repeat_is_refused():
    assert areas.parse_neighbours(["E08000028=Sandwell", "E08000003"]) == {
        "E08000028": "Sandwell",
        "E08000003": "E08000003",
    }
    with pytest.raises(ValueError, match="'Sandwell' does not start with an ONS area code"):
        areas.parse_neighbours(["Sandwell"])
    with pytest.raises(ValueError, match="E08000028 is listed twice"):
        areas.parse_neighbours(["E08000028", "E08000028=Sandwell"])


def test_an_average_says_how_many_of_the_neighbours_it_covers_and_which_have_no_figure():
    named = dict(areas.NEIGHBOURS)
    eight = [code for code in named if code not in {"E06000032", "E09000010"}]
    assert coverage_label(eight, named) == "average of 8 of 10 neighbours"
    note = neighbours_note({2016: eight, 2015: list(named)}, named, str)
    assert note.names.startswith("Sandwell, Manchester")
    assert note.names.endswith("Enfield, Coventry")
    assert note.coverage.rows == [
        ["2016", "Average of 8 of 10 neighbours", "Luton, Enfield"],
        ["2015", "Average of 10 of 10 neighbours", "None"],
    ]


def test_an_average_loaded_without_its_areas_says_it_does_not_know_its_coverage():
    assert (
        coverage_label([], dict(areas.NEIGHBOURS)) == "average (which neighbours it covers is not recorded)"
    )
