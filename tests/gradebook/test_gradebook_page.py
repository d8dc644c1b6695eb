"""The gradebook page's written-out reads (gradebook.inputs) show what the ORM-built reads showed.

The reference is the page as gradebook.views.class_gradebook built it before (commit 9773431):
`selectors.student_memberships` and `selectors.class_inputs`, rendered with the page's template. The class
is test_student_page's world (every state the result readers tell apart, readings, penalties, excusals,
overrides, hidden and other classes' work, removed students), under several settings, for every sort,
membership filter and page.
"""

import html
from dataclasses import replace
from http import HTTPStatus

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from classroom.models import Membership
from gradebook import inputs as fast
from gradebook import selectors, views
from gradebook.templatetags.gradebook import GridBuilder

from .test_results_readers import school  # noqa: F401 (a fixture)
from .test_student_page import POLICIES, apply_policy, main, world  # noqa: F401 (world: a fixture)

pytestmark = pytest.mark.django_db


def reference_page(response, classroom, sort, state, page_number):
    """What class_gradebook rendered before, for the request the new page served."""
    now = timezone.now()
    if sort in ("name", "-name"):
        memberships = selectors.student_memberships(classroom, state=state)
        if sort == "-name":
            memberships.reverse()
        page = Paginator(memberships, views.PAGE_SIZE).get_page(page_number)
        inputs = selectors.class_inputs(classroom, now=now, memberships=page.object_list)
        page.object_list = selectors.class_rows(inputs, now=now)
    else:
        inputs = selectors.class_inputs(classroom, now=now, state=state)
        rows = selectors.class_rows(inputs, now=now, sort=sort)
        page = Paginator(rows, views.PAGE_SIZE).get_page(page_number)
    context = {
        "classroom": response.context["classroom"],
        "items": inputs.items,
        "page": page,
        "sort": sort,
        "state": state,
        "states": selectors.MembershipState.CHOICES,
        "policy": inputs.policy,
    }
    return render_to_string("gradebook/class.html", context, request=response.wsgi_request)


@pytest.mark.parametrize("policy", POLICIES)
def test_page_equals_the_reference(client, world, policy, monkeypatch):  # noqa: F811 (the fixture)
    """Every sort, filter and page (seven students a page) shows what it showed."""
    classroom, teacher, _students = world
    apply_policy(classroom, policy)
    monkeypatch.setattr(views, "PAGE_SIZE", 7)
    client.force_login(teacher)
    url = reverse("gradebook:class", args=[classroom.pk])
    pages = 0
    for sort in selectors.SORTS:
        for state in selectors.MembershipState.CHOICES:
            for number in (1, 2, 3):
                response = client.get(url, {"sort": sort, "state": state, "page": number})
                assert response.status_code == HTTPStatus.OK
                expected = reference_page(response, classroom, sort, state, number)
                assert main(response.text) == main(expected)
                pages += "gb-cell-link" in response.text
    assert pages > 25  # pages with students in them were compared, not only empty ones


def test_members_equal_student_memberships(world):  # noqa: F811 (the fixture)
    classroom, _teacher, _students = world
    Membership.objects.filter(classroom=classroom).update(is_active=False)  # some removed, then back
    Membership.objects.filter(classroom=classroom, user__full_name__endswith="1").update(is_active=True)
    for state in selectors.MembershipState.CHOICES:
        assert fast.student_members(classroom, state=state) == selectors.student_memberships(
            classroom, state=state
        )


@pytest.mark.parametrize("policy", POLICIES)
def test_class_inputs_equal_for_the_whole_class(world, policy):  # noqa: F811 (the fixture)
    """The teacher's view of every student at once (the grade sorts, exports) reads the same inputs."""
    classroom, _teacher, _students = world
    apply_policy(classroom, policy)
    now = timezone.now()
    members = fast.student_members(classroom, state=selectors.MembershipState.ALL)
    got = fast.class_inputs(classroom, members, now=now)
    expected = selectors.class_inputs(classroom, now=now, state=selectors.MembershipState.ALL)
    assert got.items == expected.items
    assert got.policy == expected.policy
    assert {s: sorted(r.items()) for s, r in got.results.items()} == {
        s: sorted(r.items()) for s, r in expected.results.items()
    }
    assert repr({s: sorted(r.items()) for s, r in got.results.items()}) == repr(
        {s: sorted(r.items()) for s, r in expected.results.items()}
    )
    assert got.excused == expected.excused
    assert got.overrides == expected.overrides
    assert got.memberships == expected.memberships


def test_no_students(world):  # noqa: F811 (the fixture)
    """A class with nobody in a state reads its settings and assignments and no work."""
    classroom, _teacher, _students = world
    now = timezone.now()
    got = fast.class_inputs(classroom, [], now=now)
    expected = selectors.class_inputs(classroom, now=now, student_ids=[])
    assert (got.items, got.policy, got.results, got.excused, got.overrides) == (
        expected.items,
        expected.policy,
        expected.results,
        expected.excused,
        expected.overrides,
    )


class ReferenceGridBuilder(GridBuilder):
    """The grid's cells as GridBuilder built them before (commit 9773431), verbatim."""

    def cells(self, row, name=None):
        student = row.student
        name = name or html.escape(student.get_full_name())
        link = self.cell_link.replace("987654321", str(student.pk)).replace("123456789", "{}")
        label = self.label
        cells = row.grade.cells
        content = self.content
        return "".join(
            f'<td class="gb-cell gb-state-{cell.state}"><a class="gb-cell-link" href="{link.format(id)}" '
            f'aria-label="{label % {"student": name, "title": title}}">{content(cell)}</a></td>'
            for id, title in self.items
            for cell in (cells[id],)
        )


def test_grid_rows_equal_the_reference(world):  # noqa: F811 (the fixture)
    """Byte for byte, with titles and names that a format string or a marker could trip on."""
    classroom, _teacher, students = world
    students[0].full_name = "O'Brien <&> %(title)s {}"
    students[0].save(update_fields=["full_name"])
    now = timezone.now()
    members = fast.student_members(classroom, state=selectors.MembershipState.ALL)
    inputs = fast.class_inputs(classroom, members, now=now)
    # Titles set on the items (PostgreSQL would refuse the NUL of the marker in a stored title).
    titles = ["100 % & <b>", "{} {0} %(student)s %s", "Plain", "A\x00kz-student\x00B", '"quoted"']
    items = [replace(item, title=title) for item, title in zip(inputs.items, titles, strict=False)]
    items += inputs.items[len(items) :]
    rows = selectors.class_rows(inputs, now=now)
    expected = ReferenceGridBuilder(classroom, items).rows(rows)
    assert GridBuilder(classroom, items).rows(rows) == expected
    assert "A\x00kz-student\x00B" in expected


def test_grid_rows_with_a_label_without_the_name(world, monkeypatch):  # noqa: F811 (the fixture)
    """A translation that leaves the student's name out still gives the reference's cells."""
    from gradebook.templatetags import gradebook as tags

    monkeypatch.setattr(tags, "_", lambda text: "%(title)s" if text == "%(student)s, %(title)s" else text)
    classroom, _teacher, _students = world
    now = timezone.now()
    members = fast.student_members(classroom)
    inputs = fast.class_inputs(classroom, members, now=now)
    rows = selectors.class_rows(inputs, now=now)
    expected = ReferenceGridBuilder(classroom, inputs.items).rows(rows)
    assert GridBuilder(classroom, inputs.items).rows(rows) == expected
