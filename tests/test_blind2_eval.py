"""Blind evaluation on a second held-out set (tests/data/blind2/), scored like the first.

Three articles in regions neither the seed nor the first blind set uses (Anhui, Jiangsu, Shanghai),
written with their gold facts by an engineer who had not read the extractor, its test data or its
output (tests/data/blind2/README.md), and committed before any extractor run on them. The scoring
is ``tests/test_blind_eval.py``'s. Run with ``-s`` for the table and the misses.

The floors are regression guards set under the first run's values (the extractor as committed
when the set arrived; see FIRST_RUN), not targets. Absolute: no negative (invented link) and every
span exact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import test_blind_eval as blind

SET = blind.ROOT / "tests" / "data" / "blind2"
ARTICLES = sorted(SET.glob("[0-9][0-9]_*.txt"))

# First run (micro-averaged precision / recall, found/gold), on the extractor as committed at 4146479,
# before the second session's extraction work: entities 0.68 / 0.83 (50/60), figures 0.99 / 0.98
# (94/96), observations 0.85 / 0.85 (17/20), relations 0.85 / 0.62 (67/108); no negative present.
# Not blind any more after that run: its output (first-run.log, with the misses) was in the tree
# while the extractor was being improved, and some rules were fixed from it. Its later scores are
# not held-out evidence; the held-out check of the final extractor is tests/data/blind3.
FLOORS = {
    "entities": {"precision": 0.60, "recall": 0.75},
    "figures": {"precision": 0.90, "recall": 0.90},
    "observations": {"precision": 0.75, "recall": 0.75},
    "relations": {"precision": 0.75, "recall": 0.55},
}


@pytest.fixture(scope="module")
def articles() -> dict[str, blind.Article]:
    return {a.docid: a for a in (blind.run_article(t) for t in ARTICLES)}


def test_blind2_set_is_complete() -> None:
    """Three articles of 1 500–3 000 characters, each with a gold file."""
    assert len(ARTICLES) == 3
    for txt in ARTICLES:
        assert 1500 <= len(txt.read_text(encoding="utf-8")) <= 3000, txt.name
        assert txt.with_suffix(".yaml").exists()


@pytest.mark.parametrize("txt", ARTICLES, ids=lambda p: p.stem)
def test_gold_refers_to_the_text(txt: Path) -> None:
    blind.check_gold_refers_to_text(txt)


@pytest.mark.parametrize("txt", ARTICLES, ids=lambda p: p.stem)
def test_every_span_is_exact(articles: dict[str, blind.Article], txt: Path) -> None:
    a = articles[txt.stem]
    spans = a.ex.spans()
    assert spans, "no spans"
    bad = [(s, i, j, x) for s, i, j, x in spans if a.text[i:j] != x]
    assert not bad, bad[:5]


@pytest.mark.parametrize("txt", ARTICLES, ids=lambda p: p.stem)
def test_no_invented_links(articles: dict[str, blind.Article], txt: Path) -> None:
    a = articles[txt.stem]
    assert blind.negatives_present(a.ex, a.gold) == []


def test_scores_above_floors(articles: dict[str, blind.Article]) -> None:
    """Micro-averaged precision and recall per category stay above the regression floors."""
    print(blind.report(articles))
    got = blind.totals(articles)
    low = [f"{c} {m} {getattr(got[c], m):.2f} < {floor}"
           for c, floors in FLOORS.items() for m, floor in floors.items() if getattr(got[c], m) < floor]
    assert not low, low
