"""Text repair: rejoin paragraphs cut at page breaks, keep captions/headlines/credits apart.

The input is text pulled from a laid-out page: one block per line, blocks separated by blank
lines. Layout rules (general, not tuned to one article):

- A block ending in sentence-final punctuation (。！？…；, ASCII equivalents), possibly followed
  by closing quotes or brackets, is closed.
- A short block (≤ 40 characters) with no sentence punctuation inside and none at its end is a
  *label*: a **headline** when two parts are separated by a space (``"name  slogan"``) or when it
  is the first block of the document, otherwise a **caption** (image captions sit between the
  halves of a cut paragraph, or stand alone) — unless the next block repeats its last character
  (``…副主任王 ⏎⏎ 王海涛表示``), leaves a bracket or quotation open (``…研究院(浙 ⏎⏎ 江)有限公司``)
  or is followed by a block that cannot open a paragraph (``）``, ``，``): then it is the first half
  of a cut paragraph — except when a paragraph before it is still open: then it is a caption
  between two halves, whatever its last character (``…智造小 ⏎⏎ …产业园 ⏎⏎ 园内…``).
- A bracketed block naming a photo source (``（本文配图均由…提供）``) is a **credit**; a credit at the
  very end of a paragraph is split off as its own unit.
- Any other block that is not closed is *open*: it continues in the next paragraph block; captions
  and credits between the two halves are skipped over (and kept as their own units). A headline
  ends an open paragraph (a new section starts).
- Doubled character at a break: when the open block ends with character X and its continuation
  starts with the same X (``关炜 ⏎⏎ 炜成了``), the second X is a layout artefact and is dropped,
  unless XX is a word in jieba's dictionary (天天, 看看, 人人) or X is a function character
  (的, 了, 是, 一 …) that doubles naturally across a word boundary. Inside a personal name
  (a surname before X, a given-name character after: 钱文 ⏎⏎ 文涛) a rare dictionary word (文文,
  丽丽) is an artefact too, and so is one right after a bracket or quote when the next block
  starts a word with it (…（宁 ⏎⏎ 宁波）有限公司), and so is one right after a sentence or clause mark
  when X plus the next character is a commoner word than XX (…3条。公 ⏎⏎ 公司董事长…).
- A character lost at a break (``桐乡经济开 ⏎⏎ 区``) cannot be restored here (the repaired text
  only holds characters of the original); the break positions are kept in ``joins`` so that
  mention detection can recognise a known name missing one character there.

Punctuation: ASCII ``,;:()!?`` become full-width ``，；：（）！？`` one character for one character
(``,`` and ``:`` between two digits are kept: 1,000 and 10:30). No NFKC, lengths never change.
``origin[i]`` is the code-point offset in the original file of repaired character ``i``.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

__all__ = ["TextUnit", "RepairedText", "repair", "normalise", "normalise_char", "FINAL_PUNCT"]

FINAL_PUNCT = frozenset("。！？…!?.；;")
CLOSERS = frozenset("”’」』）)》\"'")
_SENTENCE_PUNCT = re.compile(r"[，。；！？、：,;!?]")
_HALF_TO_FULL = str.maketrans(",;:()!?", "，；：（）！？")
_DIGIT_SEP = re.compile(r"[,:](?<=[0-9][,:])(?=[0-9])")  # the mark first: a fast scan for it, then its neighbours
_CREDIT = re.compile(
    r"[（(][^（）()]{0,40}(?:配图|图片|照片|图/|摄影|摄|供图|图片来源)[^（）()]{0,20}[)）]$"
)
_LABEL_MAX = 40
_STRIP = " \t\r\u3000\xa0\ufeff"
_FUNCTION_CHARS = frozenset("的了是一在不和与及或也都就还又这那有个之而着过把被从对为将")


@dataclass(frozen=True)
class TextUnit:
    """A unit of the repaired text: ``kind`` ∈ headline | paragraph | caption | credit."""

    kind: str
    start: int
    end: int


@dataclass
class RepairedText:
    """Repaired text, its map back to the original, its units and the page-break joins."""

    text: str
    origin: array
    units: list[TextUnit]
    original: str
    joins: list[int] = field(default_factory=list)  # repaired offsets where two blocks meet

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of repaired [start, end) (covers anything skipped between)."""
        if end <= start:
            raise ValueError(f"empty span {start}-{end}")
        return self.origin[start], self.origin[end - 1] + 1

    def unit_at(self, pos: int) -> TextUnit | None:
        lo, hi = 0, len(self.units)
        while lo < hi:
            mid = (lo + hi) // 2
            u = self.units[mid]
            if pos < u.start:
                hi = mid
            elif pos >= u.end:
                lo = mid + 1
            else:
                return u
        return None


