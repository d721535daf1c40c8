"""jieba's dictionary and segmenter, loaded once per process (lazy singletons)."""

from __future__ import annotations

import functools
import logging

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)


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


def cut(text: str, hmm: bool = False) -> list[str]:
    """Segment a short text (precise mode; without HMM unknown names fall apart into characters)."""
    return _tokenizer().lcut(text, HMM=hmm)


def pos_cut(text: str) -> list[tuple[str, str]]:
    """Words with part-of-speech tags (jieba.posseg, with HMM: finds unknown person names)."""
    _tokenizer()
    return [(w.word, w.flag) for w in jieba.posseg.dt.lcut(text)]
