"""Payloads that answer the seven-type quiz, right or wrong, as the page's script would post them."""

from assessments.quizzes.answers import choice_token


def right_payloads(attempt):
    """{question kind: payload} answering the attempt's question of each kind correctly."""
    return {payload.pop("kind"): payload for payload in right_payload_list(attempt)}


def right_payload_list(attempt):
    """A payload (with its question's `kind`) answering each question of the attempt correctly."""
    payloads = []
    for row in attempt.attempt_questions.select_related("question"):
        question = row.question
        choices = list(question.choices.order_by("position"))
        payload = {"question": question.pk}
        if question.kind == "single_choice":
            payload["choice"] = next(c.pk for c in choices if c.is_correct)
        elif question.kind == "multiple_response":
            payload["choices"] = [c.pk for c in choices if c.is_correct]
        elif question.kind == "true_false":
            payload["value"] = question.true_false_answer
        elif question.kind == "short_answer":
            payload["text"] = question.accepted_answers.first().text
        elif question.kind == "numeric":
            payload["number"] = str(question.numeric_answer)
        elif question.kind == "ordering":
            payload["order"] = [
                choice_token(attempt.pk, c.pk) for c in sorted(choices, key=lambda c: c.correct_rank)
            ]
        elif question.kind == "matching":
            payload["matches"] = {
                choice_token(attempt.pk, c.pk): choice_token(attempt.pk, c.pk) for c in choices
            }
        payloads.append({**payload, "kind": question.kind})
    return payloads
