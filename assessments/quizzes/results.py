"""Quiz results for the dashboards and the gradebook (see assessments.results)."""


def quiz_results(assignments, student_ids):
    """{(student_id, assignment_id): WorkResult} for the quiz assignments among `assignments`.

    Quiz attempts arrive with the quiz-taking work; until then no quiz has been started.
    """
    return {}
