"""A small demo store for the workbench: a few short reports written for sitroom (not taken from any
corpus), annotated by hand so that every view has something to show even before the extraction
stages are complete, plus, when given, the sample corpus read by the real pipeline.

    python3 -m sitroom.web.demo demo.db [examples/sample_corpus/briefs.jsonl]

Also used by the tests and by scripts/screenshots.py; `serve(db)` runs the app on a free port in a thread.
"""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path
from typing import Optional

from ..records import Counts, Document, Entity, Event, Place, Quote, Speaker, Trigger, When, stable_id

# Places used by the demo reports: name -> (country ISO-2, admin1, lat, lon).
PLACES = {
    "Mosul": ("IQ", "Nineveh", 36.34, 43.13), "Baghdad": ("IQ", "Baghdad", 33.34, 44.40),
    "Aleppo": ("SY", "Aleppo", 36.20, 37.16), "Kharkiv": ("UA", "Kharkiv", 49.99, 36.23),
    "Khartoum": ("SD", "Khartoum", 15.55, 32.53), "Mogadishu": ("SO", "Banaadir", 2.04, 45.34),
    "Bamako": ("ML", "Bamako", 12.65, -8.0), "Kabul": ("AF", "Kabul", 34.53, 69.17),
}
ACTORS = {  # canonical name -> (country ISO-3, agent)
    "Iraqi army": ("IRQ", "MIL"), "Islamic State": (None, "REB"), "Syrian government": ("SYR", "GOV"),
    "Syrian rebels": ("SYR", "REB"), "Russian forces": ("RUS", "MIL"), "Ukrainian army": ("UKR", "MIL"),
    "Rapid Support Forces": ("SDN", "REB"), "Sudanese army": ("SDN", "MIL"), "United Nations": (None, "IGO"),
    "al-Shabab": ("SOM", "REB"), "Somali police": ("SOM", "COP"), "protesters": (None, "CVL"),
    "Malian junta": ("MLI", "GOV"), "Taliban": ("AFG", "GOV"), "aid groups": (None, "NGO"),
    "journalists": (None, "MED"),
}

