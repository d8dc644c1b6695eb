"""The lesson pages: the list of lessons and one lesson's reading with its study aids."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors
from .reading import reading, timeline_date


@require_safe
@login_required
def lesson_list(request):
    """Every lesson of the course, in order (any signed-in person; assignments say what is due)."""
    return render(request, "lessons/lesson_list.html", {"lessons": selectors.lessons_for_list(request.user)})


@require_safe
@login_required
def lesson_detail(request, slug):
    """The reading with paragraph anchors, key terms and editor's notes, and the lesson's study aids."""
    lesson = selectors.lesson_for_reading(slug)
    heading, *paragraphs = reading(
        lesson.heading, list(lesson.paragraphs.all()), list(lesson.key_terms.all()), list(lesson.notes.all())
    )
    context = {
        "lesson": lesson,
        "heading": heading,
        "reading": paragraphs,
        "timeline": [(timeline_date(event.date_text), event) for event in lesson.timeline_events.all()],
    }
    return render(request, "lessons/lesson_detail.html", context)

