"""Models of the assessments app, one module per part: content, assignments, and the students' work."""

from .assignments import Assignment
from .attempts import (
    Answer,
    AnswerChoice,
    AnswerMatch,
    AnswerOrder,
    Attempt,
    AttemptQuestion,
    ExtraAttempt,
    PointsOverride,
)
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
    "Answer",
    "AnswerChoice",
    "AnswerMatch",
    "AnswerOrder",
    "Attempt",
    "AttemptQuestion",
    "ExtraAttempt",
    "PointsOverride",
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
