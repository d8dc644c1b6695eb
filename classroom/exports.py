"""CSV exports of class rosters, safe to open in a spreadsheet."""

import csv

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell a spreadsheet shows as text: anything that could start a formula gets a leading '."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


ROSTER_HEADER = ["class", "term", "username", "full_name", "email", "role", "active", "joined_at"]


def roster_rows(memberships):
    for m in memberships:
        yield [
            m.classroom.name,
            m.classroom.term,
            m.user.username,
            m.user.full_name,
            m.user.email,
            m.role,
            "yes" if m.is_active else "no",
            timezone.localtime(m.joined_at).strftime("%Y-%m-%d %H:%M"),
        ]


def roster_csv_response(memberships, filename="roster.csv"):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(ROSTER_HEADER)
    for row in roster_rows(memberships):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
