"""The workbench's HTTP API (FastAPI) and the web UI it serves at `/`.

`create_app(db_path)` opens the store read-only; each request gets its own SQLite connection
(connections are not shared across threads) with a progress handler that aborts any query running
longer than `query_timeout` seconds (answered 503). Every parameter is validated and bound; page
sizes are capped at `query.MAX_LIMIT`.
"""
from __future__ import annotations

import sqlite3
import time
from importlib import resources
from pathlib import Path
from typing import Iterator, Literal, Optional

from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from . import apimodels as m
from . import query as q
from .apimodels import Page, page
from .store import Store, StoreError

MAX_OFFSET = 10_000_000
MAX_TEXT = 200  # longest accepted free-text parameter
CODES = r"^[A-Za-z_ ,]{0,200}$"  # comma-separated codes (types, statuses, countries, quads)
DAY = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD
QUERY_TIMEOUT = 2.0


class QueryTimeout(Exception):
    """A query ran past the time limit and was aborted."""


def static_dir() -> Path:
    """The folder of the web UI's static files (package data)."""
    return Path(str(resources.files("sitroom.web") / "static"))


def create_app(db_path, query_timeout: float = QUERY_TIMEOUT) -> FastAPI:
    """The API and the web UI over the store at `db_path`, opened read-only."""
    db_path = Path(db_path)
    Store(db_path, read_only=True).close()  # fail now, not on the first request, when the file is unusable
    app = FastAPI(title="sitroom workbench API", version="1", docs_url=None, redoc_url=None,
                  description="Events, quotes, places, dates and actors read from news reports (read-only). "
                              "Every list answers `{items, total, next}`; exports stream the whole selection.")
    app.state.db_path = db_path

    def conn() -> Iterator[sqlite3.Connection]:
        try:
            store = Store(db_path, read_only=True)
        except StoreError as exc:
            raise HTTPException(503, f"store unavailable: {exc}") from exc
        deadline = time.monotonic() + query_timeout
        store.conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 2000)
        try:
            yield store.conn
        finally:
            store.close()

    @app.exception_handler(QueryTimeout)
    async def _timeout(request: Request, exc: QueryTimeout):
        return JSONResponse({"detail": f"query took longer than {query_timeout:g} s and was stopped; "
                                       "narrow the filters or lower the limit"}, status_code=503)

    @app.exception_handler(sqlite3.OperationalError)
    async def _operational(request: Request, exc: sqlite3.OperationalError):
        if "interrupt" in str(exc):
            return await _timeout(request, QueryTimeout())
        return JSONResponse({"detail": f"query failed: {exc}"}, status_code=400)

    @app.exception_handler(q.FilterError)
    async def _bad_filter(request: Request, exc: q.FilterError):
        return JSONResponse({"detail": [{"loc": ["query", exc.field], "msg": str(exc)}]}, status_code=422)

    _routes(app, conn)
    _docs(app)
    app.mount("/", StaticFiles(directory=static_dir(), html=True), name="web")
    return app


SWAGGER = "vendor/swagger-ui"  # swagger-ui-dist from npm, copied by scripts/build_web.sh


