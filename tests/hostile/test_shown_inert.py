"""Stored hostile text is shown inert: escaped on every page, in admin, neutralised in exports.

Markup and spreadsheet formulas are typed into every place a person's text is kept and shown to others
(class name and description, assignment title, a roster name, an essay, grading comments, override and
extra-attempt reasons), each through its real form. Then the teachers, the students and an administrator
follow every link they can reach: no page holds the markup unescaped, and the stored text does show
(escaped) where it belongs. The gradebook's CSV and XLSX exports start every formula-like cell with an
apostrophe.
"""

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.essays import services as essay_services
from classroom.models import Classroom, User
from tests.access.post_data import assignment_form

from .conftest import sign_in
from .corpus import FORMULAS, IMG, RAW_MARKUP, SCRIPT, SVG, XSS_MARK

pytestmark = pytest.mark.django_db

WORDS = " ".join(["steppe"] * 60)
HOSTILE_NAME = f"{FORMULAS[0]} {SCRIPT}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SKIP = ("/static/", "/accounts/logout", "/logout", "/admin/logout")


def posted(client, world, role, name, kwargs, data):
    sign_in(client, world, role)
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code < HTTPStatus.BAD_REQUEST, f"{name}: {response.status_code}"
    return response


@pytest.fixture
def stored(world, browser):
    """Hostile text stored everywhere through the forms (and checked to be stored)."""
    a = {"pk": world.class_a.pk}
    posted(
        browser, world, "teacher_a", "classroom:edit", a, {"name": SCRIPT, "term": SVG, "description": IMG}
    )
    form = {**assignment_form(world), "title": IMG, "instructions": SCRIPT}
    posted(browser, world, "teacher_a", "assessments:assignment_edit", {"pk": world.quiz_a.pk}, form)
    roster = f'xsskid,"{HOSTILE_NAME.replace(chr(34), chr(34) * 2)}",xsskid@example.com\n'
    posted(browser, world, "teacher_a", "classroom:roster_import", a, {"text": roster})
    posted(
        browser,
        world,
        "student_b",
        "assessments:essays:submit",
        {"assignment_id": world.essay_b.pk},
        {"text": f"{SCRIPT} {IMG} {SVG} {FORMULAS[0]} {WORDS}", "revision": 9},
    )
    criteria = essay_services.rubric_of(world.essay_a)
    grade = {"version": 0, "overall_comment": SCRIPT, "complete": "on"}
    for criterion in criteria:
        grade[f"level_{criterion.pk}"] = criterion.levels.order_by("-points").first().pk
        grade[f"comment_{criterion.pk}"] = IMG
    essay_a = {"assignment_id": world.essay_a.pk, "essay_id": world.essay_of_student_a.pk}
    posted(browser, world, "teacher_a", "assessments:essays:grade_save", essay_a, grade)
    posted(browser, world, "teacher_a", "assessments:essays:release", {"assignment_id": world.essay_a.pk}, {})
    cell = {"class_id": world.class_a.pk, "student_id": world.student_a.pk, "assignment_id": world.quiz_a.pk}
    posted(browser, world, "teacher_a", "gradebook:override", cell, {"percent": "75", "reason": SVG})
    posted(
        browser,
        world,
        "teacher_a",
        "assessments:quizzes:extra_attempt",
        {"assignment_id": world.quiz_a.pk},
        {"student": world.student_a.pk, "count": 1, "reason": IMG},
    )
    posted(
        browser,
        world,
        "teacher_a",
        "assessments:quizzes:override",
        {"answer_id": world.answer_a.pk},
        {"points": "0.5", "reason": SCRIPT},
    )
    assert Classroom.objects.get(pk=world.class_a.pk).name == SCRIPT
    assert User.objects.get(username="xsskid").full_name == HOSTILE_NAME
    world.essay_of_student_b.refresh_from_db()
    assert SCRIPT in world.essay_of_student_b.text
    return world


