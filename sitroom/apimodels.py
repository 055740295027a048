"""The bodies of the HTTP API as pydantic models, so that OpenAPI (/openapi.json, /docs) describes every
response. Every list route answers one envelope, `Page[T]`: `{items, total, next}`, where `total` counts
everything that matches and `next` is the URL of the next page (None on the last one).

    from sitroom.apimodels import Page, page
    @app.get("/api/things", response_model=Page[Thing])
    def things(request: Request, limit: int = 100, offset: int = 0):
        return page(request, rows, total, limit, offset)
"""
from __future__ import annotations

from typing import Dict, Generic, List, Optional, TypeVar

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
    incident_id: Optional[str] = Field(None, description="The incident this event reports (after `sitroom fuse`).")
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


class FigureSpread(BaseModel):
    """One figure of an incident: the least and the most its reports give, and the values of each source.
    Cumulative tolls (a war's dead, "since 2011") are listed under `cumulative` and never enter min or max."""
    min: Optional[int] = None
    max: Optional[int] = None
    by_source: Dict[str, List[int]] = {}
    cumulative: Dict[str, List[int]] = {}


class IncidentRow(BaseModel):
    """One incident: the reports of one real-world event fused across documents (sitroom.fuse)."""
    incident_id: str
    mentions: int = Field(..., description="Event mentions of the incident, in all documents.")
    n_documents: int
    n_sources: int = Field(..., description="Distinct sources (outlets) that report it.")
    first_report: Optional[str] = None
    last_report: Optional[str] = None
    event_type: str = Field(..., description="The consensus PLOVER type (the most common among mentions).")
    quad: Optional[str] = None
    status: Optional[str] = None
    actors: List[str] = []
    recipients: List[str] = []
    location: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    date_precision: Optional[str] = Field(None, description="Granularity of the consensus date, or reported.")
    killed_min: Optional[int] = None
    killed_max: Optional[int] = None
    injured_min: Optional[int] = None
    injured_max: Optional[int] = None
    size_min: Optional[int] = None
    size_max: Optional[int] = None
    cumulative: bool = Field(False, description="Every mention gives a cumulative toll (not one incident's).")
    sentence: Optional[str] = Field(None, description="The sentence of its earliest mention.")
    figures: Dict[str, FigureSpread] = {}


class IncidentEvent(EventRow):
    cumulative: bool = Field(False, description="Its toll is cumulative (left out of the incident's figures).")


class IncidentDocument(BaseModel):
    doc_id: str
    title: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    events: List[str]


class Claim(QuoteRow):
    speaker: Optional[str] = None


class IncidentDetail(IncidentRow):
    """An incident with its reports: member events (with sentences), documents, and the quotes about it by
    speaker (claims), so that reports that disagree show side by side."""
    events: List[IncidentEvent]
    documents: List[IncidentDocument]
    claims: List[Claim]

