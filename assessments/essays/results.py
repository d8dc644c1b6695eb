"""Essay results for the dashboards and the gradebook (see assessments.results)."""


def essay_results(assignments, student_ids):
    """{(student_id, assignment_id): WorkResult} for the essay assignments among `assignments`.

    Essays arrive with the essay-writing work; until then no essay has been started.
    """
    return {}
