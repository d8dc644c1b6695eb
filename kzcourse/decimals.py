"""The one rounding rule for points and percentages: two decimal places, halves rounded up."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_points(value):
    """Round points or a percentage to two decimals, 0.005 going up (Decimal in, Decimal out)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
