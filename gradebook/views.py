"""Gradebook pages. Thin: resolve access, gather with selectors, compute with grading, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.access import access_assignment
from classroom.access import Role, access_classroom, access_classroom_as_student
from classroom.context_processors import remember_roles
from classroom.models import Membership

from . import exports, grading, overview, selectors, services
from . import inputs as page_inputs
from . import statistics as stats
from .charts import histogram_svg
from .forms import ExcuseForm, LetterScaleFormSet, OverrideForm, SettingsForm
from .models import CellOverride, Excusal, LetterBand

PAGE_SIZE = 50


def access_student(classroom, student_id):
    """A student (active or removed) of the class, or 404."""
    membership = (
        Membership.objects.filter(classroom=classroom, role=Role.STUDENT, user_id=student_id)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_cell(user, class_id, student_id, assignment_id):
    classroom = access_classroom(user, class_id, role=Role.TEACHER)
    membership = access_student(classroom, student_id)
    assignment = access_assignment(user, assignment_id, role=Role.TEACHER)
    if assignment.classroom_id != classroom.pk:
        raise Http404
    return classroom, membership, assignment


def listing_params(request):
    """sort, membership state and page from the query string; anything unknown falls back quietly."""
    sort = request.GET.get("sort", "name")
    state = request.GET.get("state", selectors.MembershipState.ACTIVE)
    return (
        sort if sort in selectors.SORTS else "name",
        state if state in selectors.MembershipState.CHOICES else selectors.MembershipState.ACTIVE,
    )


@require_safe
@login_required
def index(request):
    """The classes whose gradebook the person may open: taught ones and their own grades."""
    memberships = (
        Membership.objects.filter(user=request.user, is_active=True)
        .select_related("classroom")
        .order_by("classroom__name")
    )
    return render(
        request,
        "gradebook/index.html",
        {
            "teaching": [m.classroom for m in memberships if m.role == Role.TEACHER],
            "studying": [m.classroom for m in memberships if m.role == Role.STUDENT],
        },
    )


@require_safe
@login_required
def class_gradebook(request, class_id):
    """Students × assignments for the class's teacher, 50 students a page."""
    classroom = access_classroom(request.user, class_id, role=Role.TEACHER)
    sort, state = listing_params(request)
    now = timezone.now()
    # The reads written out (gradebook.inputs): the ORM's took a third of the page's CPU.
    memberships = page_inputs.student_members(classroom, state=state)
    if sort in ("name", "-name"):
        # In name order a page needs only its own students: read and grade 50, not the whole class.
        if sort == "-name":
            memberships.reverse()
        page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
        inputs = page_inputs.class_inputs(classroom, page.object_list, now=now)
        page.object_list = selectors.class_rows(inputs, now=now)
    else:
        inputs = page_inputs.class_inputs(classroom, memberships, now=now)
        rows = selectors.class_rows(inputs, now=now, sort=sort)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "gradebook/class.html",
        {
            "classroom": classroom,
            "items": inputs.items,
            "page": page,
            "sort": sort,
            "state": state,
            "states": selectors.MembershipState.CHOICES,
            "policy": inputs.policy,
        },
    )


@require_safe
@login_required
def class_overview(request, class_id):
    """Every active student × every current assignment on one page: where each one stands."""
    classroom = access_classroom(request.user, class_id, role=Role.TEACHER)
    return overview.page(request, classroom)


def grade_page(request, classroom, membership, audience):
    now = timezone.now()
    inputs = page_inputs.class_inputs(
        classroom, [membership], now=now, student_view=audience == grading.STUDENT
    )
    grade = inputs.grade(membership.user_id, now=now, audience=audience)
    return render(
        request,
        "gradebook/student.html",
        {
            "classroom": classroom,
            "membership": membership,
            "student": membership.user,
            "grade": grade,
            "items": inputs.items,
            "policy": inputs.policy,
            "topics": stats.topic_averages([grade], inputs.items),
            "is_teacher": audience == grading.TEACHER,
        },
    )


@require_safe
@login_required
def my_grades(request, class_id):
    """The student's own grade and how it was made; nothing of anyone else's."""
    classroom = access_classroom_as_student(request.user, class_id)
    remember_roles(request, classroom.viewer_roles)  # read with the access: the navbar needs no query
    # The access found the user an active student of the class: that is the membership.
    membership = selectors.Member(request.user.pk, True, request.user)
    return grade_page(request, classroom, membership, grading.STUDENT)


@require_safe
@login_required
def student_grades(request, class_id, student_id):
    """One student's grade as the teacher sees it (unreleased grades counted and flagged)."""
    classroom = access_classroom(request.user, class_id, role=Role.TEACHER)
    membership = access_student(classroom, student_id)
    return grade_page(request, classroom, membership, grading.TEACHER)


def cell_context(classroom, membership, assignment, **forms):
    now = timezone.now()
    inputs, grade = selectors.student_grade(
        classroom, membership.user, now=now, audience=grading.TEACHER, membership=membership
    )
    override = CellOverride.objects.filter(student=membership.user, assignment=assignment).first()
    excusal = Excusal.objects.filter(student=membership.user, assignment=assignment).first()
    return {
        "classroom": classroom,
        "membership": membership,
        "student": membership.user,
        "assignment": assignment,
        "cell": grade.cells.get(assignment.pk),
        "override": override,
        "excusal": excusal,
        "history": selectors.cell_history(membership.user, assignment),
        "override_form": forms.get("override_form")
        or OverrideForm(initial={"percent": override.percent if override else None}),
        "excuse_form": forms.get("excuse_form")
        or ExcuseForm(initial={"excused": excusal is not None, "reason": excusal.reason if excusal else ""}),
    }


