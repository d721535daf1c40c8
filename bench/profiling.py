"""Sampling profiles with py-spy (a running server's process tree, or a command), summarised as
the top frames by own time and by inclusive time."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_LINE = re.compile(r"^(.*) (\d+)$")
_FRAME_LINE = re.compile(r":\d+\)$")


@dataclass
class Profile:
    samples: int
    own: list[tuple[str, float]]  # (frame, share of samples)
    inclusive: list[tuple[str, float]]
    raw: Path | None = None
    error: str = ""

    def markdown(self, top: int = 12) -> list[str]:
        if self.error:
            return [f"(profile unavailable: {self.error})", ""]
        out = [f"py-spy, {self.samples} samples. Top frames by own time:", "", "```"]
        out += [f"{share * 100:5.1f}%  {frame}" for frame, share in self.own[:top]]
        out += ["```", "", "By inclusive time (frame anywhere on the stack):", "", "```"]
        out += [f"{share * 100:5.1f}%  {frame}" for frame, share in self.inclusive[:top]]
        out += ["```", ""]
        return out


def py_spy() -> str | None:
    exe = Path(sys.executable).with_name("py-spy")
    return str(exe) if exe.exists() else shutil.which("py-spy")


def _frame(f: str) -> str:
    """'func (path/to/file.py:12)' → 'func (file.py)': lines merged so a function counts once."""
    f = _FRAME_LINE.sub(")", f.strip())
    m = re.match(r"^(.*) \((.*)\)$", f)
    if m:
        name, path = m.groups()
        parts = Path(path).parts
        short = "/".join(parts[-2:]) if len(parts) >= 2 else path
        return f"{name} ({short})"
    return f


def summarise(raw: Path, within: str = "") -> Profile:
    """Top frames of a py-spy raw profile; ``within``: keep only stacks through that function."""
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        m = _LINE.match(line.strip())
        if not m:
            continue
        stack, count = m.group(1), int(m.group(2))
        frames = [_frame(f) for f in stack.split(";") if f and not f.startswith("process ")]
        if not frames or (within and not any(f.startswith(within + " ") for f in frames)):
            continue
        total += count
        own[frames[-1]] += count
        for f in set(frames):
            incl[f] += count
    if not total:
        return Profile(0, [], [], raw, error="no samples (idle or not a Python process)")
    share = lambda c: [(f, n / total) for f, n in c.most_common(40)]  # noqa: E731
    return Profile(total, share(own), share(incl), raw)


def profile_pid(pid: int, seconds: float, out: Path, rate: int = 200) -> Profile:
    """Profile a running process and its children for ``seconds`` (needs ptrace rights)."""
    exe = py_spy()
    if not exe:
        return Profile(0, [], [], error="py-spy not installed (pip install '.[bench]')")
    cmd = [exe, "record", "--pid", str(pid), "--subprocesses", "--nonblocking", "--duration", str(int(seconds)),
           "--rate", str(rate), "--format", "raw", "--output", str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    if not out.exists():
        return Profile(0, [], [], error=f"py-spy failed: {(r.stderr or r.stdout).strip()[-300:]}")
    return summarise(out)


def profile_command(cmd: list[str], out: Path, timeout: float, rate: int = 200, within: str = "") -> Profile:
    exe = py_spy()
    if not exe:
        return Profile(0, [], [], error="py-spy not installed (pip install '.[bench]')")
    full = [exe, "record", "--rate", str(rate), "--format", "raw", "--output", str(out), "--", *cmd]
    r = subprocess.run(full, capture_output=True, text=True, timeout=timeout)
    if not out.exists():
        return Profile(0, [], [], error=f"py-spy failed: {(r.stderr or r.stdout).strip()[-300:]}")
    return summarise(out, within)
