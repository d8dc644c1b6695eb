import html
from datetime import datetime

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone, is_naive
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

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
    parts = [f'<span class="gb-score">{html.escape(number(cell.display, texts))}</span>']
    if cell.state == CellState.MISSING:
        parts.append(f' <span class="badge text-bg-danger">{texts.badges["missing"]}</span>')
    if cell.late:
        title = ngettext(
            "%(days)s day late, −%(penalty)s %%", "%(days)s days late, −%(penalty)s %%", cell.late_days
        ) % {"days": cell.late_days, "penalty": number(cell.penalty, texts)}
        parts.append(f' <span class="badge text-bg-warning" title="{html.escape(title)}">{texts.late}</span>')
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


NAME_MARK = "\x00kz-student\x00"  # not in a title or a label (PostgreSQL refuses NUL in text)


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
        # Per item, what its cells share, made once (1,300 cells a page): the end of the link after the
        # student, and the aria-label around the student's name (`label % …` with a marker for the name,
        # split there; a label the marker cannot split is formatted per cell).
        self.link_head, link_tail = self.cell_link.split("123456789")
        self.cell_parts = []
        for id, title in self.items:
            around = (self.label % {"student": NAME_MARK, "title": title}).split(NAME_MARK)
            if len(around) != 2:
                around = (None, None)
            self.cell_parts.append((id, f"{id}{link_tail}", *around, title))

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
        link = self.link_head.replace("987654321", str(student.pk))
        cells = row.grade.cells
        content = self.content
        parts = []
        for id, href_tail, label_head, label_tail, title in self.cell_parts:
            cell = cells[id]
            label = (
                f"{label_head}{name}{label_tail}"
                if label_head is not None
                else self.label % {"student": name, "title": title}
            )
            parts.append(
                f'<td class="gb-cell gb-state-{cell.state}"><a class="gb-cell-link" href="{link}{href_tail}" '
                f'aria-label="{label}">{content(cell)}</a></td>'
            )
        return "".join(parts)

    def total(self, value):
        # html.escape, not Django's escape: a plain str in, and no lazy-string wrapper per call.
        return "—" if value is None else html.escape(number(value, self.texts))

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
            f'<td class="fw-semibold">{"—" if grade.letter is None else html.escape(grade.letter)}</td></tr>'
        )

    def rows(self, rows):
        return "\n".join(self.row(row) for row in rows)


@register.simple_tag(takes_context=True)
def work_rows(context, classroom, student, items, grade, is_teacher):
    """The student page's "Work" rows (one <tr> per assignment), built in Python in one go.

    What a template loop with a `{% with %}`, a `{% blocktranslate %}` and a date format per row gave,
    with the fixed strings translated once and each distinct date and number formatted once.
    """
    texts = context.render_context.get(GridTexts)
    if texts is None:
        texts = context.render_context[GridTexts] = GridTexts()
    return mark_safe(  # noqa: S308 (escaped in WorkRows)
        WorkRows(classroom, student, texts, is_teacher=is_teacher, use_tz=context.use_tz).rows(items, grade)
    )


def local_time(value, use_tz, zone):
    """django.utils.timezone.template_localtime(value, use_tz), in the time zone `zone` looked up once."""
    convert = (
        isinstance(value, datetime)
        and (settings.USE_TZ if use_tz is None else use_tz)
        and not is_naive(value)
        and getattr(value, "convert_to_local_time", True)
    )
    return value.astimezone(zone) if convert else value


