"""Sentences of the repaired text, with offsets in the repaired text and in the original file.

A sentence ends after 。！？ (or …… / ASCII !?) outside quotation marks, together with any closing
quotes or brackets that follow; a quotation ending in a terminator (“…。”) therefore stays one
sentence, and a terminator inside an open quotation does not end the sentence. Headlines,
captions and credits are one sentence each; no sentence crosses a text unit.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .repair import RepairedText, TextUnit

__all__ = ["Sentence", "split_sentences"]

_TERMINATOR = re.compile(r"(?=[。！？!?….])(?:[。！？!?]+|…{2,}|\.{3,})")  # (the lookahead: a quick skip)
_OPEN_QUOTES = "“‘「『"
_CLOSE_QUOTES = "”’」』"
_TRAILING = set("”’」』）)》\"'")
_MAX_QUOTE = 400  # a quotation left open this long is a damaged quote: stop honouring it


@dataclass(frozen=True)
class Sentence:
    """One sentence: index, repaired [start, end), original [ostart, oend), its text unit kind."""

    index: int
    start: int
    end: int
    ostart: int
    oend: int
    unit: str
    section: int  # index of the section (a headline starts a new one)
    unit_index: int = 0  # index of its text unit in RepairedText.units


_QUOTE = re.compile(f"[{_OPEN_QUOTES}{_CLOSE_QUOTES}]")
_END_BEFORE_CLOSE = re.compile(f"[。！？!?](?=[{_CLOSE_QUOTES}])")


class _Depths:
    """Quotation depth at each position of ``text[start:end]``, kept as the positions where it
    changes: a quotation mark, or the character ``_MAX_QUOTE`` + 1 after an opening that was
    never closed (there the depth drops to 0)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.at: list[int] = []
        self.depth: list[int] = []
        depth = 0
        opened_at = -1
        for m in _QUOTE.finditer(text, start, end):
            i = m.start()
            if depth and opened_at + _MAX_QUOTE + 1 < i:  # the open quote expired before i
                depth = 0
                self._set(opened_at + _MAX_QUOTE + 1, 0)
            if text[i] in _OPEN_QUOTES:
                if depth == 0:
                    opened_at = i
                depth += 1
            elif depth > 0:
                depth -= 1
            if depth and i - opened_at > _MAX_QUOTE:
                depth = 0
            self._set(i, depth)
        if depth and opened_at + _MAX_QUOTE + 1 < end:
            self._set(opened_at + _MAX_QUOTE + 1, 0)

    def _set(self, pos: int, depth: int) -> None:
        self.at.append(pos)
        self.depth.append(depth)

    def __call__(self, pos: int) -> int:
        k = bisect.bisect_right(self.at, pos) - 1
        return self.depth[k] if k >= 0 else 0


def _split_unit(text: str, unit: TextUnit) -> list[tuple[int, int]]:
    if unit.kind != "paragraph":
        return [(unit.start, unit.end)]
    if _QUOTE.search(text, unit.start, unit.end) is None:
        return _split_plain(text, unit.start, unit.end)
    spans: list[tuple[int, int]] = []
    depth = _Depths(text, unit.start, unit.end)
    begin = unit.start
    for m in _TERMINATOR.finditer(text, unit.start, unit.end):
        if depth(m.start()) > 0:
            continue
        end = m.end()
        while end < unit.end and text[end] in _TRAILING:
            end += 1
        if end > begin:
            spans.append((begin, end))
        begin = end
    # a terminator right before a closing quote: the quote closes the sentence (“…。”)
    if begin < unit.end:
        spans.append((begin, unit.end))
    if _END_BEFORE_CLOSE.search(text, unit.start, unit.end) is None:
        return spans  # no terminator right before a closing quote anywhere in the paragraph
    return _merge_quote_ends(text, spans, depth)


def _split_plain(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``_split_unit`` of a paragraph without quotation marks: every terminator ends a sentence
    (the quotation depth is 0 everywhere and no quote closes after a terminator)."""
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _TERMINATOR.finditer(text, start, end):
        stop = m.end()
        while stop < end and text[stop] in _TRAILING:
            stop += 1
        if stop > begin:
            spans.append((begin, stop))
        begin = stop
    if begin < end:
        spans.append((begin, end))
    return spans


def _merge_quote_ends(text: str, spans: list[tuple[int, int]], depth: _Depths) -> list[tuple[int, int]]:
    """Split after “…。” when the terminator sits inside the quotation that closes right after."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        cut = a
        for m in _END_BEFORE_CLOSE.finditer(text, a, b):
            i = m.start()
            if depth(i + 1) == 0:
                j = i + 2
                while j < b and text[j] in _TRAILING:
                    j += 1
                if j < b and cut < j:
                    out.append((cut, j))
                    cut = j
        out.append((cut, b))
    return [(a, b) for a, b in out if b > a]


def split_sentences(rt: RepairedText) -> list[Sentence]:
    """All sentences of a repaired text, in order."""
    sentences: list[Sentence] = []
    section = 0
    text = rt.text
    for u_i, unit in enumerate(rt.units):
        if unit.kind == "headline" and u_i > 0:
            section += 1
        for a, b in _split_unit(text, unit):
            while a < b and text[a] in " \u3000":
                a += 1
            if b <= a:
                continue
            oa, ob = rt.original_span(a, b)
            sentences.append(Sentence(len(sentences), a, b, oa, ob, unit.kind, section, u_i))
    return sentences
