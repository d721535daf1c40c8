"""Serving a new build without a restart: follow the store link (``var/store`` → a build directory).

Every CHECK_SECONDS the link is read (a ``readlink`` and a few ``stat``s). When ``edzkg build``
has switched it to another build, that build is pinned (``graph.store.pin``: no later build prunes it), its metadata
read and a worker pool started on it while the old build keeps serving; then the endpoint and the
pages switch to it in one step (``AppState.adopt``: workers, result caches, ETags, VoID and dumps
all follow the dataset version). Requests already running finish on the old build; its pool is
closed when the last one is done, and its pin dropped. A build that cannot be opened is logged and
the old one keeps serving (the same build is tried again after RETRY_SECONDS).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from graph import store as store_mod

from .engine import Dataset

if TYPE_CHECKING:
    from .endpoint import AppState

CHECK_SECONDS = 2.0
RETRY_SECONDS = 60.0


def log(message: str) -> None:
    print(f"edzkg: {message}", file=sys.stderr, flush=True)


async def follow_builds(state: "AppState", every: float = CHECK_SECONDS) -> None:
    """Run until cancelled: switch to each new build the store link points at."""
    store = Path(state.settings.store)
    failed: dict[Path, float] = {}  # build → when opening it failed
    retiring: set[asyncio.Task] = set()
    while True:
        await asyncio.sleep(every)
        try:
            build = store_mod.resolve(store)
        except store_mod.StoreError:
            continue  # the link points nowhere right now: keep serving what we have
        current = state.served.dataset
        if current is None or build == current.build_dir:
            continue
        tried = failed.get(build)
        if tried is not None and time.monotonic() - tried < RETRY_SECONDS:
            continue
        try:
            old = await switch_to(state, build)
        except Exception as e:  # noqa: BLE001 - following builds must never stop serving
            log(f"new build {build.name} not served: {type(e).__name__}: {e}")
            old = None
        if old is None:
            failed[build] = time.monotonic()
            continue
        failed.clear()
        task = asyncio.get_running_loop().create_task(retire(state, old))
        retiring.add(task)
        task.add_done_callback(retiring.discard)


async def switch_to(state: "AppState", build: Path) -> Dataset | None:
    """Start serving ``build``; the replaced dataset, or None (logged) when the build cannot be served."""
    from .endpoint import build_info

    engine = state.engine
    old = state.served.dataset
    assert old is not None
    store_mod.pin(build)
    try:
        if not build.is_dir():
            raise store_mod.StoreError(f"build {build} is gone")
        info = await asyncio.to_thread(build_info, state.settings, build)
        dataset = await engine.prepare(build, info)
    except Exception as e:  # noqa: BLE001 - whatever went wrong, the old build keeps serving
        store_mod.unpin(build)
        log(f"new build {build.name} not served ({e}); still serving {old.build_dir.name}")
        return None
    replaced = state.adopt(dataset)
    log(f"serving build {build.name} (version {info.version[:16]}) instead of {replaced.build_dir.name}")
    return replaced


async def retire(state: "AppState", dataset: Dataset) -> None:
    """Close a replaced build's workers once its requests are done, then drop its pin."""
    try:
        await state.engine.retire(dataset)
    finally:
        if dataset.build_dir != state.served.dataset.build_dir:  # type: ignore[union-attr]
            store_mod.unpin(dataset.build_dir)
