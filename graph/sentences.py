"""Sentences of the repaired text, with offsets in the repaired text and in the original file.

A sentence ends after 。！？ (or …… / ASCII !?) outside quotation marks, together with any closing
quotes or brackets that follow; a quotation ending in a terminator (“…。”) therefore stays one
sentence, and a terminator inside an open quotation does not end the sentence. Headlines,
captions and credits are one sentence each; no sentence crosses a text unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .repair import RepairedText, TextUnit

__all__ = ["Sentence", "split_sentences"]

_TERMINATOR = re.compile(r"(?:[。！？!?]+|…{2,}|\.{3,})")
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


def _quote_depths(text: str, start: int, end: int) -> list[int]:
    depth = 0
    opened_at = -1
    depths = []
    for i in range(start, end):
        c = text[i]
        if c in _OPEN_QUOTES:
            if depth == 0:
                opened_at = i
            depth += 1
        elif c in _CLOSE_QUOTES and depth > 0:
            depth -= 1
        if depth and i - opened_at > _MAX_QUOTE:
            depth = 0
        depths.append(depth)
    return depths


def _split_unit(text: str, unit: TextUnit) -> list[tuple[int, int]]:
    if unit.kind != "paragraph":
        return [(unit.start, unit.end)]
    spans: list[tuple[int, int]] = []
    depths = _quote_depths(text, unit.start, unit.end)
    begin = unit.start
    for m in _TERMINATOR.finditer(text, unit.start, unit.end):
        if depths[m.start() - unit.start] > 0:
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
    return _merge_quote_ends(text, spans, depths, unit.start)


def _merge_quote_ends(text, spans, depths, base):
    """Split after “…。” when the terminator sits inside the quotation that closes right after."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        cut = a
        for i in range(a, b - 1):
            if text[i] in "。！？!?" and text[i + 1] in _CLOSE_QUOTES and depths[i + 1 - base] == 0:
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
