"""The lesson pages: the list of lessons and one lesson's reading with its study aids."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from classroom import fragments

from . import selectors, services
from .models import Lesson
from .reading import reading, timeline_date


@require_safe
@login_required
def lesson_list(request):
    """Every lesson of the course, in order (any signed-in person; assignments say what is due)."""
    return render(request, "lessons/lesson_list.html", {"lessons": selectors.lessons_for_list(request.user)})


@require_safe
@login_required
def lesson_detail(request, slug):
    """The reading with paragraph anchors, key terms and editor's notes, and the lesson's study aids.

    Everything below the title is the same for every reader: it is kept rendered in the cache until
    the course content changes (loaded again, or edited in the admin: both bump the content token).
    """
    lesson = selectors.lesson_for_reader(slug, request.user)
    key = fragments.fragment_key("lesson", lesson.pk, fragments.content_token())
    body = fragments.get(key)
    if body is None:
        body = render_to_string("lessons/partials/lesson_body.html", lesson_body_context(lesson))
        fragments.put(key, body)
    return render(
        request, "lessons/lesson_detail.html", {"lesson": lesson, "body": body, "is_read": lesson.is_read}
    )


def lesson_body_context(lesson):
    selectors.lesson_parts(lesson)
    heading, *paragraphs = reading(
        lesson.heading, list(lesson.paragraphs.all()), list(lesson.key_terms.all()), list(lesson.notes.all())
    )
    return {
        "lesson": lesson,
        "heading": heading,
        "reading": paragraphs,
        "timeline": [(timeline_date(event.date_text), event) for event in lesson.timeline_events.all()],
    }


@require_POST
@login_required
def mark_read(request, slug):
    """Mark the lesson read (or, with read=0, unread) for the signed-in person; only their own record."""
    lesson = get_object_or_404(Lesson, slug=slug)
    read = request.POST.get("read", "1") != "0"
    services.reading_mark(user=request.user, lesson=lesson, read=read)
    if request.htmx:
        return render(request, "lessons/partials/lesson_actions.html", {"lesson": lesson, "is_read": read})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(lesson)