# (doc_id, title, source, published, text, events, quotes)
# event: (sentence fragment, type, trigger, actor, recipient, place, date text, date ISO, killed, status, mode)
REPORTS = [
    ("demo-mosul", "Troops push into old city", "Demo Wire", "2017-07-03",
     "MOSUL, Iraq - The Iraqi army attacked Islamic State positions in the old city of Mosul on Sunday, "
     "killing at least 14 militants, officers said. Islamic State fighters shelled a nearby district in "
     "response. \"We will finish this within days,\" said Colonel Ahmed Karim, a brigade commander. "
     "The United Nations urged both sides to let civilians leave Mosul.",
     [("The Iraqi army attacked", "ASSAULT", "attacked", "Iraqi army", "Islamic State", "Mosul", "Sunday",
       "2017-07-02", 14, "asserted", ["aerial"]),
      ("Islamic State fighters shelled", "ASSAULT", "shelled", "Islamic State", None, "Mosul", None, None, None,
       "asserted", ["firearms"]),
      ("The United Nations urged", "REQUEST", "urged", "United Nations", "Iraqi army", "Mosul", None, None, None,
       "asserted", [])],
     [("We will finish this within days,", "Colonel Ahmed Karim", "said")]),
    ("demo-aleppo", "Talks on a truce stall", "Demo Wire", "2017-08-14",
     "ALEPPO, Syria - Envoys of the Syrian government met Syrian rebels in Aleppo on Monday to discuss a "
     "local truce. The rebels accused the government of shelling a market the week before. "
     "\"There can be no talks under fire,\" a rebel spokesman said. The government denied the charge.",
     [("Envoys of the Syrian government met", "CONSULT", "met", "Syrian government", "Syrian rebels", "Aleppo",
       "Monday", "2017-08-14", None, "asserted", []),
      ("The rebels accused", "ACCUSE", "accused", "Syrian rebels", "Syrian government", "Aleppo", None, None,
       None, "asserted", []),
      ("The government denied", "REJECT", "denied", "Syrian government", "Syrian rebels", None, None, None, None,
       "asserted", [])],
     [("There can be no talks under fire,", "a rebel spokesman", "said")]),
    ("demo-kharkiv", "Strikes hit power station", "Demo Wire", "2022-10-11",
     "KHARKIV, Ukraine - Russian forces struck a power station in Kharkiv on Tuesday, cutting electricity "
     "to thousands of homes. The Ukrainian army said it would retake two villages east of the city. "
     "Officials reported three people killed and nine wounded.",
     [("Russian forces struck", "ASSAULT", "struck", "Russian forces", "Ukrainian army", "Kharkiv", "Tuesday",
       "2022-10-11", 3, "asserted", ["aerial"]),
      ("The Ukrainian army said it would retake", "COERCE", "retake", "Ukrainian army", "Russian forces",
       "Kharkiv", None, None, None, "future", [])],
     []),
    ("demo-khartoum", "Fighting spreads in capital", "Demo Wire", "2023-04-17",
     "KHARTOUM, Sudan - The Sudanese army and the Rapid Support Forces fought for a third day in Khartoum, "
     "where at least 56 civilians have died since Saturday. The United Nations called for a ceasefire and "
     "aid groups sent medical supplies. \"The hospitals are full,\" said Dr. Salma Idris, a surgeon.",
     [("The Sudanese army and the Rapid Support Forces fought", "ASSAULT", "fought", "Sudanese army",
       "Rapid Support Forces", "Khartoum", "Saturday", "2023-04-15", 56, "asserted", ["firearms"]),
      ("The United Nations called for a ceasefire", "REQUEST", "called for", "United Nations", "Sudanese army",
       "Khartoum", None, None, None, "asserted", []),
      ("aid groups sent medical supplies", "AID", "sent", "aid groups", "Sudanese army", "Khartoum", None, None,
       None, "asserted", [])],
     [("The hospitals are full,", "Dr. Salma Idris", "said")]),
    ("demo-mogadishu", "Blast near checkpoint", "Demo Wire", "2023-05-02",
     "MOGADISHU, Somalia - A car bomb claimed by al-Shabab exploded at a police checkpoint in Mogadishu on "
     "Tuesday, killing seven officers. Somali police did not arrest anyone. Hundreds of protesters "
     "marched in the capital the next day.",
     [("A car bomb claimed by al-Shabab exploded", "ASSAULT", "exploded", "al-Shabab", "Somali police",
       "Mogadishu", "Tuesday", "2023-05-02", 7, "asserted", ["bombing"]),
      ("Somali police did not arrest", "COERCE", "arrest", "Somali police", None, "Mogadishu", None, None, None,
       "negated", ["arrest"]),
      ("Hundreds of protesters marched", "PROTEST", "marched", "protesters", "Somali police", "Mogadishu",
       "the next day", "2023-05-03", None, "asserted", ["demonstrate"])],
     []),
    ("demo-bamako", "Junta may expel envoys", "Demo Wire", "2023-06-20",
     "BAMAKO, Mali - The Malian junta could expel foreign envoys if sanctions are imposed, a minister "
     "warned on Monday. \"We will defend our sovereignty,\" the minister said.",
     [("The Malian junta could expel", "SANCTION", "expel", "Malian junta", "United Nations", "Bamako",
       "Monday", "2023-06-19", None, "hypothetical", [])],
     [("We will defend our sovereignty,", "the minister", "said")]),
    ("demo-markup", "A report whose text carries markup", "Demo Wire", "2023-07-01",
     "KABUL - The Taliban detained two journalists in Kabul, a rights group said. "
     "A page quoted in the report contained <script>alert(1)</script> and <b>bold</b> tags and "
     "<img src=x onerror=alert(2)>, which must show as plain text.",
     [("The Taliban detained", "COERCE", "detained", "Taliban", "journalists", "Kabul", None, None, None,
       "asserted", ["arrest"])],
     []),
]