class WorkRows:
    """gradebook/student.html's table of work, a row per assignment (see work_rows)."""

    DUE_FORMAT = "j M Y, H:i"

    def __init__(self, classroom, student, texts, *, is_teacher, use_tz):
        self.texts = texts
        self.use_tz = use_tz
        self.kinds = {}
        self.dates = {}
        self.numbers = {}
        self.rounded = {}
        self.months = None
        self.zone = None
        self.link = None
        if is_teacher:
            self.link = escape(reverse("gradebook:cell", args=[classroom.pk, student.pk, 123456789]))
        # blocktranslate's message: literal % doubled, {{ raw }} and {{ penalty }} as named placeholders.
        self.penalty_note = _("(was %(raw)s, −%(penalty)s %%)")

    def kind(self, kind):
        found = self.kinds.get(kind)
        if found is None:
            found = self.kinds[kind] = conditional_escape(kind_label(kind))
        return found

    def due(self, value):
        """`value|date:"j M Y, H:i"` (DUE_FORMAT) in the current time zone, as the template gave it.

        Django's dateformat looks each piece up through lazy translations (40 µs a date); here the
        month abbreviations are translated once and the numbers put in with the same paddings as
        dateformat's j, Y, H and i.
        """
        found = self.dates.get(value)
        if found is None:
            if self.zone is None:  # template_localtime looks the current time zone up on every call
                self.zone = get_current_timezone()
            local = local_time(value, self.use_tz, self.zone)
            if self.months is None:
                self.months = {number: name.title() for number, name in MONTHS_3.items()}
            month = self.months[local.month]
            found = self.dates[value] = conditional_escape(
                f"{local.day} {month} {local.year:04d}, {local.hour:02d}:{local.minute:02d}"
            )
        return found

    def number(self, value):
        """`{{ value }}` of a Decimal: localized (keyed by its digits: 10 and 10.00 show differently)."""
        key = value.as_tuple()
        found = self.numbers.get(key)
        if found is None:
            found = self.numbers[key] = conditional_escape(localize(value))
        return found

    def two_places(self, value):
        """`{{ value|floatformat:2 }}` (equal values give equal text)."""
        found = self.rounded.get(value)
        if found is None:
            found = self.rounded[value] = conditional_escape(floatformat(value, 2))
        return found

    def row(self, item, cell):
        title = escape(item.title)
        if self.link is not None:
            title = f'<a href="{self.link.replace("123456789", str(item.id))}">{title}</a>'
        score = cell_content(cell, self.texts)
        if cell.penalty:
            note = self.penalty_note % {
                "raw": self.two_places(cell.raw_percent),
                "penalty": self.number(cell.penalty),
            }
            score += f' <span class="small text-body-secondary">{note}</span>'
        earned = cell.earned
        earned = "" if earned is None or item.kind == "reading" else self.two_places(earned)
        return (
            f'<tr class="gb-state-{escape(cell.state)}">\n'
            f'<th scope="row">{title}</th>\n'
            f"<td>{self.kind(item.kind)}</td>\n"
            f"<td>{self.due(item.due_at)}</td>\n"
            f"<td>{self.number(item.points)}</td>\n"
            f"<td>{score}</td>\n"
            f"<td>{earned}</td>\n"
            "</tr>"
        )

    def rows(self, items, grade):
        cells = grade.cells
        return "\n".join(self.row(item, cells[item.id]) for item in items)


# The messages of the template's {% blocktranslate %}s the steps replaced (the same msgids).
STEP_WEIGHT = gettext_noop("weight %(weight)s")
STEP_COUNTED = gettext_noop("%(earned)s of %(possible)s points counted = %(percent)s %%")
STEP_SHARE = gettext_noop("share %(share)s of the grade, adds %(contribution)s points")


@register.simple_tag(takes_context=True)
def grade_steps(context, grade):
    """The student page's "How the grade was computed" items, one <li> per category, built in Python.

    What the template loop gave (a `{% blocktranslate %}` or three per category, values localized and
    escaped as blocktranslate renders them), with the same messages and the same text, space for space.
    """
    use_l10n = context.use_l10n

    def value(found):
        return conditional_escape(localize(found, use_l10n=use_l10n))

    def message(text, data):
        """_(text) % data; a translation whose placeholders do not fit falls back to the English, as
        blocktranslate falls back."""
        try:
            return _(text) % data
        except (KeyError, ValueError):
            return text % data

    steps = []
    for kind, category in grade.categories.items():
        weight = message(STEP_WEIGHT, {"weight": value(category.weight)})
        label = conditional_escape(kind_label(kind))
        steps.append(f"\n      <li>\n        <strong>{label}</strong> ({weight}):\n        ")
        if category.percent is not None:
            counted = message(
                STEP_COUNTED,
                {
                    "earned": value(floatformat(category.earned, 2)),
                    "possible": value(floatformat(category.possible, 2)),
                    "percent": value(category.display),
                },
            )
            if category.counts:
                share = message(
                    STEP_SHARE,
                    {
                        "share": value(floatformat(category.share, 4)),
                        "contribution": value(floatformat(category.contribution, 2)),
                    },
                )
            else:
                share = conditional_escape(_("weight 0: not counted"))
            steps.append(f"\n          {counted}\n          — {share}\n        ")
        else:
            left_out = _(
                "nothing graded yet, so this category is left out and the other weights are scaled up."
            )
            steps.append(f"\n          {conditional_escape(left_out)}\n        ")
        steps.append("\n      </li>\n    ")
    return mark_safe("".join(steps))  # noqa: S308 (every value escaped above; the messages are ours)
