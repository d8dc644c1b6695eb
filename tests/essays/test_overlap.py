"""Source overlap: 5-word shingles against the course sources and classmates' essays."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from assessments.essays import overlap, services
from assessments.models import OverlapSpan

from .conftest import words

pytestmark = pytest.mark.django_db

OWN = "In my own view the steppe changed beyond recognition during these difficult decades of reform."


def source_passage():
    """Three sentences of the Alash source text, as a student would paste them."""
    text = (Path(settings.BASE_DIR) / "fixtures" / "sources" / "61-alash.txt").read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]
    return " ".join(re.split(r"(?<=\.) ", body)[:3])


def test_a_pasted_source_paragraph_is_found_with_its_origin(assignment, student):
    """Pasting a passage of the Alash source marks exactly it as copied and names the source."""
    pasted = source_passage()
    essay = services.essay_submit(
        assignment=assignment, student=student, text=f"{OWN}\n\n{pasted}", revision=1
    )
    report = essay.overlap
    span = report.spans.get()
    assert span.origin == OverlapSpan.Origin.SOURCE
    assert span.source_label.startswith("61) The political party")
    assert essay.text[span.start : span.end] == pasted.rstrip(".")
    assert 0.5 < report.share < 1


def test_own_words_show_no_overlap(assignment, student):
    """An essay in the student's own words has a share of zero and no spans."""
    assignment.max_words = 500
    assignment.save()
    essay = services.essay_submit(assignment=assignment, student=student, text=OWN, revision=1)
    assert essay.overlap.share == 0
    assert not essay.overlap.spans.exists()


def test_a_classmates_essay_on_the_same_prompt_is_found(assignment, student, other_student):
    """Text shared with a classmate's essay is marked with the classmate as its origin."""
    shared = "the nomads lost their herds and moved to the towns in search of bread"
    services.essay_submit(
        assignment=assignment, student=other_student, text=f"Firstly, {shared}.", revision=1
    )
    essay = services.essay_submit(
        assignment=assignment, student=student, text=f"We know {shared}.", revision=1
    )
    span = essay.overlap.spans.get()
    assert (span.origin, span.source_label) == (OverlapSpan.Origin.ESSAY, str(other_student))


def test_matching_ignores_case_and_punctuation():
    """Shingles compare words, not spacing, case or punctuation."""
    share, count, matches = overlap.find_overlap(
        "ONE, two; three four five!", [(1, "peer", "one two three four five")]
    )
    assert (share, count, len(matches)) == (1, 5, 1)


def test_highlighted_pieces_cover_the_whole_text_in_order():
    """The pieces handed to the template put the text back together exactly."""
    text = words(20, "alpha")
    spans = [OverlapSpan(start=6, end=30)]
    assert "".join(piece for piece, _span in overlap.highlighted(text, spans)) == text
