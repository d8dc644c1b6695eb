"""CSV and XLSX exports: read back, they equal the page and the function; formulas are neutralised."""

import csv
import io
from decimal import Decimal
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gradebook import exports, grading, selectors, services

from .builders import NOW, item, policy, scored


def url(course, what, fmt, **params):
    base = reverse("gradebook:export", kwargs={"class_id": course.classroom.pk, "what": what, "fmt": fmt})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def read_csv(response):
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def number(value):
    """A spreadsheet value as the page's two-decimal Decimal."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def comparable(value):
    """A CSV string or a spreadsheet value as something both compare equal by: a Decimal, text or None."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return value


@pytest.fixture
def graded_course(course):
    first, second, third = course.students
    for student, quiz, essay in ((first, "80", "90"), (second, "33.335", None), (third, None, "66.666")):
        for assignment, percent in ((course.quiz, quiz), (course.essay, essay)):
            if percent is not None:
                services.cell_override_set(
                    student=student,
                    assignment=assignment,
                    percent=Decimal(percent).quantize(Decimal("0.01")),
                    reason="r",
                    by=course.teacher,
                )
    return course


def expected_rows(course):
    inputs = selectors.class_inputs(course.classroom)
    return inputs, selectors.class_rows(inputs, audience=grading.TEACHER)


@pytest.mark.django_db
class TestExportViews:
    def test_csv_grid_equals_the_function(self, client, graded_course):
        """Every cell and final grade of the CSV grid is compute_grade's, as the page shows it."""
        client.force_login(graded_course.teacher)
        response = client.get(url(graded_course, "grid", "csv"))
        assert response.status_code == HTTPStatus.OK
        assert response.streaming
        header, *lines = read_csv(response)
        inputs, rows = expected_rows(graded_course)
        assert len(lines) == len(rows)
        for line, row in zip(lines, rows, strict=True):
            assert line[1] == row.student.username
            for index, assignment in enumerate(inputs.items):
                cell = row.grade.cells[assignment.id]
                expected = str(cell.display) if cell.display is not None else exports.state_label(cell.state)
                assert line[3 + index] == expected
            final = line[header.index("Final %")]
            assert final == ("" if row.grade.percent is None else str(row.grade.percent))
            assert line[header.index("Letter")] == (row.grade.letter or "")

    def test_xlsx_final_grades_equal_the_function(self, client, graded_course):
        """The XLSX of final grades holds the function's percentages, letters and GPA as numbers."""
        client.force_login(graded_course.teacher)
        response = client.get(url(graded_course, "final", "xlsx"))
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"].startswith(exports.XLSX_TYPE)
        header, *lines = read_xlsx(response)
        _inputs, rows = expected_rows(graded_course)
        for line, row in zip(lines, rows, strict=True):
            final = line[header.index("Final %")]
            assert (None if final is None else number(final)) == row.grade.percent
            assert line[header.index("Letter")] == (row.grade.letter or None)
            gpa = line[header.index("GPA")]
            assert (None if gpa is None else Decimal(str(gpa))) == row.grade.gpa

    def test_xlsx_grid_equals_the_csv_grid(self, client, graded_course):
        """Both formats of the grid carry the same values."""
        client.force_login(graded_course.teacher)
        from_csv = read_csv(client.get(url(graded_course, "grid", "csv")))
        from_xlsx = read_xlsx(client.get(url(graded_course, "grid", "xlsx")))
        assert [[comparable(v) for v in r] for r in from_xlsx[1:]] == [
            [comparable(v) for v in r] for r in from_csv[1:]
        ]

    def test_formula_in_a_name_is_neutralised(self, client, graded_course):
        """A student named =HYPERLINK(...) comes out as text with a leading apostrophe, in both formats."""
        student = graded_course.students[0]
        student.full_name = '=HYPERLINK("http://evil.example","x")'
        student.save()
        client.force_login(graded_course.teacher)
        csv_names = [line[0] for line in read_csv(client.get(url(graded_course, "final", "csv")))]
        xlsx_names = [line[0] for line in read_xlsx(client.get(url(graded_course, "final", "xlsx")))]
        for names in (csv_names, xlsx_names):
            assert "'" + student.full_name in names
            assert student.full_name not in names

    def test_unknown_export_is_404(self, client, graded_course):
        """Only grid/final and csv/xlsx exist."""
        client.force_login(graded_course.teacher)
        assert client.get(url(graded_course, "grid", "pdf")).status_code == HTTPStatus.NOT_FOUND

    def test_export_follows_the_page_filter(self, client, graded_course):
        """state=removed exports only removed students, as the page shows them."""
        from .conftest import add_students

        add_students(graded_course.classroom, 1, start=70, active=False)
        client.force_login(graded_course.teacher)
        lines = read_csv(client.get(url(graded_course, "final", "csv", state="removed")))
        assert [line[0] for line in lines[1:]] == ["Student 070"]


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_formula_starts(text):
    """Each character a spreadsheet treats as a formula start gets an apostrophe."""
    assert exports.neutralise(text) == "'" + text


def test_neutralise_leaves_plain_text_and_numbers():
    """Ordinary names and numbers are untouched."""
    assert exports.neutralise("Aruzhan") == "Aruzhan"
    assert exports.neutralise(Decimal("12.5")) == Decimal("12.5")


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@given(
    st.lists(
        st.tuples(
            names, st.lists(st.one_of(st.none(), st.decimals(0, 100, places=3)), min_size=3, max_size=3)
        ),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=60, deadline=None)
def test_exports_equal_the_function(students):
    """For generated grades, both export formats read back to compute_grade's displayed numbers."""
    items = [item(1), item(2, grading.ESSAY, points=20), item(3, points=5)]
    rows = []
    for number_, (name, scores) in enumerate(students):
        results = {i.id: scored(s) for i, s in zip(items, scores, strict=True) if s is not None}
        grade = grading.compute_grade(items, results, policy=policy(), now=NOW)
        user = SimpleNamespace(get_full_name=lambda name=name: name, username=f"u{number_}")
        rows.append(SimpleNamespace(student=user, membership=SimpleNamespace(is_active=True), grade=grade))
    from_csv = read_csv(exports.csv_response(rows, items, exports.GRID, "x"))[1:]
    from_xlsx = read_xlsx(exports.xlsx_response(rows, items, exports.GRID, "x"))[1:]
    for row, line, sheet_line in zip(rows, from_csv, from_xlsx, strict=True):
        cells = [row.grade.cells[i.id] for i in items]
        for index, cell in enumerate(cells):
            if cell.display is not None:
                assert Decimal(line[3 + index]) == cell.display
                assert number(sheet_line[3 + index]) == cell.display
        final = row.grade.percent
        assert (Decimal(line[-3]) if line[-3] else None) == final
        assert (number(sheet_line[-3]) if sheet_line[-3] is not None else None) == final
        assert line[0] == exports.neutralise(row.student.get_full_name())
