"""The assessments part of the dashboard (see classroom.dashboard): the to-do list and the overview."""

from classroom.dashboard import Panel

from .selectors import student_todo, teacher_overview


def panels(request, now, *, teaching, studying):
    found = []
    if teaching:
        overviews, recent = teacher_overview(teaching, now=now)
        found.append(
            Panel(
                "assessments/panels/teaching.html",
                "teaching",
                {"overviews": overviews, "recent": recent, "now": now},
            )
        )
    if studying:
        found.append(
            Panel(
                "assessments/panels/todo.html",
                "studying",
                {
                    "todo": student_todo(request.user, now=now),
                    "classes": studying,
                    "several_classes": len(studying) > 1,
                    "now": now,
                },
            )
        )
    return found
