"""The bodies of the HTTP API as pydantic models, so that OpenAPI (/openapi.json, /docs) describes every
response. Every list route answers one envelope, `Page[T]`: `{items, total, next}`, where `total` counts
everything that matches and `next` is the URL of the next page (None on the last one).

    from sitroom.apimodels import Page, page
    @app.get("/api/things", response_model=Page[Thing])
    def things(request: Request, limit: int = 100, offset: int = 0):
        return page(request, rows, total, limit, offset)
"""
from __future__ import annotations

from typing import Generic, List, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of a list: the items, how many match in all, and the URL of the next page (None: last page)."""
    items: List[T]
    total: int = Field(..., description="Everything that matches the request, on all pages.")
    next: Optional[str] = Field(None, description="URL of the next page; null on the last one.")


def page(request, items: list, total: int, limit: Optional[int] = None, offset: int = 0) -> dict:
    """The envelope of one page; `next` keeps the request's parameters and moves `offset` on by `limit`."""
    nxt = None
    if limit is not None and offset + len(items) < total and items:
        nxt = str(request.url.include_query_params(offset=offset + len(items), limit=limit))
    return {"items": items, "total": total, "next": nxt}


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorRef(_Open):
    text: Optional[str] = None
    name: Optional[str] = None
    country: Optional[str] = None
    agent: Optional[str] = None
    span_start: Optional[int] = None
    span_end: Optional[int] = None


class EventRow(BaseModel):
    """One event as a flat row (the CSV export's columns) with its actors and recipients as lists."""
    event_id: str
    date: Optional[str] = Field(None, description="The text's date of the event, else the publication date.")
    date_end: Optional[str] = None
    date_precision: Optional[str] = Field(None, description="Granularity of the text's date (None: not dated).")
    time_precision: Optional[str] = Field(None, description="day, week, month, quarter, year, or reported "
                                                            "(only the publication date dates it).")
    event_type: str
    quad: Optional[str] = None
    mode: str = ""
    context: str = ""
    status: str
    actor: str = ""
    actor_country: str = ""
    actor_agent: str = ""
    recipient: str = ""
    recipient_country: str = ""
    recipient_agent: str = ""
    location: Optional[str] = None
    admin1: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    feature: Optional[str] = Field(None, description="GeoNames feature code of the location.")
    geo_precision: Optional[str] = Field(None, description="place, admin2, admin1 or country (a centroid).")
    killed: Optional[int] = None
    injured: Optional[int] = None
    size: Optional[int] = None
    trigger: Optional[str] = None
    sentence: str
    span_start: Optional[int] = None
    span_end: Optional[int] = None
    confidence: Optional[float] = None
    doc_id: str
    title: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    actors: List[ActorRef] = []
    recipients: List[ActorRef] = []


class DocumentRow(BaseModel):
    doc_id: str
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    n_events: int
    n_quotes: int


class QuoteRow(BaseModel):
    quote_id: str
    doc_id: str
    idx: int
    quote: str
    span_start: Optional[int] = None
    span_end: Optional[int] = None
    direct: bool
    speaker_text: Optional[str] = None
    speaker_name: Optional[str] = None
    speaker_title: Optional[str] = None
    speaker_affiliation: Optional[str] = None
    cue: Optional[str] = None
    speaker_country: Optional[str] = None
    speaker_agent: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None


class SearchHit(BaseModel):
    doc_id: str
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    snippet: Optional[str] = None


class ActorRow(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = None
    agent: Optional[str] = None
    as_actor: int
    as_recipient: int
    events: int = Field(..., description="Distinct events the actor is in.")


class TimelineBucket(BaseModel):
    period: str
    event_type: str
    n: int
    dated: int = Field(..., description="Events dated by their text.")
    reported: int = Field(..., description="Events dated only by the publication date.")


class Count(BaseModel):
    value: Optional[str] = None
    n: int


class Facets(BaseModel):
    type: List[Count]
    status: List[Count]
    quad: List[Count]
    actor: List[Count]
    country: List[Count]
    total: int


class Node(BaseModel):
    id: str
    weight: int


class Edge(BaseModel):
    source: str
    target: str
    weight: int = Field(..., description="Events with this actor and this recipient.")
    quad: Optional[str] = None
    quads: dict


class Network(BaseModel):
    nodes: List[Node]
    edges: List[Edge]
    total_edges: int = Field(..., description="Edges before the limit: `edges` shows the heaviest of them.")


class Cluster(BaseModel):
    lat: float
    lon: float
    n: int
    places: int
    label: Optional[str] = None
    quad: Optional[str] = None
    bbox: List[float] = Field(..., description="west, south, east, north of the cluster's cell (a bbox filter).")


class Clusters(BaseModel):
    zoom: int
    cell_degrees: float
    clusters: List[Cluster]
    located: int = Field(..., description="Matching events with coordinates (all drawn, in clusters).")
    total: int = Field(..., description="Matching events, with or without coordinates.")


class Summary(_Open):
    documents: int
    events: int
    quotes: int
    places: int
