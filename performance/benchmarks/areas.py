"""The council's areas in DfE files: itself, its region and its statistical neighbours.

Plain data with no Django import, so that the settings (which let an instance configure its own
areas) and the fixture builder in ``tools/`` read the one list.

DfE publishes each authority's statistical neighbours in its Children's Services Statistical
Neighbour Benchmarking Tool; that list is not among the DfE files this project loads (the LAIT
extract has no neighbour column), so the neighbours here are the council's configured list, and
the pages say so. Check it against DfE's tool before relying on the average.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

COUNCIL = ("E08000025", "Birmingham")
REGION = ("E12000005", "West Midlands")
NEIGHBOURS: tuple[tuple[str, str], ...] = (
    ("E08000028", "Sandwell"),
    ("E08000003", "Manchester"),
    ("E08000032", "Bradford"),
    ("E08000031", "Wolverhampton"),
    ("E08000030", "Walsall"),
    ("E06000016", "Leicester"),
    ("E06000018", "Nottingham"),
    ("E06000032", "Luton"),
    ("E09000010", "Enfield"),
    ("E08000026", "Coventry"),
)
LIST_SOURCE = (
    "The council's configured list of statistical neighbours, not DfE's own: DfE's Statistical "
    "Neighbour Benchmarking Tool is not among the files loaded here."
)
_CODE = re.compile(r"^[EWSN]\d{8}$")


def parse_neighbours(items: Iterable[str]) -> dict[str, str]:
    """Return ``{code: name}`` from items written ``CODE=Name`` (a bare ``CODE`` is named by its code).

    Raises ValueError naming the item when a code is not a nine-character ONS code or repeats.
    """
    found: dict[str, str] = {}
    for item in items:
        code, _, name = (part.strip() for part in item.partition("="))
        if not _CODE.match(code):
            raise ValueError(f"{item!r} does not start with an ONS area code such as E08000028")
        if code in found:
            raise ValueError(f"{code} is listed twice")
        found[code] = name or code
    return found


def as_setting(neighbours: Iterable[tuple[str, str]] = NEIGHBOURS) -> list[str]:
    """Return the neighbours written as the setting is: ``CODE=Name`` items."""
    return [f"{code}={name}" for code, name in neighbours]
