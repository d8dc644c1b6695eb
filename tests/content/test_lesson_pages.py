"""The lesson list and the lesson page: the reading with anchors, key terms, notes beside their passages."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from lessons.models import EditorNote, KeyTerm, Lesson, ReadingProgress
from tests.factories import LessonFactory, ParagraphFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


def lesson_with(paragraphs, terms=0, notes=0):
    """A lesson of `paragraphs` paragraphs, `terms` key terms and `notes` editor's notes on the last one."""
    lesson = LessonFactory()
    made = [
        ParagraphFactory(
            lesson=lesson, slug=f"p{n}", position=n, text=f"Paragraph {n} on Alash and the steppe."
        )
        for n in range(1, paragraphs + 1)
    ]
    for n in range(terms):
        KeyTerm.objects.create(
            lesson=lesson, slug=f"t{n}", position=n, term="steppe", definition=f"Grassland {n}."
        )
    for n in range(notes):
        EditorNote.objects.create(
            lesson=lesson, slug=f"n{n}", position=n, passage="Alash", note=f"Note {n}.", paragraph=made[-1]
        )
    return lesson


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(context.captured_queries)


def test_every_lesson_renders_its_reading_with_paragraph_anchors(course, reader):
    for lesson in Lesson.objects.prefetch_related("paragraphs"):
        html = reader.get(lesson.get_absolute_url()).content.decode()
        anchors = re.findall(r'<p class="reading-paragraph" id="(p\d+)"', html)
        assert anchors == [paragraph.slug for paragraph in lesson.paragraphs.all()], lesson.slug
        assert anchors[0] == "p1"


def test_every_key_term_is_marked_in_the_reading(course, reader):
    for lesson in Lesson.objects.prefetch_related("key_terms"):
        html = reader.get(lesson.get_absolute_url()).content.decode()
        for term in lesson.key_terms.all():
            assert f'data-bs-title="{escape(term.term)}"' in html, (lesson.slug, term.term)


def test_every_lesson_page_takes_the_same_number_of_queries(course, reader):
    counts = {lesson.slug: queries_for(reader, lesson.get_absolute_url()) for lesson in Lesson.objects.all()}
    assert len(counts) == 5
    assert len(set(counts.values())) == 1, counts


def test_the_lesson_page_query_count_does_not_grow_with_its_content(reader, django_assert_num_queries):
    small = queries_for(reader, lesson_with(1).get_absolute_url())
    big = lesson_with(6, terms=5, notes=3)
    with django_assert_num_queries(small):
        reader.get(big.get_absolute_url())


def test_the_lesson_list_query_count_does_not_grow_with_the_lessons(reader, django_assert_num_queries):
    lesson_with(1)
    small = queries_for(reader, reverse("lessons:list"))
    for _ in range(5):
        lesson_with(1)
    with django_assert_num_queries(small):
        reader.get(reverse("lessons:list"))


def test_the_lesson_list_shows_every_lesson_in_order(course, reader):
    html = reader.get(reverse("lessons:list")).content.decode()
    positions = [html.index(escape(lesson.title)) for lesson in Lesson.objects.order_by("number")]
    assert positions == sorted(positions)


def test_the_lesson_list_marks_the_lessons_the_reader_has_read(client):
    user = UserFactory()
    read, unread = lesson_with(1), lesson_with(1)
    ReadingProgress.objects.create(user=user, lesson=read)
    client.force_login(user)
    lessons = {lesson.pk: lesson.is_read for lesson in client.get(reverse("lessons:list")).context["lessons"]}
    assert lessons == {read.pk: True, unread.pk: False}


def test_an_editor_note_stands_beside_its_paragraph_and_marks_its_passage(reader):
    lesson = lesson_with(2, notes=1)
    html = reader.get(lesson.get_absolute_url()).content.decode()
    assert html.index('id="p2"') < html.index('id="note-n0"')
    assert html.index('id="p1"') < html.index('id="p2"')
    assert '<mark class="noted-passage" id="passage-n0">Alash</mark>' in html
    assert 'href="#note-n0"' in html


def test_a_key_term_is_a_button_with_its_definition_at_its_first_occurrence(reader):
    lesson = lesson_with(2, terms=1)
    html = reader.get(lesson.get_absolute_url()).content.decode()
    assert html.count('class="key-term"') == 1
    assert 'data-bs-content="Grassland 0."' in html
    assert html.index('class="key-term"') < html.index('id="p2"')


def test_the_reading_is_escaped(reader):
    lesson = lesson_with(1)
    lesson.paragraphs.update(text="The <script>alert(1)</script> steppe & Alash")
    html = reader.get(lesson.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; steppe &amp; Alash" in html


def test_the_page_shows_objectives_timeline_and_people(course, reader):
    lesson = Lesson.objects.get(slug="alash")
    html = reader.get(lesson.get_absolute_url()).content.decode()
    assert escape(lesson.objectives.first().text) in html
    assert escape(lesson.people.first().name) in html
    assert "5 March 1920" in html


def test_a_lesson_that_does_not_exist_is_not_found(reader):
    assert (
        reader.get(reverse("lessons:detail", kwargs={"slug": "no-such-lesson"})).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_the_page_leaves_a_place_for_lesson_actions(reader):
    """The classroom work adds its "mark as read" button through the lesson_actions partial."""
    response = reader.get(lesson_with(1).get_absolute_url())
    assert "lessons/partials/lesson_actions.html" in [template.name for template in response.templates]
