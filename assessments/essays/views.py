"""Essay pages: the student's writing page, and the teacher's overview, grader and release."""

from decimal import Decimal
from functools import wraps
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from assessments.access import access_assignment, access_assignment_as_student
from classroom import fragments
from classroom.access import Role
from classroom.context_processors import remember_roles
from kzcourse.decimals import round_points

from . import selectors, services
from .forms import DraftForm, GradeForm, RestoreForm, ReturnForm, SubmitForm
from .overlap import highlighted


def wants_json(request):
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def login_required_json(view):
    """Like login_required, but a script's request gets a JSON 401 instead of the login page.

    An autosave whose session expired must learn that it was not saved; a redirect to the login
    page would look like success to fetch().
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if wants_json(request):
            return JsonResponse(
                {
                    "error": _("Your session has expired. Log in again: your text is kept in this browser."),
                    "login_url": reverse("login"),
                },
                status=HTTPStatus.UNAUTHORIZED,
            )
        return redirect_to_login(request.get_full_path())

    return wrapper


def site_url(request):
    """The site's address as this request saw it, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")


def _local(dt):
    return date_format(timezone.localtime(dt), "DATETIME_FORMAT") if dt else ""


def _essay_assignment(request, assignment_id, role):
    if role == Role.STUDENT:
        assignment = access_assignment_as_student(request.user, assignment_id)  # one written-out query
    else:
        assignment = access_assignment(request.user, assignment_id, role=role)
    if assignment.kind != assignment.Kind.ESSAY:
        raise Http404
    return assignment


def _own_essay(request, assignment_id):
    """(the essay assignment, the student's essay on it or None before the first save); else 404.

    One query for both, under the same rule as _essay_assignment(role=STUDENT).
    """
    assignment, essay = selectors.own_essay_with_access(request.user, assignment_id)
    if assignment.kind != assignment.Kind.ESSAY:
        raise Http404
    return assignment, essay


# The student's side.


def feedback_context(assignment, essay):
    """What a student sees of a released grade: levels, comments, score and late penalty."""
    if essay is None or not selectors.grades_visible(assignment):
        return None
    grade = getattr(essay, "grade", None)
    if grade is None or not grade.is_complete or essay.state != essay.State.SUBMITTED:
        return None
    scores = {s.criterion_id: s for s in selectors.feedback_scores(grade)}
    penalty = services.late_penalty_percent(assignment, essay.late_days)
    final = round_points(grade.total * (Decimal(100) - penalty) / Decimal(100))
    return {"grade": grade, "scores": scores, "penalty": penalty, "final": final}


def fixed_parts(assignment, criteria=None):
    """What the writing page shows the same for every student of the assignment, rendered.

    {"sidebar": the prompt and rubric, "form_attrs" and "status_attrs": the editor's URLs, limits and
    messages, "min_words", "max_words"}. Kept until the assignment is saved (its `updated_at` is in
    the key) or the course content changes (loaded again, or a prompt or rubric edited in the admin:
    both bump the content token).
    """
    key = fragments.fragment_key(
        "essay-page",
        assignment.pk,
        assignment.updated_at,
        assignment.essay_prompt_id,
        fragments.content_token(),
    )
    kept = fragments.get(key)
    if kept is None:
        low, high = assignment.word_range
        context = {
            "assignment": assignment,
            "prompt": assignment.essay_prompt,
            "criteria": criteria if criteria is not None else services.rubric_of(assignment),
            "min_words": low,
            "max_words": high,
        }
        kept = {
            "sidebar": render_to_string("assessments/essays/_prompt.html", context),
            "form_attrs": render_to_string("assessments/essays/_form_attrs.html", context),
            "status_attrs": render_to_string("assessments/essays/_status_attrs.html", context),
            "min_words": low,
            "max_words": high,
        }
        fragments.put(key, kept)
    return kept


# One item of the list of saved versions, as the writing page's template wrote it in a loop, whitespace
# and all: a student who saves often has twenty versions and more, and the loop's tags cost ~0.17 ms of
# CPU a version (tests/essays/test_write_page_readers.py keeps that loop and compares).
VERSION_ITEM = (
    '\n            <li class="list-group-item d-flex justify-content-between align-items-center">'
    "\n              <span>"
    "\n                {at} · {words}"
    "\n                {badge}"
    "\n              </span>"
    "\n              {restore}"
    "\n            </li>"
    "\n          "
)
RESTORE_FORM = (
    '\n                <form method="post" action="{url}" class="restore-form"'
    '\n                      data-confirm="{confirm}">'
    '\n                  <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="hidden" name="revision" value="{revision}">'
    '\n                  <button type="submit" class="btn btn-sm btn-outline-secondary">{label}</button>'
    "\n                </form>"
    "\n              "
)


