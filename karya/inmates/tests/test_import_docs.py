"""docs/sdp-import.md documents exactly the columns the import reads."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from karya.inmates.importing import (
    BOOL_VALUES,
    CLASS_VALUES,
    COLUMNS,
    DEPARTURE_VALUES,
    REQUIRED,
    SEX_VALUES,
    STAGE_VALUES,
    STATUS_VALUES,
)

DOC = Path(settings.BASE_DIR) / "docs" / "sdp-import.md"


def documented_columns() -> dict[str, tuple[list[str], str]]:
    """{column: ([aliases], "yes"/"no")} from the table of the Columns section."""
    table = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`[a-z_]+`", cells[0]):
            table[cells[0].strip("`")] = (re.findall(r"`([a-z_]+)`", cells[1]), cells[2])
    return table


def test_every_column_and_alias_is_documented():
    expected = {
        names[0]: (list(names[1:]), "yes" if field in REQUIRED else "no")
        for field, names in COLUMNS.items()
    }
    assert documented_columns() == expected


@pytest.mark.parametrize(
    "values",
    [SEX_VALUES, STATUS_VALUES, CLASS_VALUES, STAGE_VALUES, BOOL_VALUES, DEPARTURE_VALUES],
    ids=["sex", "status", "class", "stage", "asimilasi", "departure"],
)
def test_every_accepted_value_is_documented(values):
    documented = {value.lower() for value in re.findall(r"`([^`]+)`", DOC.read_text("utf-8"))}
    assert {key for key in values if key} <= documented
