"""Shared fixtures: the seed corpus built once into a temporary store."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "000_41c21bf40b8ca649.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The seed corpus built into a fresh store (once per test session)."""
    from graph.build import build

    store = tmp_path_factory.mktemp("store") / "store"
    build(CORPUS, store)
    return store