def _shown(value):
    """A value as a template variable shows it: in the current time zone, localized, escaped."""
    return conditional_escape(localize(timezone.template_localtime(value)))


def _count_words(count):
    """As {% blocktranslate count %} shows it: the message translated as is, the number as a variable;
    the English message where a translation's placeholder is broken."""
    shown = {"words": _shown(count)}
    try:
        return ngettext("%(words)s word", "%(words)s words", count) % shown
    except (KeyError, ValueError):
        return ("%(words)s word" if count == 1 else "%(words)s words") % shown


def version_items(request, assignment, essay, versions, editable):
    """The saved versions' list items (with a restore form each while the essay is editable), as HTML."""
    if not versions:
        return ""
    badge = f'<span class="badge text-bg-success">{conditional_escape(_("submitted"))}</span>'
    form = {}
    if editable:
        form = {
            "confirm": conditional_escape(
                _("Put this version back in the editor? The current text stays in the list of versions.")
            ),
            "csrf": conditional_escape(get_token(request)),
            "revision": _shown(essay.revision),
            "label": conditional_escape(_("Restore")),
        }
    items = []
    for version in versions:
        restore = ""
        if editable:
            url = reverse("assessments:essays:restore", args=[assignment.pk, version.pk])
            restore = RESTORE_FORM.format(url=conditional_escape(url), **form)
        words = _count_words(version.word_count)
        items.append(
            VERSION_ITEM.format(
                at=_shown(version.created_at),
                words=words,
                badge=badge if version.is_submission else "",
                restore=restore,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (every value above is escaped; the messages are ours)


@require_safe
@login_required_json
def write(request, assignment_id):
    assignment, essay = _own_essay(request, assignment_id)
    remember_roles(request, assignment.viewer_roles)  # read with the access: the navbar needs no query
    now = timezone.now()
    editable = (essay is None or not essay.is_locked) and (
        now <= assignment.closes_at or (essay is not None and essay.state == essay.State.RETURNED)
    )
    feedback = feedback_context(assignment, essay)
    criteria = None
    if feedback:
        criteria = services.rubric_of(assignment)
        for criterion in criteria:
            criterion.score = feedback["scores"].get(criterion.pk)
    fixed = fixed_parts(assignment, criteria)
    versions = selectors.version_list(essay) if essay else []
    return render(
        request,
        "assessments/essays/write.html",
        {
            "assignment": assignment,
            "fixed": fixed,
            "criteria": criteria,
            "essay": essay,
            "min_words": fixed["min_words"],
            "max_words": fixed["max_words"],
            "editable": editable,
            "can_reopen": essay is not None
            and essay.is_locked
            and assignment.allow_resubmission
            and now <= assignment.closes_at
            and not (getattr(essay, "grade", None) and essay.grade.is_complete),
            "is_late_now": now > assignment.due_at,
            "versions": versions,
            "version_items": version_items(request, assignment, essay, versions, editable),
            "feedback": feedback,
            "saved_at": _local(essay.saved_at) if essay else "",
        },
    )


@require_POST
@login_required_json
def autosave(request, assignment_id):
    assignment = _essay_assignment(request, assignment_id, Role.STUDENT)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("The draft could not be read; it was not saved.")}, status=400)
    try:
        essay, saved = services.essay_autosave(
            assignment=assignment,
            student=request.user,
            text=form.cleaned_data["text"],
            revision=form.cleaned_data["revision"],
        )
    except services.EssayError as error:
        return JsonResponse({"error": str(error)}, status=HTTPStatus.BAD_REQUEST)
    return JsonResponse(
        {
            "saved": saved,
            "revision": essay.revision,
            "saved_at": _local(essay.saved_at),
            "words": essay.word_count,
        }
    )


