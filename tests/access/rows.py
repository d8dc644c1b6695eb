"""Rows of the authorization matrix: one per named URL pattern.

Each area keeps its rows in a module `rows_<area>.py` beside this one, as a list `ROWS` of `Row`, and
may define `extend_world(world)` to add the objects its URLs need. A URL pattern without a row fails
tests/access/test_matrix.py.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Row:
    name: str  # the URL name with its namespaces, e.g. "classroom:detail"
    get: dict  # role -> expected outcome (tests/access/expect.py)
    post: dict
    kwargs: object = field(default=lambda world: {})  # world -> URL kwargs
    data: object = field(default=lambda world: {})  # world -> POST data (well-formed where it matters)


def row_modules():
    here = Path(__file__).parent
    for module in pkgutil.iter_modules([str(here)]):
        if module.name.startswith("rows_"):
            yield importlib.import_module(f"tests.access.{module.name}")


def all_rows():
    rows = {}
    for module in row_modules():
        for row in module.ROWS:
            assert row.name not in rows, f"two rows for {row.name}"
            rows[row.name] = row
    return rows


def extend_world(world):
    for module in row_modules():
        if hasattr(module, "extend_world"):
            module.extend_world(world)
    return world
