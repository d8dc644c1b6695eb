"""The student page's "How the grade was computed" items (grade_steps) are the template loop's, byte for byte.

The reference is the loop gradebook/student.html had (commit bd09691), kept verbatim below: every
category state (counted, weight 0, nothing graded), values that need escaping or rounding, in English
and in a language that writes decimals with a comma.
"""

from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from gradebook.grading import ESSAY, QUIZ, Category, Grade

REFERENCE_LOOP = """{% load i18n gradebook %}    {% for kind, category in grade.categories.items %}
      <li>
        <strong>{{ kind|kind_label }}</strong> ({% blocktranslate with weight=category.weight %}weight {{ weight }}{% endblocktranslate %}):
        {% if category.percent is not None %}
          {% blocktranslate with earned=category.earned|floatformat:2 possible=category.possible|floatformat:2 percent=category.display %}{{ earned }} of {{ possible }} points counted = {{ percent }} %{% endblocktranslate %}
          {% if category.counts %}— {% blocktranslate with share=category.share|floatformat:4 contribution=category.contribution|floatformat:2 %}share {{ share }} of the grade, adds {{ contribution }} points{% endblocktranslate %}{% else %}— {% translate "weight 0: not counted" %}{% endif %}
        {% else %}
          {% translate "nothing graded yet, so this category is left out and the other weights are scaled up." %}
        {% endif %}
      </li>
    {% endfor %}
"""  # noqa: E501

NEW = "{% load gradebook %}    {% grade_steps grade %}\n"


def grade_of(categories):
    return Grade(
        cells={},
        categories=categories,
        readings_done=0,
        readings_total=0,
        raw_percent=None,
        percent=None,
        letter=None,
        gpa=None,
    )


def counted(kind, weight, share, earned, possible):
    category = Category(kind, Decimal(weight), share=Decimal(share), earned=Decimal(earned))
    category.possible = Decimal(possible)
    category.percent = category.earned * 100 / category.possible
    return category


GRADES = {
    "both counted": {
        QUIZ: counted(QUIZ, 40, "0.4", "310.7654", "600"),
        ESSAY: counted(ESSAY, 60, "0.6", "149", "236"),
    },
    "quizzes weight 0": {
        QUIZ: counted(QUIZ, 0, "0", "7.125", "10"),
        ESSAY: counted(ESSAY, "100.00", "1", "2", "3"),
    },
    "nothing graded": {QUIZ: Category(QUIZ, Decimal(40)), ESSAY: Category(ESSAY, Decimal("60.5"))},
    "one category, odd shares": {QUIZ: counted(QUIZ, "33.333", "0.33333333", "1.005", "2.0")},
    "an unknown kind is escaped": {"<b>&": counted("<b>&", 1, 1, 1, 1)},
    "no categories": {},
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("name", sorted(GRADES))
def test_the_steps_are_the_template_loops_byte_for_byte(name, language):
    engine = engines["django"]
    context = {"grade": grade_of(GRADES[name])}
    with translation.override(language):
        want = engine.from_string(REFERENCE_LOOP).render(context)
        got = engine.from_string(NEW).render(context)
    assert got == want


def test_the_reference_is_not_empty():
    """The comparison shows text: each state's message is there."""
    rendered = (
        engines["django"].from_string(REFERENCE_LOOP).render({"grade": grade_of(GRADES["quizzes weight 0"])})
    )
    assert "weight 0: not counted" in rendered
    assert "points counted" in rendered