@require_POST
@login_required_json
def submit(request, assignment_id):
    assignment = _essay_assignment(request, assignment_id, Role.STUDENT)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The essay could not be read; nothing was submitted."))
        return redirect("assessments:essays:write", assignment.pk)
    text = form.cleaned_data["text"] if "text" in request.POST else None
    try:
        essay = services.essay_submit(
            assignment=assignment, student=request.user, text=text, revision=form.cleaned_data["revision"]
        )
    except services.EssayError as error:
        messages.error(request, str(error))
    else:
        if essay.is_late:
            messages.warning(request, _("Your essay was submitted late."))
        else:
            messages.success(request, _("Your essay was submitted."))
    return redirect("assessments:essays:write", assignment.pk)


@require_POST
@login_required_json
def reopen(request, assignment_id):
    assignment, essay = _own_essay(request, assignment_id)
    if essay is None:
        raise Http404
    try:
        services.essay_reopen(assignment=assignment, student=request.user)
    except services.EssayError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Your essay is open for editing again. Submit it again when it is ready."))
    return redirect("assessments:essays:write", assignment.pk)


@require_POST
@login_required_json
def restore(request, assignment_id, version_id):
    assignment, essay = _own_essay(request, assignment_id)
    if essay is None:
        raise Http404
    try:
        form = RestoreForm(request.POST)
        revision = form.cleaned_data["revision"] if form.is_valid() else 0
        services.essay_restore(
            assignment=assignment, student=request.user, version_id=version_id, revision=revision or 0
        )
    except services.EssayError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The earlier version is back in the editor."))
    return redirect("assessments:essays:write", assignment.pk)


# The teacher's side.


@require_safe
@login_required_json
def overview(request, assignment_id):
    assignment = _essay_assignment(request, assignment_id, Role.TEACHER)
    rows = selectors.class_overview(assignment)
    graded, not_graded = selectors.release_counts(assignment)
    queue = selectors.grading_queue(assignment)
    hidden = selectors.names_hidden(assignment)
    students = []
    for user, essay in rows:
        name = str(user)
        if hidden and essay is not None:
            name = selectors.display_name(assignment, queue, essay.pk, name)
        elif hidden:
            name = _("Student not started")
        students.append(
            {"name": name, "essay": essay, "grade": getattr(essay, "grade", None) if essay else None}
        )
    return render(
        request,
        "assessments/essays/overview.html",
        {
            "assignment": assignment,
            "students": students,
            "graded": graded,
            "not_graded": not_graded,
            "first_ungraded": selectors.neighbours(queue, None)[1],
            "first": queue[0][0] if queue else None,
            "release_confirm": _(
                "Release the grades? %(graded)d essays are graded and %(not_graded)d are not. "
                "Students will see their feedback and be told by email."
            )
            % {"graded": graded, "not_graded": not_graded},
        },
    )


def _grader_context(request, assignment, essay, form=None, error=None):
    queue = selectors.grading_queue(assignment)
    previous, following = selectors.neighbours(queue, essay.pk)
    criteria = services.rubric_of(assignment)
    grade = getattr(essay, "grade", None)
    scores = {s.criterion_id: s for s in grade.scores.all()} if grade else {}
    for criterion in criteria:
        score = scores.get(criterion.pk)
        criterion.chosen_id = score.level_id if score else None
        criterion.comment = score.comment if score else ""
        criterion.best = max((lvl.points for lvl in criterion.levels.all()), default=0)
    report = getattr(essay, "overlap", None)
    ids = [row[0] for row in queue]
    position = ids.index(essay.pk) + 1 if essay.pk in ids else None
    return {
        "assignment": assignment,
        "essay": essay,
        "student_name": selectors.display_name(assignment, queue, essay.pk, str(essay.student)),
        "names_hidden": selectors.names_hidden(assignment),
        "criteria": criteria,
        "grade": grade,
        "version": grade.version if grade else 0,
        "report": report,
        "pieces": highlighted(essay.text, report.spans.all()) if report else [(essay.text, None)],
        "previous": previous,
        "next": following,
        "position": position,
        "count": len(queue),
        "error": error,
        "form": form,
        "changes": grade.changes.all() if grade else [],
        "return_form": ReturnForm(),
    }


@require_safe
@login_required_json
def grade(request, assignment_id, essay_id):
    assignment = _essay_assignment(request, assignment_id, Role.TEACHER)
    essay = selectors.essay_for_grading(assignment, essay_id)
    if essay is None:
        raise Http404
    return render(request, "assessments/essays/grader.html", _grader_context(request, assignment, essay))


