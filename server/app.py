"""The FastAPI application (first slice: /sparql GET/POST with JSON results)."""

from __future__ import annotations

import argparse
from pathlib import Path

from fastapi import FastAPI, Request, Response

from graph import store as store_mod


def create_app(store: Path, base_iri: str | None = None) -> FastAPI:
    db = store_mod.open_read_only(store)
    info = store_mod.dataset_info(store, db)
    app = FastAPI(title="edzkg", version="0.1.0")
    app.state.info = info

    @app.api_route("/sparql", methods=["GET", "POST"])
    async def sparql(request: Request) -> Response:
        import io

        import pyoxigraph as ox

        q = request.query_params.get("query")
        if q is None and request.method == "POST":
            form = await request.form()
            q = form.get("query")
        if not q:
            return Response("missing query", status_code=400)
        try:
            res = db.query(q, use_default_graph_as_union=True)
        except SyntaxError as e:
            return Response(str(e), status_code=400, media_type="text/plain")
        buf = io.BytesIO()
        if isinstance(res, ox.QueryTriples):
            res.serialize(buf, ox.RdfFormat.TURTLE)
            return Response(buf.getvalue(), media_type="text/turtle")
        res.serialize(buf, ox.QueryResultsFormat.JSON)
        return Response(buf.getvalue(), media_type="application/sparql-results+json")

    from .linkeddata import router

    app.include_router(router)
    return app


def run(a: argparse.Namespace) -> int:
    import uvicorn

    app = create_app(Path(a.store), a.base_iri)
    uvicorn.run(app, host=a.host, port=a.port, log_level="info")
    return 0
