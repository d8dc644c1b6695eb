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
from .essays import (
    CriterionScore,
    Essay,
    EssayGrade,
    EssayVersion,
    GradeChange,
    OverlapReport,
    OverlapSpan,
)

__all__ = [
    "AcceptedAnswer",
    "Assignment",
    "Choice",
    "CriterionScore",
    "Essay",
    "EssayGrade",
    "EssayVersion",
    "GradeChange",
    "OverlapReport",
    "OverlapSpan",
    "EssayPrompt",
    "Question",
    "Quiz",
    "QuizQuestion",
    "RubricCriterion",
    "RubricLevel",
]
