"""Load the compiled course into the database: repeatable, and safe for the students' work.

Every row is found by its natural key: a row that exists is updated in place (only the fields that
changed), a new one is inserted, and a part (choice, accepted answer, quiz question, rubric level,
paragraph ...) that its parent no longer has is deleted. Questions, quizzes, essay prompts and lessons
that left the content are kept, since students' work may point at them; the report counts them.
Choices are keyed by (question, position), so rewording a question keeps every row an answer points to.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.db.models import F

from classroom.fragments import content_changed

from .course import ASSESSMENTS_FIXTURE, LESSONS_FIXTURE

FIXTURE_FILES = (LESSONS_FIXTURE, ASSESSMENTS_FIXTURE)
PARKED = 10000  # positions are parked above this while a quiz is reordered (unique per quiz)


@dataclass(frozen=True)
class Spec:
    label: str
    key: tuple  # field names whose values make the natural key (a foreign key gives its target's key)
    parent: str | None = None  # the parts of a parent in the fixture are exactly the fixture's
    reorders: bool = False  # "position" is unique per parent but not part of the key


SPECS = [
    Spec("lessons.lesson", ("slug",)),
    *(
        Spec(f"lessons.{name}", ("lesson", "slug"), parent="lesson")
        for name in ("paragraph", "objective", "keyterm", "person", "timelineevent", "editornote")
    ),
    Spec("assessments.question", ("slug",)),
    Spec("assessments.choice", ("question", "position"), parent="question"),
    Spec("assessments.acceptedanswer", ("question", "text"), parent="question"),
    Spec("assessments.quiz", ("slug",)),
    Spec("assessments.quizquestion", ("quiz", "question"), parent="quiz", reorders=True),
    Spec("assessments.essayprompt", ("slug",)),
    Spec("assessments.rubriccriterion", ("prompt", "slug"), parent="prompt"),
    Spec("assessments.rubriclevel", ("criterion", "position"), parent="criterion"),
]


class CourseLoadError(Exception):
    """The fixtures do not fit together (an unknown model, a reference to nothing)."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)  # top-level rows no longer in the content

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)

    def lines(self):
        for label in (spec.label for spec in SPECS):
            counts = [(self.created, "created"), (self.updated, "updated"), (self.deleted, "deleted")]
            parts = [f"{counter[label]} {verb}" for counter, verb in counts if counter[label]]
            if self.kept[label]:
                parts.append(f"{self.kept[label]} kept though no longer in the content")
            if parts:
                yield f"{label}: {', '.join(parts)}"


def read_fixtures(fixtures_dir):
    """The records of fixtures/lessons.json and fixtures/assessments.json, in that order."""
    records = []
    for name in FIXTURE_FILES:
        records += json.loads((Path(fixtures_dir) / name).read_text(encoding="utf-8"))
    return records


@transaction.atomic
def course_load(*, records):
    """Bring the database's course content in line with `records`; return what changed."""
    grouped = defaultdict(list)
    for record in records:
        grouped[record["model"]].append(record["fields"])
    unknown = set(grouped) - {spec.label for spec in SPECS}
    if unknown:
        raise CourseLoadError(f"the fixtures hold records of unknown models: {sorted(unknown)}")
    report = LoadReport()
    keys = {}  # label -> {natural key: pk}
    for spec in SPECS:
        keys[spec.label] = sync_model(spec, grouped[spec.label], keys, report)
    if report.changed:
        content_changed()  # the lesson pages and essay rubrics kept in the cache are out of date
    return report


def sync_model(spec, rows, keys, report):
    model = apps.get_model(spec.label)
    natural_of = {label: {pk: key for key, pk in by_key.items()} for label, by_key in keys.items()}
    wanted = {}
    for fields in rows:
        values = {}
        for name, value in fields.items():
            model_field = model._meta.get_field(name)
            values[model_field.attname] = resolve(model_field, value, keys, spec)
        wanted[natural_key(model, spec, values, natural_of)] = values

    parent_attname, parents = None, set()
    if spec.parent:
        parent_attname = model._meta.get_field(spec.parent).attname
        parents = {values[parent_attname] for values in wanted.values()}
    existing, stale = {}, []
    for obj in model.objects.all():
        key = natural_key(model, spec, vars(obj), natural_of)
        if key in wanted:
            existing[key] = obj
        elif spec.parent and getattr(obj, parent_attname) in parents:
            # A part its parent no longer has (its key may name a row that left the content).
            stale.append(obj.pk)
        elif not spec.parent:
            report.kept[spec.label] += 1
    if stale:
        model.objects.filter(pk__in=stale).delete()
        report.deleted[spec.label] += len(stale)

    if spec.reorders:
        moving = [obj.pk for key, obj in existing.items() if obj.position != wanted[key]["position"]]
        model.objects.filter(pk__in=moving).update(position=F("position") + PARKED)

    by_key, new = {}, []
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            new.append((key, model(**values)))
            continue
        changed = [attname for attname, value in values.items() if getattr(obj, attname) != value]
        if changed:
            for attname in changed:
                setattr(obj, attname, values[attname])
            obj.save(update_fields=[model._meta.get_field(attname).name for attname in changed])
            report.updated[spec.label] += 1
        by_key[key] = obj.pk
    if new:
        model.objects.bulk_create([obj for _key, obj in new])
        report.created[spec.label] += len(new)
        by_key.update((key, obj.pk) for key, obj in new)
    return by_key


def resolve(model_field, value, keys, spec):
    """A fixture value as the model stores it: a natural key becomes the target's pk."""
    if not model_field.is_relation:
        return model_field.to_python(value)
    if value is None:
        return None
    target = model_field.related_model._meta.label_lower
    try:
        return keys[target][tuple(value)]
    except KeyError:
        raise CourseLoadError(
            f"{spec.label}.{model_field.name} names {target} {value!r}, which is not there"
        ) from None


def natural_key(model, spec, values, natural_of):
    """The row's natural key from its values (attnames); None for a row whose parent is not in the fixture."""
    key = []
    for name in spec.key:
        model_field = model._meta.get_field(name)
        value = values.get(model_field.attname)
        if model_field.is_relation:
            target_key = natural_of.get(model_field.related_model._meta.label_lower, {}).get(value)
            if target_key is None:
                return None
            key.extend(target_key)
        else:
            key.append(value)
    return tuple(key)
