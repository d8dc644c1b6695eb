"""Source overlap without an external service: word 5-gram shingles shared with the course sources
(fixtures/sources/*.txt, the verbatim texts the lessons are built from) and with classmates' essays on
the same prompt.
"""

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.text import Truncator

SHINGLE = 5
WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Match:
    start: int  # character offsets in the essay's text
    end: int
    origin: str  # "source" or "essay"
    label: str
    essay_id: int | None = None


def words_with_offsets(text):
    """[(normalised word, start, end)] for every word in the text."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]


def shingles(words):
    """{shingle: first word index} for each run of SHINGLE consecutive words."""
    found = {}
    for i in range(len(words) - SHINGLE + 1):
        found.setdefault(tuple(w for w, _s, _e in words[i : i + SHINGLE]), i)
    return found


def sources_dir():
    return Path(getattr(settings, "ESSAY_SOURCES_DIR", settings.BASE_DIR / "fixtures" / "sources"))


@functools.cache
def source_shingles(directory):
    """{shingle: label} over the course source texts; a source is labelled by its heading line."""
    index = {}
    for path in sorted(Path(directory).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        heading = text.strip().splitlines()[0].strip() if text.strip() else path.stem
        label = Truncator(heading).chars(120)
        for shingle in shingles(words_with_offsets(text)):
            index.setdefault(shingle, label)
    return index


def find_overlap(text, others):
    """(share copied, word count, [Match]) for `text` against the sources and `others`.

    `others` is [(essay_id, label, text)]: classmates' essays on the same prompt.
    """
    words = words_with_offsets(text)
    if not words:
        return Decimal(0), 0, []
    sources = source_shingles(str(sources_dir()))
    peers = {}
    for essay_id, label, other in others:
        for shingle in shingles(words_with_offsets(other)):
            peers.setdefault(shingle, (label, essay_id))
    origin_of_word = [None] * len(words)
    for i in range(len(words) - SHINGLE + 1):
        shingle = tuple(w for w, _s, _e in words[i : i + SHINGLE])
        if shingle in sources:
            origin = ("source", sources[shingle], None)
        elif shingle in peers:
            label, essay_id = peers[shingle]
            origin = ("essay", label, essay_id)
        else:
            continue
        for j in range(i, i + SHINGLE):
            if origin_of_word[j] is None:
                origin_of_word[j] = origin
    matches = []
    run_start = None
    for index, origin in enumerate([*origin_of_word, None]):
        previous = origin_of_word[index - 1] if index > 0 else None
        if run_start is not None and origin != previous:
            kind, label, essay_id = previous
            matches.append(Match(words[run_start][1], words[index - 1][2], kind, label, essay_id))
            run_start = None
        if origin is not None and run_start is None:
            run_start = index
    copied = sum(1 for origin in origin_of_word if origin is not None)
    share = (Decimal(copied) / Decimal(len(words))).quantize(Decimal("0.0001"))
    return share, len(words), matches


def highlighted(text, spans):
    """[(piece of text, span or None)] covering the text in order, for the template to escape and mark."""
    pieces = []
    position = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < position:
            continue
        if span.start > position:
            pieces.append((text[position : span.start], None))
        pieces.append((text[span.start : span.end], span))
        position = span.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
