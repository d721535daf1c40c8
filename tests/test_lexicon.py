"""graph.lexicon.cut re-implements jieba's precise-mode segmentation for speed: it must give
exactly jieba's words, with and without HMM."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from graph.lexicon import cut

from .conftest import ROOT, SEED

_ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
_MIXED = ["", " ", "\r\n\t", "Mini LED 12.5%", "A1B2 测试-中文_abc#1&2", "桐乡经济开发区（高桥街道）",
          "长三角健康农业研究院(浙江)有限公司", "2045亩、10.3万平方米", "关炜炜在会上说：“我们要围绕……”"]


def _pieces(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    windows = [text[i:i + w] for w in (3, 14, 30) for i in range(0, len(text) - w, 97)]
    return lines + windows


@pytest.mark.parametrize("hmm", [False, True])
@pytest.mark.parametrize("path", [SEED, *_ARTICLES], ids=lambda p: getattr(p, "stem", str(p)))
def test_cut_is_jieba(path, hmm):
    for piece in _pieces(path) + _MIXED:
        assert cut(piece, hmm) == jieba.dt.lcut(piece, HMM=hmm), piece
