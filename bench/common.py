"""What every benchmark section shares: settings, medians, ratios, Markdown tables."""

from __future__ import annotations

import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Settings:
    """Sizes and repetitions of one benchmark run (``quick`` shrinks everything for a try)."""

    work: Path
    quick: bool = False
    runs: int = 3  # repetitions of every measurement; medians are reported
    duration: float = 5.0  # seconds of load per endpoint measurement
    connections: tuple[int, ...] = (1, 16, 64)
    big_triples: int = 1_000_000
    articles: int = 1000
    profile: bool = True

    @classmethod
    def make(cls, work: Path, quick: bool) -> "Settings":
        if quick:
            return cls(work=work, quick=True, runs=1, duration=2.0, connections=(1, 16),
                       big_triples=50_000, articles=40, profile=False)
        return cls(work=work)

    @property
    def logs(self) -> Path:
        return self.work / "logs"


@dataclass
class Section:
    """One part of RESULTS.md: a title, Markdown body, and the raw figures (for results.json)."""

    key: str
    title: str
    body: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    summary: list[list[str]] = field(default_factory=list)  # [measurement, ours, peer, ratio, target, met?]

    def add(self, *lines: str) -> None:
        self.body.extend(lines)

    def markdown(self) -> str:
        return f"## {self.title}\n\n" + "\n".join(self.body).rstrip() + "\n"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(ours: float, peer: float) -> float:
    return ours / peer if peer else float("nan")


def fmt(x: float, digits: int = 0) -> str:
    if x != x:  # NaN
        return "–"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def fmt_ratio(r: float) -> str:
    if r == float("inf"):
        return "∞ (peer: 0)"
    return "–" if r != r else f"{r:.2f}×"


def met(r: float, target: float, higher_is_better: bool = True) -> str:
    if r != r:
        return "–"
    ok = r >= target if higher_is_better else r <= target
    return "yes" if ok else "**no**"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out + [""]


def run_python(args: list[str], timeout: float, env: dict | None = None) -> subprocess.CompletedProcess:
    """A fresh interpreter running a bench helper (isolated memory figures), cwd = repo root."""
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


def mib(nbytes: float) -> str:
    return f"{nbytes / 2**20:,.0f} MiB"