def crawl(client, starts, limit=400):
    seen, queue, pages = set(), list(starts), []
    while queue and len(seen) < limit:
        url = queue.pop(0).split("#")[0]
        if not url or url in seen or url.startswith(SKIP) or "/delete/" in url:
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if response.status_code in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
            queue.append(response["Location"])
        if "html" in response.get("Content-Type", ""):
            for link in re.findall(r'(?:href|hx-get|data-url)="(/[^"]*)"', response.content.decode()):
                queue.append(link.replace("&amp;", "&"))
    return pages


def html_pages(pages):
    return [(url, r.content.decode()) for url, r in pages if "html" in r.get("Content-Type", "")]


def raw_markup(pages):
    return sorted({url for url, html in html_pages(pages) for raw in RAW_MARKUP if raw in html})


def showing(pages):
    """Pages that show some stored hostile text (escaped)."""
    return {url for url, html in html_pages(pages) if XSS_MARK in html}


def teacher_starts(world):
    return [
        reverse("classroom:dashboard"),
        reverse("classroom:manage", kwargs={"pk": world.class_a.pk}),
        reverse("assessments:class_detail", kwargs={"pk": world.class_a.pk}),
        reverse("gradebook:class", kwargs={"class_id": world.class_a.pk}),
        reverse("assessments:essays:overview", kwargs={"assignment_id": world.essay_a.pk}),
        reverse("assessments:quizzes:attempts", kwargs={"assignment_id": world.quiz_a.pk}),
        reverse("assessments:quizzes:attempt_detail", kwargs={"attempt_id": world.attempt_a.pk}),
    ]


def test_teacher_pages_show_hostile_text_inert(stored, browser):
    """The teacher of A, crawling their class: the text shows, escaped, and never as markup."""
    sign_in(browser, stored, "teacher_a")
    pages = crawl(browser, teacher_starts(stored))

    assert raw_markup(pages) == []
    assert reverse("classroom:manage", kwargs={"pk": stored.class_a.pk}) in showing(pages)
    assert len(showing(pages)) >= 5


def test_the_grader_shows_a_hostile_essay_inert(stored, browser):
    """The teacher of B reads student_b's essay full of markup in the grader: escaped."""
    sign_in(browser, stored, "teacher_b")
    grader = reverse(
        "assessments:essays:grade",
        kwargs={"assignment_id": stored.essay_b.pk, "essay_id": stored.essay_of_student_b.pk},
    )
    pages = crawl(browser, [reverse("classroom:dashboard"), grader])

    assert raw_markup(pages) == []
    assert grader in showing(pages)


def test_student_pages_show_hostile_text_inert(stored, browser):
    """student_a sees the class name, the assignment title and the released comments, escaped."""
    sign_in(browser, stored, "student_a")
    essay = reverse("assessments:essays:write", kwargs={"assignment_id": stored.essay_a.pk})
    pages = crawl(
        browser,
        [
            reverse("classroom:dashboard"),
            reverse("assessments:class_detail", kwargs={"pk": stored.class_a.pk}),
            essay,
            reverse("gradebook:mine", kwargs={"class_id": stored.class_a.pk}),
        ],
    )

    assert raw_markup(pages) == []
    assert essay in showing(pages)


def test_admin_shows_hostile_text_inert(stored, browser):
    """An administrator browsing the admin's lists and records: escaped everywhere."""
    sign_in(browser, stored, "staff")
    pages = crawl(browser, [reverse("admin:index")], limit=300)

    assert raw_markup(pages) == []
    assert len(showing(pages)) >= 3


def export_cells(response, fmt):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("what", ["grid", "final"])
def test_exports_neutralise_formulas(stored, browser, what, fmt):
    """The roster name and the assignment title reach the export as text: formula cells start with '."""
    sign_in(browser, stored, "teacher_a")
    response = browser.get(
        reverse("gradebook:export", kwargs={"class_id": stored.class_a.pk, "what": what, "fmt": fmt})
    )
    assert response.status_code == HTTPStatus.OK
    cells = export_cells(response, fmt)

    assert f"'{HOSTILE_NAME}" in cells
    assert [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)] == []
