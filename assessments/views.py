"""Assignments and class pages: thin views over access.py, forms.py, services.py and selectors.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from classroom.access import Role, access_classroom

from . import selectors, services
from .access import access_assignment
from .forms import ArchiveForm, AssignmentForm
from .models import Assignment


def add_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_safe
@login_required
def class_detail(request, pk):
    """A class's page: its assignments with progress (teachers) or the student's own to-do list."""
    classroom = access_classroom(request.user, pk)
    now = timezone.now()
    if classroom.viewer_role == Role.TEACHER:
        assignments = list(Assignment.objects.filter(classroom=classroom).order_by("due_at", "pk"))
        students = selectors.class_students([classroom.pk])[classroom.pk]
        current = [a for a in assignments if not a.is_archived]
        overview = selectors.class_progress(classroom, current, students, now=now)
        return render(
            request,
            "assessments/class_teacher.html",
            {
                "classroom": classroom,
                "overview": overview,
                "archived": [a for a in assignments if a.is_archived],
                "kinds": Assignment.Kind.choices,
                "now": now,
            },
        )
    return render(
        request,
        "assessments/class_student.html",
        {
            "classroom": classroom,
            "todo": selectors.student_todo(request.user, now=now, classroom=classroom),
            "now": now,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def assignment_create(request, pk, kind):
    classroom = access_classroom(request.user, pk, role=Role.TEACHER)
    if kind not in Assignment.Kind.values:
        raise Http404
    form = AssignmentForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                classroom=classroom, kind=kind, created_by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Assigned: %(title)s.") % {"title": assignment.title})
            return redirect("assessments:class_detail", pk=classroom.pk)
    return render(
        request,
        "assessments/assignment_form.html",
        {"form": form, "classroom": classroom, "kind": Assignment.Kind(kind)},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def assignment_edit(request, pk):
    assignment = access_assignment(request.user, pk, role=Role.TEACHER)
    locked = selectors.assignment_has_started(assignment)
    form = AssignmentForm(
        request.POST or None, instance=assignment, kind=assignment.kind, content_locked=locked
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(assignment=assignment, **form.service_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("assessments:assignment_detail", pk=assignment.pk)
    return render(
        request,
        "assessments/assignment_form.html",
        {
            "form": form,
            "classroom": assignment.classroom,
            "assignment": assignment,
            "kind": Assignment.Kind(assignment.kind),
            "content_locked": locked,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_safe
@login_required
def assignment_detail(request, pk):
    """Teachers: every student's status. Students: the assignment and the way into the work."""
    assignment = access_assignment(request.user, pk)
    if assignment.viewer_role == Role.TEACHER:
        return render(
            request,
            "assessments/assignment_teacher.html",
            {
                "assignment": assignment,
                "roster": selectors.assignment_roster(assignment),
                "has_started": selectors.assignment_has_started(assignment),
            },
        )
    result = selectors.work_results([assignment], [request.user.pk])[request.user.pk, assignment.pk]
    status = selectors.status_for_student(result)
    # Quizzes and essays put their own "start"/"continue" buttons here, when they have them.
    actions = select_template(
        [f"assessments/{assignment.kind}_student_actions.html", "assessments/_student_actions.html"]
    )
    return render(
        request,
        "assessments/assignment_student.html",
        {
            "assignment": assignment,
            "result": result,
            "status": status,
            "actions_template": actions.template.name,
        },
    )


@require_POST
@login_required
def assignment_archive(request, pk):
    assignment = access_assignment(request.user, pk, role=Role.TEACHER)
    form = ArchiveForm(request.POST)
    form.is_valid()
    services.assignment_set_archived(assignment=assignment, archived=form.cleaned_data.get("archived", False))
    if assignment.is_archived:
        messages.success(
            request, _("Archived: students no longer see %(title)s.") % {"title": assignment.title}
        )
    else:
        messages.success(request, _("%(title)s is back.") % {"title": assignment.title})
    return redirect("assessments:class_detail", pk=assignment.classroom_id)


@require_POST
@login_required
def assignment_delete(request, pk):
    assignment = access_assignment(request.user, pk, role=Role.TEACHER)
    try:
        services.assignment_delete(assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:assignment_detail", pk=assignment.pk)
    messages.success(request, _("Deleted: %(title)s.") % {"title": assignment.title})
    return redirect("assessments:class_detail", pk=assignment.classroom_id)