@require_safe
@login_required_json
def grade_next(request, assignment_id):
    """The first ungraded essay in the grader, or the overview when all are graded."""
    assignment = _essay_assignment(request, assignment_id, Role.TEACHER)
    following = selectors.neighbours(selectors.grading_queue(assignment), None)[1]
    if following is None:
        messages.info(request, _("Every submitted essay is graded."))
        return redirect("assessments:essays:overview", assignment.pk)
    return redirect("assessments:essays:grade", assignment.pk, following)


def unsaved_values(criteria, form):
    """What a refused grading form held, per criterion, for the teacher to copy over."""
    data = form.cleaned_data
    rows = []
    for criterion in criteria:
        level_id = data.get(f"level_{criterion.pk}")
        level = next((lvl for lvl in criterion.levels.all() if lvl.pk == level_id), None)
        comment = data.get(f"comment_{criterion.pk}", "")
        if level or comment:
            rows.append({"criterion": criterion.name, "level": level, "comment": comment})
    return {
        "rows": rows,
        "overall_comment": data.get("overall_comment", ""),
        "adjusted_total": data.get("adjusted_total", ""),
        "adjustment_reason": data.get("adjustment_reason", ""),
    }


@require_POST
@login_required_json
def grade_save(request, assignment_id, essay_id):
    assignment = _essay_assignment(request, assignment_id, Role.TEACHER)
    essay = selectors.essay_for_grading(assignment, essay_id)
    if essay is None:
        raise Http404
    criteria = services.rubric_of(assignment)
    form = GradeForm(request.POST, criteria=criteria)
    as_json = wants_json(request)
    if not form.is_valid():
        message = _("The grading could not be read; nothing was saved.")
        if as_json:
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect("assessments:essays:grade", assignment.pk, essay.pk)
    data = form.cleaned_data
    try:
        saved = services.essay_grade(
            essay=essay,
            teacher=request.user,
            version=data["version"],
            levels=form.levels(),
            comments=form.comments(),
            overall_comment=data["overall_comment"],
            adjusted_total=data["adjusted_total"],
            adjustment_reason=data["adjustment_reason"],
            complete=data["complete"],
        )
    except services.StaleGrade as error:
        if as_json:
            return JsonResponse({"error": str(error), "stale": True}, status=HTTPStatus.CONFLICT)
        # Show the newer grade, and beside it what this teacher had entered, so nothing typed is lost.
        essay = selectors.essay_for_grading(assignment, essay.pk)
        message = _("%(error)s Nothing was saved: the page now shows the newer grade.") % {"error": error}
        context = _grader_context(request, assignment, essay, error=message)
        context["unsaved"] = unsaved_values(criteria, form)
        return render(request, "assessments/essays/grader.html", context, status=HTTPStatus.CONFLICT)
    except services.EssayError as error:
        if as_json:
            return JsonResponse({"error": str(error)}, status=400)
        essay = selectors.essay_for_grading(assignment, essay.pk)
        context = _grader_context(request, assignment, essay, error=str(error))
        return render(request, "assessments/essays/grader.html", context, status=400)
    if as_json:
        return JsonResponse(
            {
                "version": saved.version,
                "total": None if saved.total is None else str(saved.total),
                "points": str(saved.rubric_points),
                "saved_at": _local(saved.updated_at),
            }
        )
    messages.success(request, _("Grade saved."))
    if request.POST.get("go") == "next":
        return redirect("assessments:essays:grade_next", assignment.pk)
    return redirect("assessments:essays:grade", assignment.pk, essay.pk)


@require_POST
@login_required_json
def return_essay(request, assignment_id, essay_id):
    assignment = _essay_assignment(request, assignment_id, Role.TEACHER)
    essay = selectors.essay_for_grading(assignment, essay_id)
    if essay is None:
        raise Http404
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.essay_return(essay=essay, teacher=request.user, note=note, site_url=site_url(request))
    except services.EssayError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The essay was returned to the student for revision."))
    return redirect("assessments:essays:overview", assignment.pk)


@require_POST
@login_required_json
def release(request, assignment_id):
    assignment = _essay_assignment(request, assignment_id, Role.TEACHER)
    try:
        count = services.essay_grades_release(
            assignment=assignment, teacher=request.user, site_url=site_url(request)
        )
    except services.EssayError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Grades released: %(count)d students can read their feedback.") % {"count": count}
        )
    return redirect("assessments:essays:overview", assignment.pk)
