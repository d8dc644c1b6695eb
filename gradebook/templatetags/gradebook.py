from django import template
from django.utils.translation import gettext as _

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