def normalise_char(c: str) -> str:
    """The full-width form of an ASCII ``,;:()!?`` (other characters unchanged)."""
    return c.translate(_HALF_TO_FULL)


def normalise(s: str) -> str:
    """The punctuation normalisation of a whole string (as ``repair`` applies it)."""
    return _normalise(s)


_HALF_FULL_PAIRS = tuple((chr(h), chr(f)) for h, f in _HALF_TO_FULL.items())


def _normalise(s: str) -> str:
    # str.replace per ASCII mark: several times faster than translate on Chinese text, same result
    out = s
    for half, full in _HALF_FULL_PAIRS:
        if half in out:
            out = out.replace(half, full)
    if "," in s or ":" in s:
        kept = [m.start() for m in _DIGIT_SEP.finditer(s)]  # 1,000 and 12:30 keep their mark
        if kept:
            parts, prev = [], 0
            for i in kept:
                parts += (out[prev:i], s[i])
                prev = i + 1
            parts.append(out[prev:])
            out = "".join(parts)
    return out


@dataclass(slots=True)
class _Block:
    start: int  # original offsets, stripped
    end: int
    text: str  # normalised
    kind: str = "paragraph"  # paragraph | headline | caption | credit
    closed: bool = True


def _blocks(original: str) -> list[_Block]:
    blocks: list[_Block] = []
    # normalised once for the whole text: a block is a stripped line, so no digit stands next
    # to its ends and the whole text's normalisation agrees with the block's own
    normalised = _normalise(original)
    pos = 0
    n = len(original)
    while pos < n:
        nl = original.find("\n", pos)
        line_end = n if nl < 0 else nl
        a, b = pos, line_end
        while a < b and original[a] in _STRIP:
            a += 1
        while b > a and original[b - 1] in _STRIP:
            b -= 1
        if b > a:
            blocks.extend(_split_credit(normalised[a:b], a, b))
        pos = line_end + 1
    for i, blk in enumerate(blocks):
        _classify(blk, first=(i == 0))
    # a short block whose last character the next block repeats (…主任王 ⏎⏎ 王海涛表示) was cut
    # at a page break: it is the first half of a paragraph, not a caption
    # — unless a paragraph left open before it continues in the next block: then the short block
    # is a caption between the two halves (…智造小 ⏎⏎ …产业园 ⏎⏎ 园内新建…)
    open_before = False
    for blk, nxt in zip(blocks, blocks[1:]):
        if blk.kind == "caption" and nxt.kind == "paragraph" and not open_before and (
                _doubled(blk.text, nxt.text) or nxt.text[0] in _NO_START):
            blk.kind, blk.closed = "paragraph", False
        if blk.kind == "paragraph":
            open_before = not blk.closed
        elif blk.kind == "headline":
            open_before = False
    return blocks


def _split_credit(text: str, a: int, b: int) -> list[_Block]:
    """The block of normalised ``text`` (original [a, b)), or its paragraph and its credit."""
    m = _CREDIT.search(text)
    if m and m.start() > 0 and text[m.start() - 1] in FINAL_PUNCT | CLOSERS:
        cut = a + m.start()
        return [_Block(a, cut, text[: m.start()]), _Block(cut, b, text[m.start():], "credit")]
    if m and m.start() == 0:
        return [_Block(a, b, text, "credit")]
    return [_Block(a, b, text)]


def _classify(blk: _Block, first: bool) -> None:
    if blk.kind == "credit":
        return
    t = blk.text
    core = t.rstrip("".join(CLOSERS)) or t
    if core[-1] in FINAL_PUNCT:
        blk.closed = True
        return
    if len(t) <= _LABEL_MAX and not _SENTENCE_PUNCT.search(t) and not _unbalanced(t):
        blk.kind = "headline" if (first or _TWO_PARTS.search(t)) else "caption"
        return
    blk.closed = t[-1] in CLOSERS  # a long block ending in a closing quote ends there


_TWO_PARTS = re.compile(r"\S[ \u3000]+\S")  # "name  slogan": a headline


def _unbalanced(t: str) -> bool:
    """More opening than closing brackets or quotes: the block was cut inside them."""
    return t.count("（") > t.count("）") or t.count("“") > t.count("”") or t.count("《") > t.count("》")


_NAME_DOUBLE_MAX = 400  # jieba frequency under which a doubled XX inside a name is an artefact
_NO_START = frozenset("，、。）」』”’：；！？》…")
_OPEN_AFTER = frozenset("。，；：！？、")  # marks after which a word starts


