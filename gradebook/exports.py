"""CSV and XLSX exports of a class's gradebook: the grid and the final grades.

The values are the page's values (grading.Cell.display and Grade.percent, already rounded); text that a
spreadsheet would read as a formula is neutralised with a leading apostrophe.
"""

import csv
import itertools
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .grading import ESSAY, QUIZ, CellState

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GRID, FINAL = "grid", "final"
CSV, XLSX = "csv", "xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def state_labels():
    """{cell state: its name in the current language}; an export looks them up once, not per cell."""
    return {
        CellState.MISSING: _("missing"),
        CellState.EXCUSED: _("excused"),
        CellState.UNGRADED: _("ungraded"),
        CellState.UNRELEASED: _("unreleased"),
        CellState.PENDING: _("not due"),
        CellState.DONE: _("done"),
    }


def state_label(state):
    return state_labels().get(state, state)


def cell_value(cell, labels=None):
    """A grid cell: the rounded percentage when there is one, else the state's name."""
    if cell.percent is not None:
        return cell.display
    return (labels or state_labels()).get(cell.state, cell.state)


def member_state(membership):
    return _("active") if membership.is_active else _("removed")


def final_columns(row):
    grade = row.grade
    return [
        grade.categories[QUIZ].display,
        grade.categories[ESSAY].display,
        f"{grade.readings_done}/{grade.readings_total}",
        grade.percent,
        grade.letter or "",
        grade.gpa,
    ]


def final_headers():
    return [_("Quizzes %"), _("Essays %"), _("Readings read"), _("Final %"), _("Letter"), _("GPA")]


def table(rows, items, what):
    """Header then one list per student: the values both formats write."""
    header = [_("Student"), _("Username"), _("Membership")]
    if what == GRID:
        header += [f"{item.title} ({item.points} {_('pts')})" for item in items]
    yield header + final_headers()
    labels = state_labels()
    active, removed = _("active"), _("removed")
    ids = [item.id for item in items]
    for row in rows:
        student = row.student
        values = [student.get_full_name(), student.username, active if row.membership.is_active else removed]
        if what == GRID:
            cells = row.grade.cells
            values += [cell_value(cells[id], labels) for id in ids]
        yield values + final_columns(row)


def csv_text(value):
    value = neutralise(value)
    return "" if value is None else str(value)


class Echo:
    def write(self, value):
        return value


def csv_response(rows, items, what, filename):
    writer = csv.writer(Echo())
    # A byte-order mark first: without it Excel reads UTF-8 as a legacy code page and garbles Cyrillic names.
    lines = itertools.chain(
        ["\ufeff"], (writer.writerow([csv_text(v) for v in values]) for values in table(rows, items, what))
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, items, what, filename):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Grades") if what == FINAL else _("Gradebook"))
    for values in table(rows, items, what):
        sheet.append([neutralise(v) for v in values])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


def export_response(rows, items, *, what, fmt, filename):
    return (csv_response if fmt == CSV else xlsx_response)(rows, items, what, filename)
