"""Demo data, the essay part: drafted, submitted, late, returned, graded and released essays.

Works on whatever essay assignments assessments/demo.py gave the demo class, by their dates: a closed
one is fully graded and released, one past its due date is partly graded (not released), a current
one has drafts and early submissions. Everything goes through the services with past times, and a
student who already has an essay is left alone, so a second run changes nothing. Release is stamped
directly: the demo must not email its invented students.
"""

import zlib
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from assessments.models import Assignment, Essay

from . import services

SENTENCES = [
    "The source shows that the changes of these years were planned in Moscow and carried out quickly.",
    "For the Kazakh steppe the speed of the changes mattered as much as their direction.",
    "On the one hand the state built schools, factories and railways where there had been few before.",
    "On the other hand the cost was paid by ordinary people, above all by the nomadic auls.",
    "Historians still argue about how to weigh these achievements against the suffering they caused.",
    "The figures in the source must be read with care, because official statistics often served propaganda.",
    "A good example is the way new institutions appeared in Almaty and other towns within a decade.",
    "At the same time many of the people who built them were later arrested or silenced.",
    "This contrast is the centre of my argument: progress and repression went together in this period.",
    "The Alash intelligentsia had hoped for reforms that would respect Kazakh traditions and land.",
    "Instead, decisions were taken far away and local voices counted for little.",
    "The consequences can still be seen in the demography and the memory of the country today.",
    "Some changes, such as mass literacy, lasted and helped later generations.",
    "Others, such as the destruction of herds and the forced settlement, could not be undone.",
    "In my view the question is not whether there were gains, but who paid for them and how.",
    "The source itself admits that there were both advantages and disadvantages.",
    "Comparing the plans with the results shows how far ideology shaped economic choices.",
    "Local officials were under pressure to report success even when the results were poor.",
    "Therefore the evidence has to be compared with other accounts from the same years.",
    "Taken together, the facts support a balanced but critical judgement of the period.",
    "The role of the Kazakh language in schools and newspapers changed several times in these years.",
    "Party documents of the time describe the steppe as backward, a view that justified haste.",
    "Families remembered the period very differently from the reports that were printed in newspapers.",
    "Those who left for China or other republics took with them skills that were hard to replace.",
    "A closer look at one district shows how national plans became local orders.",
    "The new towns grew around mines and railway stations rather than around old trading centres.",
    "Even supporters of the reforms complained that local conditions were ignored.",
    "This makes it difficult to separate what was planned from what simply happened.",
    "My second argument concerns the people who carried out the policy on the ground.",
    "Finally, the long-term results have to be set against the human losses of those years.",
]
CONCLUSION = (
    "In conclusion, the period changed Kazakhstan deeply, and its price must be remembered with its results."
)


def essay_text(assignment, student, words):
    """A student's essay of at least `words` words, the same every run."""
    seed = zlib.crc32(f"{student.username}:{assignment.pk}".encode())
    order = sorted(range(len(SENTENCES)), key=lambda i: zlib.crc32(f"{seed}:{i}".encode()))
    paragraphs = [f"{assignment.title}. {SENTENCES[order[0]]}"]
    count, index = len(paragraphs[0].split()), 1
    current = []
    while count < words:
        sentence = SENTENCES[order[index % len(order)]]
        current.append(sentence)
        count += len(sentence.split())
        index += 1
        if len(current) == 4:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    paragraphs.append(CONCLUSION)
    return "\n\n".join(paragraphs)


def source_passage():
    """A few sentences of a course source, for the one essay that shows what overlap looks like."""
    path = Path(settings.BASE_DIR) / "fixtures" / "sources" / "57-industrialization.txt"
    if not path.exists():
        return ""
    body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
    return " ".join(body.split()[:70])


# Two students always show a state that chance alone could leave out, whatever the ids: the one at
# OVERLAP_POSITION hands in, on time, an essay with a copied source passage; the one at
# RETURNED_POSITION has an essay returned for revision in the assignment being graded.
OVERLAP_POSITION = 1
RETURNED_POSITION = 2


