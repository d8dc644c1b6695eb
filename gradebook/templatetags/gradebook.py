from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gradebook.exports import state_label
from gradebook.grading import CellState

register = template.Library()


@register.filter
def cell_of(grade, item):
    """The grade's cell for an item."""
    return grade.cells[item.id]


@register.filter
def category(grade, kind):
    return grade.categories[kind]


@register.filter
def state_name(state):
    return state_label(state)


@register.filter
def state_badge(state):
    """A Bootstrap badge class per cell state."""
    return {
        CellState.MISSING: "text-bg-danger",
        CellState.EXCUSED: "text-bg-secondary",
        CellState.UNGRADED: "text-bg-warning",
        CellState.UNRELEASED: "text-bg-info",
        CellState.PENDING: "text-bg-light",
        CellState.DONE: "text-bg-success",
    }.get(state, "text-bg-light")


@register.filter
def kind_label(kind):
    return {"quiz": _("Quizzes"), "essay": _("Essays"), "reading": _("Readings")}.get(kind, kind)


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with `changes` applied (page reset unless given)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


def cell_content(cell):
    """What gradebook/_cell.html renders for a cell, built in Python (the grid has thousands)."""
    if cell.display is None:
        late = format_html(' <span class="badge text-bg-warning">{}</span>', _("late")) if cell.late else ""
        return format_html(
            '<span class="badge {}">{}</span>{}', state_badge(cell.state), state_name(cell.state), late
        )
    badges = []
    if cell.state == CellState.MISSING:
        badges.append(("text-bg-danger", "", _("missing")))
    if cell.late:
        title = ngettext(
            "%(days)s day late, −%(penalty)s %%", "%(days)s days late, −%(penalty)s %%", cell.late_days
        ) % {"days": cell.late_days, "penalty": localize(cell.penalty)}
        badges.append(("text-bg-warning", title, _("late")))
    if cell.unreleased:
        badges.append(("text-bg-info", "", _("unreleased")))
    if cell.overridden:
        badges.append(("text-bg-primary", "", _("override")))
    if cell.dropped:
        badges.append(("text-bg-secondary", "", _("dropped")))
    return format_html(
        '<span class="gb-score">{}</span>{}',
        localize(cell.display),
        format_html_join(
            "",
            ' <span class="badge {}"{}>{}</span>',
            (
                (badge, format_html(' title="{}"', title) if title else "", text)
                for badge, title, text in badges
            ),
        ),
    )


@register.simple_tag
def grid_cells(classroom, row, items):
    """The row's <td> per item, each linking to its cell page (one reverse for the whole row)."""
    student = row.student
    name = student.get_full_name()
    link = reverse("gradebook:cell", args=[classroom.pk, student.pk, 987654321]).replace("987654321", "{}")
    return mark_safe(  # noqa: S308 (every part is format_html output)
        "".join(
            format_html(
                '<td class="gb-cell gb-state-{}">'
                '<a class="gb-cell-link" href="{}" aria-label="{}">{}</a></td>',
                cell.state,
                link.format(item.id),
                _("%(student)s, %(title)s") % {"student": name, "title": item.title},
                cell_content(cell),
            )
            for item in items
            for cell in [row.grade.cells[item.id]]
        )
    )