def _docs(app: FastAPI):
    """/docs: Swagger UI from the package's own files (works offline; no CDN)."""
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if not (static_dir() / SWAGGER / "swagger-ui-bundle.js").exists():
            return HTMLResponse("<!doctype html><title>API docs</title><p>Swagger UI is not installed: run "
                                "<code>make web</code> (scripts/build_web.sh). The schema is at "
                                "<a href=\"openapi.json\">openapi.json</a>.</p>", status_code=503)
        return get_swagger_ui_html(openapi_url="openapi.json", title="sitroom API",
                                   swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{SWAGGER}/swagger-ui.css",
                                   swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png")


TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"  # free text without NUL or control characters


def _text(desc: str):
    return Query(None, max_length=MAX_TEXT, pattern=TEXT, description=desc)


def event_filter(
        type: Optional[str] = Query(None, pattern=CODES, description="PLOVER types, comma-separated (ASSAULT,PROTEST)."),
        mode: Optional[str] = _text("PLOVER mode."),
        status: Optional[str] = Query(None, pattern=CODES, description="asserted, future, hypothetical, negated."),
        actor: Optional[str] = _text("Actor name or text (substring)."),
        recipient: Optional[str] = _text("Recipient name or text (substring)."),
        country: Optional[str] = Query(None, pattern=CODES, description="ISO-2 of the place or ISO-3 of an actor."),
        place: Optional[str] = _text("Place name (substring)."),
        date_from: Optional[str] = Query(None, pattern=DAY, description="Events on or after (YYYY[-MM[-DD]])."),
        date_to: Optional[str] = Query(None, pattern=DAY, description="Events on or before (YYYY[-MM[-DD]])."),
        text: Optional[str] = _text("Words in the sentence (substring)."),
        doc_id: Optional[str] = _text("Only events of this document."),
        quad: Optional[str] = Query(None, pattern=r"^[a-z ,]{0,200}$", description="Quad categories, comma-separated."),
        bbox: Optional[str] = Query(None, pattern=r"^[-0-9., ]{0,120}$",
                                    description="west,south,east,north in degrees: located events inside."),
        incident_id: Optional[str] = _text("Only events of this incident (sitroom fuse)."),
) -> q.EventFilter:
    f = q.EventFilter(type=type, mode=mode, status=status, actor=actor, recipient=recipient, country=country,
                      place=place, date_from=date_from, date_to=date_to, text=text, doc_id=doc_id, quad=quad,
                      bbox=bbox, incident_id=incident_id, limit=None)
    if bbox:
        q.parse_bbox(bbox)
    return f


def _routes(app: FastAPI, conn):
    Conn = Depends(conn)
    Filter = Depends(event_filter)
    limit_q = lambda default=100: Query(default, ge=1, le=q.MAX_LIMIT, description="Page size.")  # noqa: E731
    offset_q = Query(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")

    @app.get("/api/summary", tags=["store"], response_model=m.Summary)
    def summary(c=Conn):
        """What the store holds: counts, events by type and status, top actors, events by month."""
        return q.summary(c)

    @app.get("/api/documents", tags=["documents"], response_model=Page[m.DocumentRow])
    def documents(request: Request, c=Conn, text: Optional[str] = _text("Words in the title or text (full-text)."),
                  limit: int = limit_q(), offset: int = offset_q):
        """Stored documents, newest first, with their numbers of events and quotes."""
        cols = "d.doc_id, d.title, d.source, d.url, d.published, d.n_events, d.n_quotes"
        if text:
            where, params = " WHERE d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)", \
                [q.fts_query(text)]
        else:
            where, params = "", []
        total = c.execute(f"SELECT count(*) FROM documents d{where}", params).fetchone()[0]
        rows = c.execute(f"SELECT {cols} FROM documents d{where} ORDER BY d.published DESC, d.doc_id "
                         "LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
        return page(request, [dict(r) for r in rows], total, limit, offset)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def document(doc_id: str = PathParam(..., max_length=MAX_TEXT, pattern=TEXT), c=Conn):
        """One document of the contract: its text with events, quotes, places, dates and actors as spans."""
        doc = q.load_document(c, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return doc.as_dict()

    @app.get("/api/events", tags=["events"], response_model=Page[m.EventRow],
             responses={200: {"content": {"text/csv": {}}}})
    def events(request: Request, f: q.EventFilter = Filter, c=Conn,
               sort: Literal[tuple(q.SORTS)] = Query("date", description="Sort key."),
               descending: bool = Query(False, description="Largest (newest) first."),
               limit: int = limit_q(), offset: int = offset_q,
               format: Literal["json", "csv"] = Query("json", description="json (a page with total) or csv.")):
        """Events matching the filters, one flat row each, a page at a time (the whole selection: /api/export)."""
        f.sort, f.descending, f.limit, f.offset = sort, descending, limit, offset
        rows = q.events(c, f)
        if format == "csv":
            from .export import csv_text
            return Response(csv_text(rows), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="events.csv"'})
        return page(request, rows, q.count_events(c, f), limit, offset)

    @app.get("/api/export", tags=["events"], responses={200: {"content": {
        "text/csv": {}, "application/x-ndjson": {}, "application/geo+json": {}}}})
    def export(f: q.EventFilter = Filter,
               format: Literal["csv", "jsonl", "geojson"] = Query("csv", description="csv, jsonl or geojson."),
               profile: Literal["sitroom", "acled"] = Query("sitroom", description="Columns: sitroom or acled.")):
        """Every event matching the filters (no cap), streamed: CSV or JSON Lines rows in the profile's columns,
        or located events as GeoJSON."""
        from .export import stream
        store = Store(db_path_of(app), read_only=True)   # held open while the body streams

        def body():
            try:
                yield from stream(store.conn, format, f, profile)
            finally:
                store.close()
        media = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
                 "geojson": "application/geo+json"}[format]
        name = f"events{'-acled' if profile == 'acled' else ''}.{format}"
        return StreamingResponse(body(), media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/api/events/facets", tags=["events"], response_model=m.Facets)
    def facets(f: q.EventFilter = Filter, c=Conn, limit: int = Query(20, ge=1, le=200)):
        """Counts by type, status, quad, actor and country among the matching events."""
        return q.facets(c, f, limit=limit) | {"total": q.count_events(c, f)}

    @app.get("/api/actors", tags=["actors"], response_model=Page[m.ActorRow])
    def actors(request: Request, c=Conn, limit: int = limit_q(), offset: int = offset_q):
        """Actors of events with their counts as actor and as recipient, most events first."""
        return page(request, q.actors(c, limit=limit, offset=offset), q.count_actors(c), limit, offset)

    @app.get("/api/network", tags=["actors"], response_model=m.Network)
    def network(f: q.EventFilter = Filter, c=Conn, limit: int = Query(300, ge=1, le=q.MAX_LIMIT)):
        """Who acts on whom: actor -> recipient edges weighted by events, coloured by quad category; the
        `limit` heaviest of `total_edges`."""
        return q.network(c, f, limit=limit)

    @app.get("/api/places", tags=["places"], responses={200: {"content": {"application/geo+json": {}}}})
    def places(f: q.EventFilter = Filter, c=Conn,
               limit: Optional[int] = Query(None, ge=1, le=MAX_OFFSET,
                                            description="At most this many events (default: all).")):
        """Located events matching the filters as a GeoJSON FeatureCollection (all of them unless `limit`)."""
        f.limit = limit
        return JSONResponse(q.places_geojson(c, f), media_type="application/geo+json")

    @app.get("/api/map/clusters", tags=["places"], response_model=m.Clusters)
    def clusters(f: q.EventFilter = Filter, c=Conn,
                 zoom: int = Query(2, ge=0, le=20, description="Map zoom: the grid cell is 45 / 2^zoom degrees.")):
        """Every located event matching the filters, counted on a grid by zoom (server-side clustering)."""
        return q.clusters(c, f, zoom=zoom)

    @app.get("/api/quotes", tags=["quotes"], response_model=Page[m.QuoteRow])
    def quotes(request: Request, c=Conn, speaker: Optional[str] = _text("Speaker name (substring)."),
               text: Optional[str] = _text("Words in the quote."), doc_id: Optional[str] = _text("Document."),
               limit: int = limit_q(), offset: int = offset_q):
        """Quotes with their speakers, by speaker or words, newest document first."""
        rows = q.quotes(c, speaker=speaker, text=text, doc_id=doc_id, limit=limit, offset=offset)
        return page(request, rows, q.count_quotes(c, speaker=speaker, text=text, doc_id=doc_id), limit, offset)

    @app.get("/api/timeline", tags=["events"], response_model=Page[m.TimelineBucket])
    def timeline(request: Request, f: q.EventFilter = Filter, c=Conn,
                 bucket: Literal["day", "week", "month", "year"] = Query("month", description="Period.")):
        """Event counts by period and type (the event's day: the text's date, else the publication date,
        counted in `reported`). One page holds every bucket."""
        rows = q.timeline(c, f, bucket=bucket)
        return page(request, rows, len(rows))

    @app.get("/api/incidents", tags=["incidents"], response_model=Page[m.IncidentRow])
    def incidents(request: Request, f: q.EventFilter = Filter, c=Conn,
                  min_mentions: int = Query(2, ge=1, le=1_000_000, description="At least this many mentions."),
                  min_sources: int = Query(1, ge=1, le=1_000_000, description="At least this many sources."),
                  sort: Literal[tuple(q.INCIDENT_SORTS)] = Query("mentions", description="Sort key."),
                  descending: bool = Query(True, description="Largest (newest) first."),
                  limit: int = limit_q(), offset: int = offset_q):
        """Incidents (sitroom fuse): the reports of one event fused across documents, with a member event matching
        the event filters; figures per source, min and max (cumulative tolls apart)."""
        g = q.IncidentFilter(**{k: v for k, v in vars(f).items() if k not in ("sort", "descending", "limit",
                                                                               "offset")},
                             min_mentions=min_mentions, min_sources=min_sources, sort=sort, descending=descending,
                             limit=limit, offset=offset)
        return page(request, q.incidents(c, g), q.count_incidents(c, g), limit, offset)

    @app.get("/api/incidents/{incident_id}", tags=["incidents"], response_model=m.IncidentDetail)
    def incident(incident_id: str = PathParam(..., max_length=MAX_TEXT, pattern=TEXT), c=Conn):
        """One incident: its events with their sentences, the documents that report it, figures per source, and
        the quotes about it by speaker (claims)."""
        out = q.incident(c, incident_id)
        if out is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        return out

    @app.get("/api/search", tags=["documents"], response_model=Page[m.SearchHit])
    def search(request: Request,
               q_: str = Query(..., alias="q", min_length=1, max_length=MAX_TEXT, pattern=TEXT, description="Words to find."),
               c=Conn, limit: int = Query(20, ge=1, le=q.MAX_LIMIT), offset: int = offset_q):
        """Full-text search over documents, best first, with a snippet."""
        return page(request, q.search(c, q_, limit=limit, offset=offset), q.count_search(c, q_), limit, offset)


def db_path_of(app: FastAPI) -> Path:
    return app.state.db_path
