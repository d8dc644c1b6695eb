"""Statistics: distribution per assignment, average per topic, students below 50 %, completion."""

import re
from decimal import Decimal
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gradebook import grading, services, statistics
from gradebook.charts import histogram_svg
from lessons.models import ReadingProgress

from .builders import NOW, SUBMITTED, item, policy, scored
from .conftest import add_students


def grades_for(items, per_student):
    return [grading.compute_grade(items, results, policy=policy(), now=NOW) for results in per_student]


def test_distribution_counts_scores_per_ten_percent():
    """Scores 5, 55, 59.99, 100 fall in the 0–10, 50–60 (twice) and 90–100 bands."""
    items = [item(1)]
    grades = grades_for(items, [{1: scored(s)} for s in ("5", "55", "59.99", "100")])
    [stats] = statistics.item_stats(grades, items)
    assert stats.distribution == [1, 0, 0, 0, 0, 2, 0, 0, 0, 1]
    assert stats.average == Decimal("55.00")


def test_completion_counts_handed_in_work_and_skips_excused():
    """Of three students, one graded, one submitted, one excused: 2 of 2 expected handed in."""
    items = [item(1)]
    grades = [
        grading.compute_grade(items, {1: scored(70)}, now=NOW),
        grading.compute_grade(items, {1: SUBMITTED}, now=NOW),
        grading.compute_grade(items, {}, excused={1}, now=NOW),
        grading.compute_grade(items, {}, now=NOW),
    ]
    [stats] = statistics.item_stats(grades, items)
    assert (stats.done, stats.expected, stats.completion) == (2, 3, Decimal("66.67"))


def test_topic_average_pools_the_topic_scores():
    """Two quizzes of topic 1 (60, 80) and one of topic 2 (40) give 70 and 40."""
    items = [item(1, topic_id=1), item(2, topic_id=1), item(3, topic_id=2)]
    grades = grades_for(items, [{1: scored(60), 2: scored(80), 3: scored(40)}])
    averages = {t.topic: t.average for t in statistics.topic_averages(grades, items)}
    assert averages == {"Topic 1": Decimal(70), "Topic 2": Decimal(40)}


def test_below_fifty_lists_only_those_under():
    """49.99 is below 50 %; 50 is not; no grade is not listed."""
    items = [item(1)]
    grades = grades_for(items, [{1: scored("49.99")}, {1: scored(50)}])
    grades.append(grading.compute_grade([item(1, due_at=NOW.replace(year=2030))], {}, now=NOW))
    rows = [SimpleNamespace(grade=g) for g in grades]
    assert [r.grade.percent for r in statistics.below(rows)] == [Decimal("49.99")]


def test_histogram_svg_has_no_style_and_a_label():
    """The chart is plain SVG with classes, an accessible name, and one bar per band."""
    svg = histogram_svg([0, 1, 2, 0, 0, 0, 0, 0, 3, 4], label="Quiz <1>")
    assert "style" not in svg
    assert 'aria-label="Quiz &lt;1&gt;"' in svg
    assert svg.count('class="gb-bar"') == 10


@pytest.mark.django_db
class TestStatisticsPage:
    def url(self, course):
        return reverse("gradebook:statistics", kwargs={"class_id": course.classroom.pk})

    def test_page_shows_charts_and_students_below_fifty(self, client, course):
        """The weak student is listed below 50 %; each graded assignment has a chart."""
        weak, strong = course.students[:2]
        for student, percent in ((weak, 20), (strong, 95)):
            for assignment in (course.quiz, course.essay):
                services.cell_override_set(
                    student=student,
                    assignment=assignment,
                    percent=Decimal(percent),
                    reason="r",
                    by=course.teacher,
                )
        ReadingProgress.objects.create(user=strong, lesson=course.reading.lesson)
        client.force_login(course.teacher)
        response = client.get(self.url(course))
        assert response.status_code == HTTPStatus.OK
        section = response.text.split('id="gb-below"')[1].split("</section>")[0]
        assert weak.full_name in section
        assert strong.full_name not in section
        assert response.text.count('<svg class="gb-chart"') == 2
        assert "style=" not in response.text

    def test_query_count_does_not_grow_with_the_class(self, client, course):
        """20 or 200 students: the same number of queries."""
        add_students(course.classroom, 17, start=100)
        client.force_login(course.teacher)
        with CaptureQueriesContext(connection) as small:
            client.get(self.url(course))
        add_students(course.classroom, 180, start=300)
        with CaptureQueriesContext(connection) as large:
            client.get(self.url(course))
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_student_cannot_open_class_statistics(self, client, course):
        """Statistics of the class are the teacher's; a student gets 404."""
        client.force_login(course.students[0])
        assert client.get(self.url(course)).status_code == HTTPStatus.NOT_FOUND

    def test_student_page_shows_only_their_own_topic_average(self, client, course):
        """'My average per topic' is computed from the student's own scores only."""
        me, other = course.students[:2]
        services.cell_override_set(
            student=me, assignment=course.quiz, percent=Decimal(60), reason="r", by=course.teacher
        )
        services.cell_override_set(
            student=other, assignment=course.quiz, percent=Decimal("77.77"), reason="r", by=course.teacher
        )
        client.force_login(me)
        text = client.get(reverse("gradebook:mine", kwargs={"class_id": course.classroom.pk})).text
        section = text.split('id="gb-topics"')[1]
        assert re.search(r"60\.00 %", section)
        assert "77.77" not in text


def test_missing_work_is_not_a_score_in_the_averages():
    """A missing quiz (counted 0 in the grade) lowers completion, not the topic's average score."""
    items = [item(1, topic_id=1)]
    grades = grades_for(items, [{1: scored(80)}, {}])
    [topic] = statistics.topic_averages(grades, items)
    [stats] = statistics.item_stats(grades, items)
    assert topic.average == Decimal(80)
    assert stats.completion == Decimal(50)