@require_safe
@login_required
def cell(request, class_id, student_id, assignment_id):
    """One cell: its computed state, the override and excusal forms, and the override history."""
    classroom, membership, assignment = access_cell(request.user, class_id, student_id, assignment_id)
    return render(request, "gradebook/cell.html", cell_context(classroom, membership, assignment))


def back_to_cell(class_id, student_id, assignment_id):
    return redirect("gradebook:cell", class_id=class_id, student_id=student_id, assignment_id=assignment_id)


@require_POST
@login_required
def override(request, class_id, student_id, assignment_id):
    """Set or clear the teacher's score for one cell, with a reason kept in the history."""
    classroom, membership, assignment = access_cell(request.user, class_id, student_id, assignment_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.cell_override_set(
                student=membership.user,
                assignment=assignment,
                percent=form.cleaned_data["percent"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Grade override saved."))
            return back_to_cell(class_id, student_id, assignment_id)
    context = cell_context(classroom, membership, assignment, override_form=form)
    return render(request, "gradebook/cell.html", context, status=400)


@require_POST
@login_required
def excuse(request, class_id, student_id, assignment_id):
    """Excuse the student from the assignment, or take the excusal back."""
    classroom, membership, assignment = access_cell(request.user, class_id, student_id, assignment_id)
    form = ExcuseForm(request.POST)
    if not form.is_valid():
        context = cell_context(classroom, membership, assignment, excuse_form=form)
        return render(request, "gradebook/cell.html", context, status=400)
    services.excusal_set(
        student=membership.user,
        assignment=assignment,
        excused=form.cleaned_data["excused"],
        reason=form.cleaned_data["reason"],
        by=request.user,
    )
    messages.success(request, _("Excused.") if form.cleaned_data["excused"] else _("No longer excused."))
    return back_to_cell(class_id, student_id, assignment_id)


def scale_initial(classroom):
    bands = LetterBand.objects.filter(classroom=classroom)
    rows = [(b.letter, b.min_percent, b.gpa) for b in bands] or list(grading.DEFAULT_SCALE)
    return [{"letter": letter, "min_percent": m, "gpa": gpa} for letter, m, gpa in rows]


def settings_page(request, classroom, *, form=None, formset=None, status=200):
    return render(
        request,
        "gradebook/settings.html",
        {
            "classroom": classroom,
            "form": form or SettingsForm(instance=selectors.settings_for(classroom)),
            "formset": formset or LetterScaleFormSet(initial=scale_initial(classroom), prefix="scale"),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def gradebook_settings(request, class_id):
    """Category weights, drop-lowest and missing work; the letter scale is edited beside them."""
    classroom = access_classroom(request.user, class_id, role=Role.TEACHER)
    if request.method != "POST":
        return settings_page(request, classroom)
    form = SettingsForm(request.POST, instance=selectors.settings_for(classroom))
    if form.is_valid():
        try:
            services.gradebook_settings_update(classroom=classroom, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Gradebook settings saved."))
            return redirect("gradebook:settings", class_id=classroom.pk)
    return settings_page(request, classroom, form=form, status=400)


@require_POST
@login_required
def letter_scale(request, class_id):
    """Replace the class's letter scale (rows left empty or marked for deletion are dropped)."""
    classroom = access_classroom(request.user, class_id, role=Role.TEACHER)
    formset = LetterScaleFormSet(request.POST, prefix="scale")
    if formset.is_valid():
        bands = [
            (f.cleaned_data["letter"], f.cleaned_data["min_percent"], f.cleaned_data["gpa"])
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.letter_scale_update(classroom=classroom, bands=bands)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("Letter scale saved."))
            return redirect("gradebook:settings", class_id=classroom.pk)
    return settings_page(request, classroom, formset=formset, status=400)


@require_safe
@login_required
def statistics(request, class_id):
    """Distribution per assignment, average per topic, students below 50 %, completion."""
    classroom = access_classroom(request.user, class_id, role=Role.TEACHER)
    now = timezone.now()
    inputs = page_inputs.class_inputs(classroom, page_inputs.student_members(classroom), now=now)
    rows = selectors.class_rows(inputs, now=now)
    grades = [row.grade for row in rows]
    item_stats = stats.item_stats(grades, inputs.items)
    for entry in item_stats:
        entry.chart = histogram_svg(
            entry.distribution, label=_("Distribution of scores: %(title)s") % {"title": entry.item.title}
        )
    return render(
        request,
        "gradebook/statistics.html",
        {
            "classroom": classroom,
            "item_stats": item_stats,
            "topics": stats.topic_averages(grades, inputs.items),
            "below": stats.below(rows),
            "students": len(rows),
        },
    )


@require_safe
@login_required
def export(request, class_id, what, fmt):
    """The grid or the final grades as CSV (streamed) or XLSX, with the page's sort and filter."""
    classroom = access_classroom(request.user, class_id, role=Role.TEACHER)
    if what not in (exports.GRID, exports.FINAL) or fmt not in (exports.CSV, exports.XLSX):
        raise Http404
    sort, state = listing_params(request)
    now = timezone.now()
    # The written-out reads (gradebook.inputs), as on the gradebook page: for a whole class the ORM's
    # compiling of every student id and the rows' model instances were 60 % of the export's CPU.
    members = page_inputs.student_members(classroom, state=state)
    inputs = page_inputs.class_inputs(classroom, members, now=now)
    rows = selectors.class_rows(inputs, now=now, sort=sort)
    filename = f"{slugify(classroom.name) or 'class'}-{what}-{timezone.localdate():%Y-%m-%d}"
    return exports.export_response(rows, inputs.items, what=what, fmt=fmt, filename=filename)
