from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import escape
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


def number(value, texts):
    """localize(value) for a Decimal, with the separator looked up once."""
    if texts.plain_numbers:
        return f"{value:f}".replace(".", texts.decimal_separator)
    return localize(value)


class GridTexts:
    """The grid's fixed strings, translated and escaped once per row instead of once per cell."""

    def __init__(self):
        self.late = escape(_("late"))
        # localize() looks the formats up on every call; the grid asks thousands of times.
        self.plain_numbers = not settings.USE_THOUSAND_SEPARATOR
        self.decimal_separator = get_format("DECIMAL_SEPARATOR")
        self.states = {state: escape(state_name(state)) for state in STATES}
        self.badges = {
            "missing": escape(_("missing")),
            "unreleased": escape(_("unreleased")),
            "override": escape(_("override")),
            "dropped": escape(_("dropped")),
        }


STATES = (
    CellState.SCORED,
    CellState.MISSING,
    CellState.EXCUSED,
    CellState.UNGRADED,
    CellState.UNRELEASED,
    CellState.PENDING,
    CellState.DONE,
)


def cell_content(cell, texts=None):
    """What gradebook/_cell.html renders for a cell, built in Python (the grid has thousands)."""
    texts = texts or GridTexts()
    if cell.display is None:
        late = f' <span class="badge text-bg-warning">{texts.late}</span>' if cell.late else ""
        return f'<span class="badge {state_badge(cell.state)}">{texts.states[cell.state]}</span>{late}'
    parts = [f'<span class="gb-score">{escape(number(cell.display, texts))}</span>']
    if cell.state == CellState.MISSING:
        parts.append(f' <span class="badge text-bg-danger">{texts.badges["missing"]}</span>')
    if cell.late:
        title = ngettext(
            "%(days)s day late, −%(penalty)s %%", "%(days)s days late, −%(penalty)s %%", cell.late_days
        ) % {"days": cell.late_days, "penalty": number(cell.penalty, texts)}
        parts.append(f' <span class="badge text-bg-warning" title="{escape(title)}">{texts.late}</span>')
    if cell.unreleased:
        parts.append(f' <span class="badge text-bg-info">{texts.badges["unreleased"]}</span>')
    if cell.overridden:
        parts.append(f' <span class="badge text-bg-primary">{texts.badges["override"]}</span>')
    if cell.dropped:
        parts.append(f' <span class="badge text-bg-secondary">{texts.badges["dropped"]}</span>')
    return "".join(parts)


@register.simple_tag
def grid_cells(classroom, row, items):
    """The row's <td> per item, each linking to its cell page (one reverse for the whole row).

    Every value from the database is escaped here; the fixed strings come escaped from GridTexts.
    """
    student = row.student
    name = student.get_full_name()
    link = reverse("gradebook:cell", args=[classroom.pk, student.pk, 987654321]).replace("987654321", "{}")
    texts = GridTexts()
    label = _("%(student)s, %(title)s")
    cells = []
    for item in items:
        cell = row.grade.cells[item.id]
        aria = escape(label % {"student": name, "title": item.title})
        cells.append(
            f'<td class="gb-cell gb-state-{escape(cell.state)}"><a class="gb-cell-link" '
            f'href="{link.format(item.id)}" aria-label="{aria}">{cell_content(cell, texts)}</a></td>'
        )
    return mark_safe("".join(cells))  # noqa: S308 (escaped above)
