"""Models of the assessments app, one module per part: content, assignments, and the students' work."""

from .assignments import Assignment
from .content import (
    AcceptedAnswer,
    Choice,
    EssayPrompt,
    Question,
    Quiz,
    QuizQuestion,
    RubricCriterion,
    RubricLevel,
)

__all__ = [
    "AcceptedAnswer",
    "Assignment",
    "Choice",
    "EssayPrompt",
    "Question",
    "Quiz",
    "QuizQuestion",
    "RubricCriterion",
    "RubricLevel",
]
