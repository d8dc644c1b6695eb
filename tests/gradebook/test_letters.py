"""The letter scale: every boundary of PRODUCT.md's Kazakhstan credit scale, and a class's own scale."""

from decimal import Decimal

import pytest

from gradebook.grading import DEFAULT_SCALE, letter_for

# (percentage, letter, GPA): each boundary and the hundredth below it.
BOUNDARIES = [
    ("100", "A", "4.0"),
    ("95", "A", "4.0"),
    ("94.99", "A−", "3.67"),
    ("90", "A−", "3.67"),
    ("89.99", "B+", "3.33"),
    ("85", "B+", "3.33"),
    ("84.99", "B", "3.0"),
    ("80", "B", "3.0"),
    ("79.99", "B−", "2.67"),
    ("75", "B−", "2.67"),
    ("74.99", "C+", "2.33"),
    ("70", "C+", "2.33"),
    ("69.99", "C", "2.0"),
    ("65", "C", "2.0"),
    ("64.99", "C−", "1.67"),
    ("60", "C−", "1.67"),
    ("59.99", "D+", "1.33"),
    ("55", "D+", "1.33"),
    ("54.99", "D", "1.0"),
    ("50", "D", "1.0"),
    ("49.99", "FX", "0"),
    ("25", "FX", "0"),
    ("24.99", "F", "0"),
    ("0", "F", "0"),
]


@pytest.mark.parametrize(("percent", "letter", "gpa"), BOUNDARIES)
def test_letter_at_each_boundary(percent, letter, gpa):
    """Each band starts exactly at its lower bound; a hundredth below is the band beneath."""
    assert letter_for(Decimal(percent)) == (letter, Decimal(gpa))


def test_no_percentage_no_letter():
    """No grade yet means no letter and no GPA."""
    assert letter_for(None) == (None, None)


def test_a_class_scale_replaces_the_default():
    """A pass/fail scale of the class's own is what the letter comes from."""
    scale = (("P", Decimal(60), Decimal(4)), ("NP", Decimal(0), Decimal(0)))
    assert letter_for(Decimal("59.99"), scale) == ("NP", Decimal(0))
    assert letter_for(Decimal(60), scale) == ("P", Decimal(4))


def test_default_scale_has_twelve_letters_from_zero():
    """The default scale is PRODUCT.md's twelve letters and reaches down to 0 %."""
    assert [band[0] for band in DEFAULT_SCALE] == [
        "A", "A−", "B+", "B", "B−", "C+", "C", "C−", "D+", "D", "FX", "F",
    ]  # fmt: skip
    assert min(band[1] for band in DEFAULT_SCALE) == 0
