import html

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gradebook.exports import state_label, state_labels
from gradebook.grading import ESSAY, QUIZ, CellState

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
        labels = state_labels()
        self.states = {state: escape(labels.get(state, state)) for state in STATES}
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


@register.simple_tag(takes_context=True)
def cell_html(context, cell):
    """gradebook/_cell.html for one cell, built in Python with the page's GridTexts (made once)."""
    texts = context.render_context.get(GridTexts)
    if texts is None:
        texts = context.render_context[GridTexts] = GridTexts()
    return mark_safe(cell_content(cell, texts))  # noqa: S308 (escaped in cell_content)


@register.simple_tag
def grid_cells(classroom, row, items):
    """The row's <td> per item, each linking to its cell page (one reverse for the whole row).

    Every value from the database is escaped here; the fixed strings come escaped from GridTexts.
    """
    return mark_safe(GridBuilder(classroom, items).cells(row))  # noqa: S308 (escaped in GridBuilder)


@register.simple_tag
def grid_header(items):
    """The grid's column heading per item: title, kind and points (labels translated once)."""
    texts = GridTexts()
    kinds = {kind: html.escape(kind_label(kind)) for kind in ("quiz", "essay", "reading")}
    points = html.escape(_("pts"))
    return mark_safe(  # noqa: S308 (escaped here)
        "".join(
            f'<th scope="col" class="gb-item gb-kind-{html.escape(item.kind)}">'
            f'<span class="d-block">{html.escape(item.title)}</span>'
            f'<span class="small text-body-secondary">{kinds.get(item.kind) or html.escape(item.kind)} · '
            f"{html.escape(number(item.points, texts))} {points}</span></th>"
            for item in items
        )
    )


@register.simple_tag
def grid_rows(classroom, rows, items):
    """Every row of the gradebook grid (<tr> with the name, a cell per item and the totals), in one go.

    50 rows × 26 cells: a template loop with a tag per row cost more than the grades themselves.
    """
    return mark_safe(GridBuilder(classroom, items).rows(rows))  # noqa: S308 (escaped in GridBuilder)


class GridBuilder:
    """The grid's HTML for one page: the fixed strings translated and escaped once, each distinct cell's
    content built once (most cells of a class look alike: "missing", "100.00", …)."""

    def __init__(self, classroom, items):
        self.texts = GridTexts()
        self.items = [(item.id, html.escape(item.title)) for item in items]
        self.cell_link = reverse("gradebook:cell", args=[classroom.pk, 987654321, 123456789])
        self.student_link = reverse("gradebook:student", args=[classroom.pk, 987654321])
        # Escaping works character by character: escaping the parts is escaping the whole.
        self.label = html.escape(_("%(student)s, %(title)s"))
        self.removed = escape(_("removed"))
        self.contents = {}

    def content(self, cell):
        key = (
            cell.state,
            cell.percent,
            cell.late_days,
            cell.penalty,
            cell.unreleased,
            cell.overridden,
            cell.dropped,
        )
        found = self.contents.get(key)
        if found is None:
            found = self.contents[key] = cell_content(cell, self.texts)
        return found

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

    def total(self, value):
        return "—" if value is None else escape(number(value, self.texts))

    def row(self, row):
        grade = row.grade
        student = row.student
        active = row.membership.is_active
        link = self.student_link.replace("987654321", str(student.pk))
        name = html.escape(student.get_full_name())
        opening, removed = "<tr>", ""
        if not active:
            opening = '<tr class="gb-removed">'
            removed = f' <span class="badge text-bg-secondary">{self.removed}</span>'
        return (
            f'{opening}<th scope="row" class="gb-sticky-col"><a href="{link}">{name}</a>'
            f"{removed}</th>{self.cells(row, name)}"
            f"<td>{self.total(grade.categories[QUIZ].display)}</td>"
            f"<td>{self.total(grade.categories[ESSAY].display)}</td>"
            f"<td>{grade.readings_done}/{grade.readings_total}</td>"
            f'<td class="fw-semibold gb-final">{self.total(grade.percent)}</td>'
            f'<td class="fw-semibold">{"—" if grade.letter is None else escape(grade.letter)}</td></tr>'
        )

    def rows(self, rows):
        return "\n".join(self.row(row) for row in rows)
