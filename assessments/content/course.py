"""Compile the whole course: every topic file and the final exam, checked together, into fixture records.

`compile_course` either returns every record or raises ContentInvalid listing every error: a build
never writes half a course.
"""

from collections import defaultdict
from pathlib import Path

from lessons.content.errors import ErrorLog
from lessons.content.files import FINAL_EXAM, read_yaml, topic_files
from lessons.content.records import lesson_records
from lessons.content.rules import check_lesson
from lessons.content.sources import Source

from .records import essay_records, question_records, quiz_records
from .rules import (
    FINAL_EXAM_SIZE,
    QUIZ_SIZE,
    Bank,
    check_essay_prompts,
    check_questions,
    check_quiz,
)

LESSONS_FIXTURE = "lessons.json"
ASSESSMENTS_FIXTURE = "assessments.json"


def compile_course(fixtures_dir):
    """{fixture file name: records} for fixtures_dir/content/*.yaml and fixtures_dir/sources/*.txt."""
    fixtures_dir = Path(fixtures_dir)
    log = ErrorLog()
    topics = [topic for path in topic_files(fixtures_dir / "content") if (topic := read_topic(path, log))]
    if not topics:
        log.add("content", "folder", "files", "has no topic files (NN-slug.yaml)")
    check_across_topics(log, topics)
    final_exam = read_final_exam(fixtures_dir / "content" / FINAL_EXAM, log, topics)
    log.raise_if_any()

    lessons, assessments = [], []
    for _name, data, source in sorted(topics, key=lambda topic: topic[1]["number"]):
        lessons += lesson_records(data, source)
        for position, entry in enumerate(data["questions"], start=1):
            assessments += question_records(data["slug"], source, entry, position)
        assessments += quiz_records(data["quiz"], data["slug"])
        for position, entry in enumerate(data["essay_prompts"], start=1):
            assessments += essay_records(data["slug"], entry, position)
    assessments += quiz_records(final_exam, None)
    return {LESSONS_FIXTURE: lessons, ASSESSMENTS_FIXTURE: assessments}


def read_topic(path, log):
    """(file name, data, source) of one topic file, its own rules checked; None when it cannot be read."""
    data = read_yaml(path, log)
    if data is None:
        return None
    errors = log.for_file(path.name)
    source = read_source(errors, path.parent.parent / "sources", data.get("source"))
    check_lesson(errors, data, source)
    check_questions(errors, data, source)
    bank = Bank(
        (entry.get("slug") for entry in data.get("questions") or [] if isinstance(entry, dict)),
        "this file's bank",
    )
    check_quiz(errors, data.get("quiz"), item="quiz", bank=bank, size=QUIZ_SIZE)
    check_essay_prompts(errors, data)
    return path.name, data, source


def read_source(errors, sources_dir, name):
    if not isinstance(name, str) or not name.strip():
        errors.add("topic", "source", "is required: the file name of the topic's text in sources/")
        return None
    path = sources_dir / name
    if path.name != name or not path.is_file():
        errors.add("topic", "source", f"{name!r} is not a file in sources/")
        return None
    return Source.read(path)


def check_across_topics(log, topics):
    """Slugs (and lesson numbers) unique across the whole course, not only within a file."""
    owners = defaultdict(list)
    for name, data, _source in topics:
        owners["lesson slug", data.get("slug")].append((name, "topic", "slug"))
        owners["lesson number", data.get("number")].append((name, "topic", "number"))
        for section, label in (("questions", "question"), ("essay_prompts", "essay prompt")):
            for entry in data.get(section) or []:
                if isinstance(entry, dict):
                    owners[label, entry.get("slug")].append((name, f"{section}[{entry.get('slug')}]", "slug"))
        quiz = data.get("quiz")
        if isinstance(quiz, dict):
            owners["quiz", quiz.get("slug")].append((name, "quiz", "slug"))
    for (label, value), places in owners.items():
        files = sorted({place[0] for place in places})
        if value is None or len(files) < 2:
            continue  # missing values are reported per file; duplicates within a file there too
        for name, item, field_name in places:
            others = ", ".join(other for other in files if other != name)
            log.add(name, item, field_name, f"duplicate {label} {value!r}: also in {others}")


def read_final_exam(path, log, topics):
    if not path.is_file():
        log.add(FINAL_EXAM, "file", "file", "is missing: the final exam of 25 questions")
        return None
    data = read_yaml(path, log)
    if data is None:
        return None
    bank = Bank(
        (
            entry.get("slug")
            for _name, topic, _source in topics
            for entry in topic.get("questions") or []
            if isinstance(entry, dict)
        ),
        "any bank",
    )
    errors = log.for_file(path.name)
    check_quiz(errors, data, item="final exam", bank=bank, size=FINAL_EXAM_SIZE)
    quiz_slugs = {
        topic["quiz"].get("slug") for _n, topic, _s in topics if isinstance(topic.get("quiz"), dict)
    }
    if data.get("slug") in quiz_slugs:
        errors.add("final exam", "slug", f"duplicate quiz slug {data.get('slug')!r}: a topic quiz has it")
    return data