def roll(student, assignment):
    return zlib.crc32(f"{assignment.pk}:{student.username}".encode()) % 100


def seed(demo):
    if demo.classroom is None or not demo.students:
        return
    teacher = demo.teachers[0] if demo.teachers else None
    essays = Assignment.objects.filter(classroom=demo.classroom, kind=Assignment.Kind.ESSAY).select_related(
        "essay_prompt"
    )
    closed_ones = [a for a in essays if a.closes_at < demo.now]
    # The most recently closed assignment is still being graded; older closed ones are released.
    being_graded = max(closed_ones, key=lambda a: a.closes_at) if len(closed_ones) > 1 else None
    for assignment in essays:
        if assignment.opens_at > demo.now:
            continue
        release = assignment in closed_ones and assignment != being_graded
        past_due = assignment.due_at < demo.now
        for position, student in enumerate(demo.students):
            if Essay.objects.filter(assignment=assignment, student=student).exists():
                continue
            seed_one(demo, assignment, student, position, teacher, release=release, past_due=past_due)
        if release and assignment.grades_released_at is None:
            Assignment.objects.filter(pk=assignment.pk).update(grades_released_at=assignment.closes_at)


def seed_one(demo, assignment, student, position, teacher, *, release, past_due):
    chance = roll(student, assignment)
    low, high = assignment.word_range
    target = low + (high - low) * chance // 400
    text = essay_text(assignment, student, target)
    start = assignment.opens_at + timedelta(hours=2 + chance % 20)
    if past_due:
        if chance >= 90 and position not in (OVERLAP_POSITION, RETURNED_POSITION):
            return  # never started
        if position == OVERLAP_POSITION:
            text = f"{source_passage()}\n\n{text}"
        if chance >= 75 and assignment.late_until and position != OVERLAP_POSITION:
            submitted_at = assignment.due_at + timedelta(hours=6 + chance % 30)
        else:
            submitted_at = assignment.due_at - timedelta(hours=1 + chance % 48)
    else:
        if chance >= 70:
            return  # not started yet
        submitted_at = start + timedelta(hours=3) if chance < 20 else None
        if submitted_at is not None and submitted_at > demo.now:
            submitted_at = None
    draft_at = min(start, (submitted_at or demo.now) - timedelta(minutes=30))
    half = " ".join(text.split()[: max(1, len(text.split()) // 2)])
    services.essay_autosave(assignment=assignment, student=student, text=half, revision=1, now=draft_at)
    services.essay_autosave(
        assignment=assignment, student=student, text=text, revision=2, now=draft_at + timedelta(minutes=20)
    )
    if submitted_at is None:
        return
    # The demo essays share one bank of sentences, so only the course sources are compared.
    essay = services.essay_submit(
        assignment=assignment, student=student, with_classmates=False, now=submitted_at
    )
    if teacher is None or not past_due:
        return
    graded_at = min(submitted_at + timedelta(days=1), demo.now)
    if not release and (chance < 8 or position == RETURNED_POSITION):
        services.essay_return(
            essay=essay,
            teacher=teacher,
            note="Please add evidence for your second paragraph.",
            notify_student=False,
            now=graded_at,
        )
        return
    if chance >= (100 if release else 60):
        return
    criteria = services.rubric_of(assignment)
    levels = {}
    for index, criterion in enumerate(criteria):
        options = list(criterion.levels.all())
        if options:
            levels[criterion.pk] = options[min(len(options) - 1, (chance + index * 7) % len(options) + 1)].pk
    criterion = criteria[0] if criteria else None
    services.essay_grade(
        essay=essay,
        teacher=teacher,
        version=0,
        levels=levels,
        comments={criterion.pk: "Clear thesis; keep it in view in every paragraph."} if criterion else {},
        overall_comment="A thoughtful essay. Use more dates and names from the source to support each claim.",
        complete=bool(levels) and len(levels) == len(criteria),
        now=graded_at,
    )
