"""jieba's dictionary and segmenter, loaded once per process (lazy singletons).

``cut`` gives exactly ``jieba.lcut`` (precise mode) but runs jieba's dictionary walk and
best-route search as one loop with each word's log-probability computed once per process:
jieba's own ``get_DAG`` + ``calc`` were a seventh of the extraction time. Checked equal to
``jieba.lcut`` on every sentence of the test articles and on generated text
(tests/test_lexicon.py).
"""

from __future__ import annotations

import functools
import logging
from math import inf, log

import jieba
import jieba.finalseg
import jieba.posseg

jieba.setLogLevel(logging.WARNING)

__all__ = ["cut", "new_document", "pos_cut", "word_freq", "word_tag"]

_RE_HAN = jieba.re_han_default
_RE_SKIP = jieba.re_skip_default
_RE_ENG = jieba.re_eng
_ENG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # = _RE_ENG


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.dt.initialize()
    return jieba.dt


def word_freq(word: str) -> int:
    """Frequency of ``word`` in jieba's dictionary (0: not a word, only a prefix or absent)."""
    return _tokenizer().FREQ.get(word) or 0


def word_tag(word: str) -> str | None:
    """jieba's part-of-speech tag of a dictionary word (None when absent)."""
    _tokenizer()
    return jieba.posseg.dt.word_tag_tab.get(word)


class _Weights:
    """``log(freq) - log(total)`` per dictionary word, as jieba's ``calc`` computes it, memoised
    (recomputed from scratch if the dictionary's total changes, e.g. after ``jieba.add_word``)."""

    def __init__(self) -> None:
        self.total = None
        self.logtotal = 0.0
        self.of: dict[str, float] = {}

    def check(self, tk: jieba.Tokenizer) -> None:
        if tk.total != self.total:
            self.total = tk.total
            self.logtotal = log(tk.total)
            self.of = {}


_W = _Weights()


_NEG_INF = -inf
_PREFIX_ONLY = 1.0  # marks a dictionary prefix that is no word (real weights are < 0)


def _route(blk: str, freq: dict, weights: dict, logtotal: float) -> list[int]:
    """jieba's best route (``get_DAG`` + ``calc``): for each position, the end of its word.

    Same arithmetic, same order, same tie-break as jieba (``max`` over ``(score, end)``: among
    equal scores the longest word), so the same floats and the same route.
    """
    n = len(blk)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    get = weights.get
    for idx in range(n - 1, -1, -1):
        best = _NEG_INF
        best_x = idx
        i = idx
        frag = blk[idx]
        while i < n:
            w = get(frag)
            if w is None:
                f = freq.get(frag)
                if f is None:
                    break
                w = weights[frag] = log(f) - logtotal if f else _PREFIX_ONLY
            if w != _PREFIX_ONLY:
                s = w + score[i + 1]
                if s >= best:
                    best, best_x = s, i
            i += 1
            frag = blk[idx:i + 1]
        if best == _NEG_INF:  # no dictionary word starts here: the character alone, frequency 1
            best = (log(freq.get(blk[idx]) or 1) - logtotal) + score[idx + 1]
        score[idx] = best
        end[idx] = best_x
    return end


def _block_no_hmm(blk: str, out: list[str], route: list[int]) -> None:
    x, n = 0, len(blk)
    buf = ""
    while x < n:
        y = route[x] + 1
        word = blk[x:y]
        if y - x == 1 and word in _ENG_CHARS:
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)


def _block_hmm(blk: str, out: list[str], route: list[int], freq: dict) -> None:
    x, n = 0, len(blk)
    buf = ""
    while x < n:
        y = route[x] + 1
        word = blk[x:y]
        if y - x == 1:
            buf += word
        else:
            if buf:
                _flush(buf, out, freq)
                buf = ""
            out.append(word)
        x = y
    if buf:
        _flush(buf, out, freq)


def _flush(buf: str, out: list[str], freq: dict) -> None:
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        out.extend(jieba.finalseg.cut(buf))
    else:
        out.extend(buf)


_MEMO: dict[tuple[str, bool], list[str]] = {}
_MEMO_MAX = 50_000


def new_document() -> None:
    """Forget the segmentations memoised so far (called once per document: the stages of one
    document segment the same short windows again and again, about half of all calls; nothing
    is carried from one document to the next)."""
    _MEMO.clear()


def cut(text: str, hmm: bool = False) -> list[str]:
    """Segment a text (precise mode; without HMM unknown names fall apart into characters):
    exactly ``jieba.lcut(text, HMM=hmm)``. Memoised until ``new_document``; a new list each call."""
    key = (text, hmm)
    toks = _MEMO.get(key)
    if toks is None:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        toks = _MEMO[key] = _cut(text, hmm)
    return toks.copy()


def _cut(text: str, hmm: bool) -> list[str]:
    tk = _tokenizer()
    freq = tk.FREQ
    _W.check(tk)
    weights, logtotal = _W.of, _W.logtotal
    out: list[str] = []
    if not hmm and _RE_HAN.fullmatch(text):  # one block (most windows): no split
        _block_no_hmm(text, out, _route(text, freq, weights, logtotal))
        return out
    for blk in _RE_HAN.split(text):
        if not blk:
            continue
        if _RE_HAN.match(blk):
            route = _route(blk, freq, weights, logtotal)
            if hmm:
                _block_hmm(blk, out, route, freq)
            else:
                _block_no_hmm(blk, out, route)
        else:
            for x in _RE_SKIP.split(blk):
                if _RE_SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def pos_cut(text: str) -> list[tuple[str, str]]:
    """Words with part-of-speech tags (jieba.posseg, with HMM: finds unknown person names)."""
    _tokenizer()
    return [(w.word, w.flag) for w in jieba.posseg.dt.lcut(text)]
