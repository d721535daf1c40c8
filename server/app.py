"""The web application: the SPARQL endpoint (``server.endpoint``) plus the linked-data pages and UI
(``server.linkeddata``) in one FastAPI app, and ``edzkg serve`` (HTTP processes, quick start).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import functools
import os
import threading
import time
import traceback
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable

from graph import store as store_mod

from .endpoint import AppState, Dispatcher, Endpoint, Receive, Scope, Send, build_state, dataset_info, endpoints
from .settings import Settings
from .worker import die_with_parent

__all__ = ["create_app", "run", "dataset_info", "EdzkgApp"]

@functools.lru_cache(maxsize=None)
def _site_state_class() -> type:
    from starlette.datastructures import State

    class SiteState(State):
        """``app.state`` whose ``info`` is the metadata of the build the current request runs on
        (the pages, VoID and dumps follow a new build, and one request never sees two)."""

        @property
        def info(self) -> store_mod.DatasetInfo:
            return self.endpoint.request_info()

    return SiteState


@functools.lru_cache(maxsize=None)
def _fastapi_app_class() -> type:
    from fastapi import FastAPI

    class EdzkgApp(FastAPI):
        """FastAPI, with the SPARQL endpoints answered before the middleware stack (they do their
        own CORS and errors): a cached result costs a dictionary lookup, not a dozen ASGI layers."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.endpoints: dict[str, Endpoint] = {}
            self.edzkg_state: AppState | None = None

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                endpoint = self.endpoints.get(scope["path"].rstrip("/") or "/")
                if endpoint is not None:
                    await endpoint(scope, receive, send)
                    return
                if self.edzkg_state is not None:
                    with self.edzkg_state.hold():  # a page's queries all run on one build
                        await super().__call__(scope, receive, send)
                    return
            await super().__call__(scope, receive, send)

    return EdzkgApp


def __getattr__(name: str) -> Any:  # EdzkgApp without importing FastAPI at module import
    if name == "EdzkgApp":
        return _fastapi_app_class()
    raise AttributeError(name)


def create_app(store: Path, base_iri: str | None = None, settings: Settings | None = None,
               state: AppState | None = None, **options: Any) -> Any:
    """The FastAPI application over the store at ``store`` (``var/store`` or a build directory).

    Its lifespan starts and stops the query workers (and the task that serves new builds), unless
    ``state`` is given (then whoever made the state runs its engine: ``edzkg serve`` answers queries
    before this app is built). ``app.state.info`` is the metadata of the build a request runs on.
    """
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    settings = settings or Settings(store=Path(store), base_iri=base_iri, **options)
    own_engine = state is None
    state = state or build_state(settings)
    engine = state.engine

    @asynccontextmanager
    async def lifespan(app: Any):
        if own_engine:
            await state.start()
        try:
            yield
        finally:
            if own_engine:
                await state.close()

    app = _fastapi_app_class()(title="edzkg", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state = _site_state_class()()  # its ``info`` follows the build being served
    app.state.engine = engine
    app.state.settings = settings
    app.state.endpoint = state
    app.edzkg_state = state
    for path, endpoint in endpoints(state).items():
        app.endpoints[path] = endpoint
        app.router.routes.append(Route(path, endpoint, methods=None))  # for url_for and listings
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["*"], expose_headers=["ETag", "Last-Modified", "Content-Encoding"], max_age=86400,
    )
    try:
        from .linkeddata import router as ld_router
    except ImportError:
        pass
    else:
        app.include_router(ld_router)
    return app


def settings_from_args(a: argparse.Namespace) -> Settings:
    fields: dict[str, Any] = {"store": Path(a.store), "base_iri": a.base_iri}
    for name in ("workers", "timeout", "max_rows", "max_request_bytes", "cache_bytes", "worker_memory"):
        value = getattr(a, name, None)
        if value is not None:
            fields[name] = value
    fields["allow_updates"] = bool(getattr(a, "allow_updates", False))
    fields["token"] = getattr(a, "token", None) or os.environ.get("EDZKG_TOKEN") or None
    return Settings(**fields)


