"""The README's examples are what the commands really print.

Each ``console`` block of README.md that runs ``.venv/bin/edzkg query queries/….rq`` is run
against the seed build, and its output must be the block's text line for line; the offsets the
README quotes must cut the quoted characters out of the seed file. A README that drifts from the
graph fails here instead of misleading a reader.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```console\n\$ \.venv/bin/edzkg query (\S+)[^\n]*\n(.*?)```", re.S)
EXAMPLES = BLOCK.findall(README)


def test_readme_has_query_examples() -> None:
    assert len(EXAMPLES) >= 3
    for path, _ in EXAMPLES:
        assert (ROOT / path).is_file(), path


@pytest.mark.parametrize(("path", "shown"), EXAMPLES, ids=[p for p, _ in EXAMPLES])
def test_readme_output_is_real(built_store: Path, path: str, shown: str) -> None:
    out = subprocess.run([sys.executable, "-m", "server.cli", "query", path, "--store", str(built_store)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    got = [line.rstrip() for line in out.stdout.strip("\n").splitlines()]
    assert got == [line.rstrip() for line in shown.strip("\n").splitlines()]


def test_readme_offsets_cut_the_quoted_text() -> None:
    text = SEED.read_text(encoding="utf-8")
    quoted = re.findall(r'`text\[(\d+):(\d+)\] == "([^"]+)"`', README)
    assert quoted
    for start, end, exact in quoted:
        assert text[int(start):int(end)] == exact