def _doubled(prev: str, nxt: str) -> bool:
    """True when ``nxt`` starts with the character ``prev`` ends with, as a layout artefact."""
    x = prev[-1]
    if nxt[0] != x or not ("\u4e00" <= x <= "\u9fff") or x in _FUNCTION_CHARS:
        return False
    from .lexicon import word_freq

    freq = word_freq(x + x)
    if freq <= 0:
        return True
    # inside a personal name (…董事长钱文 ⏎⏎ 文涛说): a surname before X and a given-name character
    # after the second X; XX is then only a rare word (文文, 丽丽), not 看看 or 天天
    from .vocab import AFTER_NAME_CHARS, SURNAMES

    # X alone after a sentence or clause mark (…3条。公 ⏎⏎ 公司董事长…): X opens the word the next
    # block writes whole, when that word is commoner than XX (公司 over 公公; not 天天 over 天都)
    if len(prev) >= 2 and prev[-2] in _OPEN_AFTER and len(nxt) >= 2 and word_freq(nxt[:2]) > freq:
        return True
    if freq >= _NAME_DOUBLE_MAX or len(prev) < 2 or len(nxt) < 2 or not "\u4e00" <= nxt[1] <= "\u9fff":
        return False
    if prev[-2] in SURNAMES and nxt[1] not in AFTER_NAME_CHARS:
        return True
    # right after a bracket or a quote (…（宁 ⏎⏎ 宁波）): X opens the word the next block writes whole
    return not "\u4e00" <= prev[-2] <= "\u9fff" and word_freq(nxt[:2]) > 0


_COUNT = array("q")  # 0, 1, 2 …, as long as the longest text so far (up to _COUNT_MAX)
_COUNT_MAX = 1 << 20


def _counting(n: int) -> array:
    """An array("q") of 0, 1, 2 … at least ``n`` long (kept between documents unless huge)."""
    if n > _COUNT_MAX:
        return array("q", range(n))
    if len(_COUNT) < n:
        _COUNT.extend(range(len(_COUNT), n))
    return _COUNT


class _Builder:
    def __init__(self, original: str) -> None:
        self.original = original
        self.units: list[tuple[int, str, list[tuple[int, int, str]], list[int]]] = []

    def add(self, kind: str, parts: list[_Block]) -> None:
        pieces: list[tuple[int, int, str]] = []
        joins: list[int] = []  # index into the concatenated unit text
        length = 0
        for i, p in enumerate(parts):
            start, text = p.start, p.text
            if i > 0:
                if pieces and text and _doubled(pieces[-1][2], text):
                    start, text = start + 1, text[1:]
                joins.append(length)
            if text:
                pieces.append((start, start + len(text), text))
                length += len(text)
        if pieces:
            self.units.append((parts[0].start, kind, pieces, joins))

    def build(self) -> RepairedText:
        self.units.sort(key=lambda u: u[0])
        count = _counting(len(self.original))
        out: list[str] = []
        origin = array("q")
        units: list[TextUnit] = []
        joins: list[int] = []
        pos = 0
        for i, (_, kind, pieces, unit_joins) in enumerate(self.units):
            if i > 0:
                nl = self._newline_near(self.units[i - 1][2][-1][1], pieces[0][0])
                if nl is not None:
                    out.append("\n")
                    origin.append(nl)
                    pos += 1
            start = pos
            for a, b, text in pieces:
                out.append(text)
                origin += count[a:b]  # array("q", range(a, b)), copied at C speed
                pos += b - a
            joins.extend(start + j for j in unit_joins)
            units.append(TextUnit(kind, start, pos))
        return RepairedText("".join(out), origin, units, self.original, joins)

    def _newline_near(self, prev_end: int, next_start: int) -> int | None:
        """An original newline to stand for the separator between two units (None: none)."""
        nl = self.original.find("\n", prev_end)
        if nl < 0:
            nl = self.original.rfind("\n", 0, next_start)
        return nl if nl >= 0 else None


def repair(raw: str) -> RepairedText:
    """Repair the layout damage of one article (see the module docstring for the rules)."""
    if not isinstance(raw, str):
        raise TypeError(f"repair() needs str, got {type(raw).__name__}")
    builder = _Builder(raw)
    pending: list[_Block] = []
    for blk in _blocks(raw):
        if blk.kind == "paragraph":
            pending.append(blk)
            if blk.closed:
                builder.add("paragraph", pending)
                pending = []
            continue
        if blk.kind == "headline" and pending:
            builder.add("paragraph", pending)
            pending = []
        builder.add(blk.kind, [blk])
    if pending:
        builder.add("paragraph", pending)
    return builder.build()