def run(a: argparse.Namespace) -> int:
    """``edzkg serve``: one HTTP process, or several forked ones sharing the listening socket
    (each with its own query workers and cache; forked after the imports, so they start fast)."""
    import signal
    import socket

    import uvicorn  # noqa: F401 - imported before forking, shared by the children

    settings = settings_from_args(a)
    started = time.monotonic()
    processes = getattr(a, "processes", None) or (1 if settings.allow_updates else min(2, os.cpu_count() or 1))
    if settings.allow_updates and processes > 1:
        raise store_mod.StoreError("--allow-updates needs a single process (--processes 1): "
                                   "the store is opened read-write in one place")
    settings = dataclasses.replace(settings, processes=processes)
    if not getattr(settings, "backend", None):
        store_mod.resolve(settings.store)  # fail now on a missing store
    host = f"[{a.host}]" if ":" in a.host else a.host
    url = f"http://{host}:{a.port}/"
    mode = ("updates enabled" + (" (bearer token)" if settings.token else "")) if settings.allow_updates \
        else "read-only"
    sock = socket.socket(socket.AF_INET6 if ":" in a.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((a.host, a.port))
    except OSError as e:
        raise store_mod.StoreError(f"cannot listen on {a.host}:{a.port}: {e.strerror or e}") from None
    sock.listen(2048)
    sock.set_inheritable(True)

    workers = 1 if settings.allow_updates else settings.workers

    def announce(n: int) -> None:
        print(f"edzkg: serving {url} — SPARQL endpoint {url}sparql ({mode}, {n} HTTP process{'es' if n > 1 else ''}"
              f" × {workers} query worker{'s' if workers > 1 else ''}, "
              f"ready in {time.monotonic() - started:.1f} s)", flush=True)

    if processes == 1:
        serve_process(settings, sock, lambda: announce(1))  # returns when the server stops
        return 0
    ready_r, ready_w = os.pipe()
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # a child: serve until told to stop
            os.close(ready_r)
            die_with_parent(signal.SIGTERM)
            code = 0
            try:
                serve_process(settings, sock, lambda: os.write(ready_w, b"1"))
            except BaseException:  # noqa: BLE001 - the child must not return into the parent's code
                traceback.print_exc()
                code = 1
            os._exit(code)
        children.append(pid)
    os.close(ready_w)
    sock.close()
    return supervise(children, ready_r, processes, lambda: announce(processes))


def serve_process(settings: Settings, sock: Any, on_ready: Callable[[], None]) -> None:
    """One HTTP server process on the listening socket; on_ready() once it answers queries.

    The endpoint answers as soon as the query workers are up; the rest of the site (FastAPI and
    the linked-data pages, slow to import) is built in a background thread meanwhile.
    """
    import uvicorn
    from uvicorn._compat import asyncio_run

    state = build_state(settings)
    dispatcher = Dispatcher(state)

    def build_site() -> None:
        try:
            dispatcher.site = create_app(settings.store, settings.base_iri, settings=settings, state=state)
        except Exception:  # noqa: BLE001 - the endpoint keeps working; the pages answer 503
            traceback.print_exc()
            dispatcher.site_failed = True

    builder = threading.Thread(target=build_site, name="edzkg-site", daemon=True)
    builder.start()
    config = uvicorn.Config(dispatcher, log_level="warning", access_log=False, proxy_headers=True,
                            timeout_keep_alive=30, h11_max_incomplete_event_size=256 * 1024, http=http_protocol())
    server = uvicorn.Server(config)

    async def main() -> None:
        task = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        if server.started:  # listening, query workers up
            on_ready()
        await task

    asyncio_run(main(), loop_factory=config.get_loop_factory())


def http_protocol() -> Any:
    """uvicorn's httptools protocol sending head and body in one write (server.wire), else uvicorn's choice."""
    try:
        from .wire import HttpProtocol
    except ImportError:  # no httptools: uvicorn falls back to h11
        return "auto"
    return HttpProtocol


def supervise(children: list[int], ready_r: int, processes: int, announce: Callable[[], None]) -> int:
    """Wait for the forked servers: announce when all answer, pass on SIGINT/SIGTERM, reap them."""
    import signal

    def forward(signum: int, _frame: Any) -> None:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    ready = 0
    while ready < processes:
        try:
            data = os.read(ready_r, processes - ready)
        except InterruptedError:
            continue
        if not data:  # every child closed its end: they died before answering
            break
        ready += len(data)
    os.close(ready_r)
    if ready == processes:
        announce()
    code = 0
    for pid in children:
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
            except ChildProcessError:
                status = 0
                break
        if os.waitstatus_to_exitcode(status) not in (0, -signal.SIGTERM):
            code = 2
    return code