def _span_of(text: str, fragment: str, start: int = 0) -> list:
    i = text.index(fragment, start)
    return [i, i + len(fragment)]


def _sentence_span(text: str, i: int) -> list:
    """The sentence around offset i (ends at '. ' or the text end)."""
    s = max(text.rfind(". ", 0, i), text.rfind(".\" ", 0, i))
    s = 0 if s < 0 else s + (3 if text[s:s + 3] == ".\" " else 2)
    e = text.find(". ", i)
    return [s, len(text) if e < 0 else e + 1]


def _entity(text: str, name: Optional[str], near: list) -> list:
    if not name:
        return []
    country, agent = ACTORS[name]
    i = text.find(name if name[0].islower() else name.split()[-1], near[0])
    span = [i, i + len(name if name[0].islower() else name.split()[-1])] if 0 <= i < near[1] else None
    return [Entity(text=text[span[0]:span[1]] if span else name, name=name, country=country, agent=agent, span=span)]


def _place(name: str, span=None) -> Place:
    cc, admin1, lat, lon = PLACES[name]
    return Place(text=name, name=name, country=cc, admin1=admin1, lat=lat, lon=lon, feature="PPLA", span=span)


def demo_documents() -> list[Document]:
    docs = []
    for doc_id, title, source, published, text, events, quotes in REPORTS:
        evs, dates, places = [], [], []
        for name in PLACES:
            for i in (m for m in range(len(text)) if text.startswith(name, m)):
                places.append(_place(name, [i, i + len(name)]))
        for n, (frag, etype, trig, actor, recipient, place, dtext, diso, killed, status, mode) in enumerate(events):
            fs = _span_of(text, frag)
            sent = _sentence_span(text, fs[0])
            when = None
            if dtext:
                ds = _span_of(text, dtext, sent[0])
                when = When(text=dtext, start=diso, end=diso, granularity="day", span=ds)
                dates.append(when)
            loc = None
            if place:
                j = text.find(place, sent[0], sent[1])
                loc = _place(place, [j, j + len(place)] if j >= 0 else None)
            ev = Event(event_type=etype, sentence=text[sent[0]:sent[1]], span=sent, status=status, mode=mode,
                       trigger=Trigger(text=trig, span=_span_of(text, trig, fs[0])),
                       actor=_entity(text, actor, sent), recipient=_entity(text, recipient, sent),
                       location=loc, date=when, counts=Counts(killed=killed), confidence=0.9)
            ev.event_id = stable_id(doc_id, ev.span, etype, n)
            evs.append(ev)
        qs = []
        for n, (quote, speaker, cue) in enumerate(quotes):
            qspan = _span_of(text, quote)
            sp = _span_of(text, speaker, qspan[1])
            qs.append(Quote(quote=quote, span=qspan, direct=True, cue=cue,
                            speaker=Speaker(text=speaker, name=speaker, span=sp),
                            quote_id=stable_id(doc_id, qspan, n)))
        docs.append(Document(doc_id=doc_id, text=text, title=title, source=source, published=published,
                             events=evs, quotes=qs, places=places, dates=dates))
    return docs


def build(path, sample=None) -> Path:
    """Write the demo documents (and, when `sample` exists, the sample corpus through the real pipeline)
    into the store at `path`."""
    from ..store import Store
    path = Path(path)
    with Store(path) as store:
        store.write(demo_documents())
        if sample and Path(sample).exists():
            store.ingest([str(sample)], n_process=1)
        store.fuse()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(db, port: Optional[int] = None, **app_options):
    """Run the workbench over `db` with uvicorn in a background thread; yields its base URL."""
    import uvicorn
    from ..api import create_app
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, **app_options), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    t0 = time.monotonic()
    while not server.started:
        if time.monotonic() - t0 > 20 or not thread.is_alive():
            raise RuntimeError("the workbench server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


if __name__ == "__main__":  # pragma: no cover
    import sys
    out = build(sys.argv[1] if len(sys.argv) > 1 else "demo.db", sys.argv[2] if len(sys.argv) > 2 else None)
    print(out)
