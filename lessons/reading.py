"""The lesson's reading as the page shows it: the verbatim paragraphs with their key terms and the
passages that editor's notes stand beside marked up; everything else escaped."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


@dataclass
class Span:
    start: int
    end: int
    kind: str  # "note" or "term"
    item: object

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end

    def within(self, other):
        return other.start <= self.start and self.end <= other.end


@dataclass
class ReadingParagraph:
    paragraph: object  # None for the source's heading
    html: str
    notes: list = field(default_factory=list)  # (number, note) beside this paragraph


def passage_pattern(passage):
    """The passage as a regex that allows any run of white space where the passage has one."""
    return re.compile(r"\s+".join(re.escape(word) for word in passage.split()))


def term_pattern(term):
    """The term, ignoring case, as a whole word where possible."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE), re.compile(words, re.IGNORECASE)


def reading(heading, paragraphs, key_terms, notes):
    """The heading, then each paragraph, with marked-up HTML and the notes that stand beside it.

    Each key term is marked where it first occurs; a note's passage is marked where the note points.
    """
    numbered = {note.pk: number for number, note in enumerate(notes, start=1)}
    unmarked = sorted(key_terms, key=lambda term: -len(term.term))  # longer terms first: "heavy industry"
    result = []
    for paragraph, text in [(None, heading), *((paragraph, paragraph.text) for paragraph in paragraphs)]:
        paragraph_id = paragraph.pk if paragraph else None
        own_notes = [note for note in notes if note.paragraph_id == paragraph_id]
        spans = note_spans(text, own_notes)
        for term in list(unmarked):
            span = term_span(text, term, spans)
            if span is not None:
                spans.append(span)
                unmarked.remove(term)
        html = render_spans(text, spans, numbered)
        result.append(ReadingParagraph(paragraph, html, [(numbered[note.pk], note) for note in own_notes]))
    return result


def note_spans(text, notes):
    spans = []
    for note in notes:
        match = passage_pattern(note.passage).search(text)
        if match is None:
            continue
        span = Span(match.start(), match.end(), "note", note)
        if not any(span.overlaps(other) for other in spans):
            spans.append(span)
    return spans


def term_span(text, term, spans):
    """The first occurrence of the term that does not cut across a marked passage or another term."""
    for pattern in term_pattern(term.term):
        for match in pattern.finditer(text):
            span = Span(match.start(), match.end(), "term", term)
            clashes = any(
                span.overlaps(other) and not (other.kind == "note" and span.within(other)) for other in spans
            )
            if not clashes:
                return span
    return None


def render_spans(text, spans, numbered):
    notes = sorted((span for span in spans if span.kind == "note"), key=lambda span: span.start)
    terms = sorted((span for span in spans if span.kind == "term"), key=lambda span: span.start)
    parts, position = [], 0
    for note in notes:
        parts.append(render_terms(text, position, note.start, terms))
        number = numbered[note.item.pk]
        parts.append(
            format_html(
                '<mark class="noted-passage" id="passage-{}">{}</mark>'
                '<a class="note-ref" href="#note-{}" aria-label="{}"><sup>{}</sup></a>',
                note.item.slug,
                render_terms(text, note.start, note.end, terms),
                note.item.slug,
                _("Editor's note %(number)s") % {"number": number},
                number,
            )
        )
        position = note.end
    parts.append(render_terms(text, position, len(text), terms))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped or built by format_html


def render_terms(text, start, end, terms):
    parts, position = [], start
    for span in terms:
        if span.start < start or span.end > end:
            continue
        parts.append(escape(text[position : span.start]))
        parts.append(
            format_html(
                '<button type="button" class="key-term" data-bs-toggle="popover" data-bs-trigger="click" '
                'data-bs-title="{}" data-bs-content="{}" aria-label="{}">{}</button>',
                span.item.term,
                span.item.definition,
                _("Key term: %(term)s. Show its definition.") % {"term": text[span.start : span.end]},
                text[span.start : span.end],
            )
        )
        position = span.end
    parts.append(escape(text[position:end]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped or built by format_html


def timeline_date(date_text):
    """An ISO date at the precision the source gives, as a reader expects: 1917, July 1917, 5 March 1920."""
    parts = [int(part) for part in date_text.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return date_format(datetime.date(parts[0], parts[1], 1), "F Y")
    return date_format(datetime.date(*parts), "j F Y")
