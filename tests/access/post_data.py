"""Well-formed POST data for every state-changing URL, aimed at objects that are not the caller's.

The URLs of the matrix name objects of class A (its assignments, student_a's attempt and essay, grades of
student_a). For the roles refused there (student_b, teacher_b, mixed as a teacher, staff, anonymous) this
data is what a real page would send: a full form, valid on its own, so a refusal can only come from access
checks and never from a malformed request. Where a field names a person or object it names another
class's or another student's (student_a's question, class A's student), never the caller's own.
"""

from datetime import timedelta

from django.utils import timezone

from assessments.models import EssayPrompt, Quiz

WORDS = " ".join(["steppe"] * 120)


def _dates():
    now = timezone.localtime()
    return {
        "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "due_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "late_until": (now + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
    }


def assignment_form(world):
    quiz = world.quiz_a.quiz or Quiz.objects.first()
    return {
        "title": "Taken over",
        "instructions": "Not yours",
        **_dates(),
        "points": "10",
        "late_penalty_per_day": "0",
        "late_penalty_max": "0",
        "quiz": quiz.pk,
        "max_attempts": "3",
        "time_limit_minutes": "",
        "grading_method": "highest",
        "review_policy": "after_due",
        "shuffle_questions": "on",
    }


def essay_grade(world):
    """A full, complete grading of student_a's essay: every criterion at its top level, comments."""
    data = {"version": 0, "overall_comment": "Graded by a stranger", "complete": "on"}
    prompt = world.essay_a.essay_prompt or EssayPrompt.objects.first()
    for criterion in prompt.criteria.all():
        level = criterion.levels.order_by("-points").first()
        if level is not None:
            data[f"level_{criterion.pk}"] = level.pk
        data[f"comment_{criterion.pk}"] = "Stranger's comment"
    return data


def answer_to_student_a(world):
    """An answer to student_a's question (the attempt in the URL is student_a's)."""
    return {"question": world.quiz_question_a.pk, "choice": world.quiz_question_a.choices.last().pk}


POST_DATA = {
    "classroom:join": lambda world: {"code": world.class_a.join_code or "NOSUCHCODE"},
    "classroom:create": lambda world: {"name": "A stranger's class", "term": "Spring", "description": "x"},
    "classroom:edit": lambda world: {"name": "Renamed by a stranger", "term": "Autumn", "description": "x"},
    "classroom:code_regenerate": lambda world: {},
    "classroom:code_joining": lambda world: {"enabled": "on"},
    "classroom:coteacher_add": lambda world: {"username": world.teacher_b.username},
    "classroom:roster_import": lambda world: {"text": "newkid,New Kid,newkid@example.com\n"},
    "classroom:student_remove": lambda world: {},
    "classroom:student_readd": lambda world: {},
    "classroom:student_invite": lambda world: {},
    "assessments:assignment_create": assignment_form,
    "assessments:assignment_edit": assignment_form,
    "assessments:assignment_archive": lambda world: {"archived": "on"},
    "assessments:assignment_delete": lambda world: {},
    "lessons:mark_read": lambda world: {},
    "assessments:essays:autosave": lambda world: {"text": WORDS, "revision": 99},
    "assessments:essays:submit": lambda world: {"text": WORDS, "revision": 100},
    "assessments:essays:reopen": lambda world: {},
    "assessments:essays:restore": lambda world: {},
    "assessments:essays:grade_save": essay_grade,
    "assessments:essays:return": lambda world: {"note": "Rewrite it, says a stranger"},
    "assessments:essays:release": lambda world: {},
    "assessments:quizzes:start": lambda world: {},
    "assessments:quizzes:save_answer": answer_to_student_a,
    "assessments:quizzes:submit": lambda world: {},
    "assessments:quizzes:extra_attempt": lambda world: {
        "student": world.student_a.pk,
        "count": 3,
        "reason": "A stranger's gift",
    },
    "assessments:quizzes:regrade": lambda world: {},
    "assessments:quizzes:override": lambda world: {"points": "1", "reason": "A stranger's override"},
    "gradebook:override": lambda world: {"percent": "100", "reason": "A stranger's override"},
    "gradebook:excuse": lambda world: {"excused": "on", "reason": "A stranger's excuse"},
    "gradebook:settings": lambda world: {
        "quiz_weight": "90",
        "essay_weight": "10",
        "drop_lowest_quizzes": "1",
        "drop_lowest_essays": "0",
    },
    "gradebook:scale": lambda world: {
        "scale-TOTAL_FORMS": "1",
        "scale-INITIAL_FORMS": "0",
        "scale-0-letter": "A",
        "scale-0-min_percent": "0",
        "scale-0-gpa": "4",
    },
}
"""URL name -> world -> POST data. URLs not named here post their matrix row's data."""


def post_data(row, world):
    make = POST_DATA.get(row.name, row.data)
    return make(world)
