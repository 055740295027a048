#!/usr/bin/env python3
"""p95 latency of each API view over a store of 1,000,000 events, against a 500 ms target.

    python3 benchmarks/store_scale.py [--events 1000000] [--db FILE] [--repeat 7] [--json OUT]

Builds (once, into --db if given: a later run with the same file reuses it) a synthetic store: generated rows,
not the NLP pipeline — 4 events per document (one actor and one recipient each, of 3,000 actors drawn with a
long tail), 16 types, 30 countries, 70% of events dated by the text over 2010-2024 (the rest by publication),
70% located, one quote, place, date and two actor mentions per document, 60-word texts (full-text indexed) —
written with executemany in one transaction into a store made by `Store` (the real schema, migrations, triggers).
Then times each view as the HTTP API computes it, through the real functions of sitroom/query.py and
sitroom/export.py (a page of rows plus its total, facets plus total, ...), unfiltered and with typical filters
(a type, a year, a country, an actor, a map box), --repeat times each, and prints the p95 per view.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitroom import export as _export  # noqa: E402
from sitroom import query as q  # noqa: E402
from sitroom.records import PLOVER_TYPES, QUAD  # noqa: E402
from sitroom.store import Store  # noqa: E402

TARGET_MS = 500
COUNTRIES = ["SY", "IQ", "AF", "YE", "SO", "SD", "SS", "LY", "ML", "NG", "CD", "CF", "UA", "RU", "IL", "PS", "LB",
             "PK", "IN", "MM", "ET", "ER", "KE", "BF", "NE", "TD", "CM", "MZ", "CO", "MX"]
WORDS = ("troops rebels shelling ceasefire talks convoy village border militia airstrike protest police "
         "ministry spokesman offensive refugees aid checkpoint ambush drone election governor army city "
         "province capital negotiations sanctions embassy hostages bombing clashes").split()


def build(path: Path, n_events: int, seed: int = 7) -> float:
    """The synthetic store; returns the seconds it took."""
    rng = random.Random(seed)
    t0 = time.perf_counter()
    store = Store(path)
    conn = store.conn
    conn.execute("PRAGMA cache_size=-1000000")   # 1 GB of page cache while building: the indexes stay in memory
    cols = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in ("events", "documents")}
    has_sort = "sort_date" in cols["events"]
    actors = [(f"Actor {i}", rng.choice(COUNTRIES[:20]) + "X", rng.choice(["MIL", "REB", "GOV", "CVL", "IGO"]))
              for i in range(3000)]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(actors))]
    types = list(PLOVER_TYPES)
    type_w = [1, 2, 1, 1, 2, 1, 1, 1, 2, 1, 1, 3, 1, 2, 3, 8]
    n_docs = n_events // 4
    day = lambda: f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"  # noqa: E731
    conn.execute("BEGIN")
    docs, events, roles, quotes, places, dates, mentions = [], [], [], [], [], [], []

    def flush():
        conn.executemany("INSERT INTO documents(doc_id,title,source,url,published,text,text_hash,origin,n_events,"
                         "n_quotes,added) VALUES (?,?,?,?,?,?,?,?,?,?,?)", docs)
        ecols = ("event_id,doc_id,idx,event_type,quad,mode,context,status,sentence,span_start,span_end,trigger_text,"
                 "trigger_start,trigger_end,date_text,date_start,date_end,date_granularity,location_text,"
                 "location_name,country,admin1,lat,lon,geonameid,feature,killed,injured,size,confidence,date_value"
                 + (",sort_date" if has_sort else ""))
        conn.executemany(f"INSERT INTO events({ecols}) VALUES ({','.join('?' * len(ecols.split(',')))})", events)
        conn.executemany("INSERT INTO event_actors(event_id,doc_id,role,idx,text,name,country,agent,span_start,"
                         "span_end) VALUES (?,?,?,?,?,?,?,?,?,?)", roles)
        conn.executemany("INSERT INTO quotes(quote_id,doc_id,idx,quote,span_start,span_end,direct,speaker_text,"
                         "speaker_name,speaker_title,speaker_affiliation,cue,speaker_country,speaker_agent) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", quotes)
        conn.executemany("INSERT INTO places(doc_id,idx,text,name,country,admin1,lat,lon,geonameid,feature,"
                         "span_start,span_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
        conn.executemany('INSERT INTO dates(doc_id,idx,text,start,"end",granularity,span_start,span_end,value) '
                         'VALUES (?,?,?,?,?,?,?,?,?)', dates)
        conn.executemany("INSERT INTO actors(doc_id,idx,text,name,country,agent,span_start,span_end) "
                         "VALUES (?,?,?,?,?,?,?,?)", mentions)
        for x in (docs, events, roles, quotes, places, dates, mentions):
            x.clear()

    for d in range(n_docs):
        doc_id = f"syn{d:07d}"
        published = day()
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        docs.append((doc_id, f"Report {d}", f"source{d % 40}", f"https://example.org/{d}", published, text,
                     f"h{d}", f"synthetic:{d}", 4, 1, "2026-01-01T00:00:00"))
        for i in range(4):
            eid = f"{doc_id}e{i}"
            t = rng.choices(types, type_w)[0]
            dated = rng.random() < 0.7
            start = day() if dated else None
            located = rng.random() < 0.7
            country = rng.choice(COUNTRIES) if located else None
            lat, lon = (rng.uniform(-30, 50), rng.uniform(-20, 100)) if located else (None, None)
            row = (eid, doc_id, i, t, QUAD[t], '["aerial"]' if t == "ASSAULT" and rng.random() < .3 else "[]", "[]",
                   rng.choices(["asserted", "future", "hypothetical", "negated"], [85, 7, 5, 3])[0],
                   text[:120], 0, 120, "struck", 10, 16, "on Monday" if dated else None, start, start,
                   "day" if dated else None, f"Town {rng.randrange(5000)}" if located else None,
                   f"Town {rng.randrange(5000)}" if located else None, country, "Province" if located else None,
                   lat, lon, rng.randrange(10 ** 6) if located else None, rng.choice(["PPL", "ADM1", "PCLI"])
                   if located else None, rng.choice([None, 0, 1, 2, 5, 12]), None, None, 0.8, start)
            events.append(row + ((start or published,) if has_sort else ()))
            a, r = rng.choices(actors, weights, k=2)
            roles.append((eid, doc_id, "actor", 0, a[0].lower(), a[0], a[1], a[2], 0, 5))
            roles.append((eid, doc_id, "recipient", 0, r[0].lower(), r[0], r[1], r[2], 6, 10))
        s = rng.choices(actors, weights)[0]
        quotes.append((f"{doc_id}q0", doc_id, 0, text[:80], 0, 80, 1, "the spokesman", f"Speaker {d % 2000}",
                       "spokesman", s[0], "said", s[1], s[2]))
        places.append((doc_id, 0, "Town", f"Town {d % 5000}", "SY", "Province", 35.0, 38.0, d % 5000, "PPL", 0, 4))
        dates.append((doc_id, 0, "Monday", published, published, "day", 0, 6, published))
        mentions += [(doc_id, k, "x", rng.choices(actors, weights)[0][0], "SYR", "MIL", 0, 1) for k in range(2)]
        if len(docs) >= 5000:
            flush()
    flush()
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    store.close()
    return time.perf_counter() - t0


def views(conn) -> dict:
    """Each API view as the API computes it (sitroom/api.py): name -> list of (variant, callable)."""
    F = q.EventFilter
    filters = {"all": {}, "type": {"type": "PROTEST"}, "year": {"date_from": "2019-01-01", "date_to": "2019-12-31"},
               "country": {"country": "YE"}, "actor": {"actor": "actor 17"},
               "box": {"bbox": "30,20,45,35"}}

    def page(kw, **extra):
        f = F(**kw, sort="date", descending=True, limit=100, **extra)
        return lambda: (q.events(conn, f), q.count_events(conn, F(**kw)))

    def first_block(kw):
        def run():
            it = _export.stream(conn, "csv", F(**kw, limit=None))
            next(it)   # the header and the first block of rows
            it.close()
        return run

    return {
        "events page (newest first, with total)": [(k, page(v)) for k, v in filters.items()],
        "events page 100 (offset 9,900)": [(k, page(v, offset=9900)) for k, v in filters.items() if k != "actor"],
        "facets (with total)": [(k, (lambda v: lambda: (q.facets(conn, F(**v)), q.count_events(conn, F(**v))))(v))
                                for k, v in filters.items()],
        "timeline (month)": [(k, (lambda v: lambda: q.timeline(conn, F(**v)))(v)) for k, v in filters.items()],
        "map clusters": [(f"{k} z{z}", (lambda v, z: lambda: q.clusters(conn, F(**v), zoom=z))(v, z))
                         for k, v in filters.items() for z in (2, 6) if k != "actor" or z == 2],
        "network (300 edges)": [(k, (lambda v: lambda: q.network(conn, F(**v), limit=300))(v))
                                for k, v in filters.items()],
        "actors (page, with total)": [("all", lambda: (q.actors(conn, limit=100), q.count_actors(conn)))],
        "quotes (page, with total)": [
            ("all", lambda: (q.quotes(conn, limit=100), q.count_quotes(conn))),
            ("speaker", lambda: (q.quotes(conn, speaker="speaker 123", limit=100),
                                 q.count_quotes(conn, speaker="speaker 123"))),
            ("words", lambda: (q.quotes(conn, text="ceasefire talks", limit=100),
                               q.count_quotes(conn, text="ceasefire talks")))],
        "search (page, with total)": [(w, (lambda w: lambda: (q.search(conn, w, limit=20), q.count_search(conn, w)))(w))
                                      for w in ("hostages embassy", "drone")],
        "summary": [("all", lambda: q.summary(conn))],
        "export: first block (csv)": [(k, first_block(v)) for k, v in filters.items()],
    }


def p95(xs: list) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", help="store file (built if missing; default: a temporary one)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--only", help="only the views whose name contains this")
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory()
    path = Path(a.db) if a.db else Path(tmp.name) / "scale.db"
    if not path.exists():
        secs = build(path, a.events)
        print(f"built {path}: {a.events:,} events in {secs:.0f} s, {path.stat().st_size / 1e9:.2f} GB")
    Store(path).close()   # migrated to this checkout's schema if it was built by an older one
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    n = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"{n:,} events; p95 of {a.repeat} runs of each variant; load average {os.getloadavg()[0]:.2f}")
    out, worst = {}, 0.0
    for name, variants in views(conn).items():
        if a.only and a.only not in name:
            continue
        times, per = [], {}
        for variant, fn in variants:
            fn()   # the first run warms the page cache, as a served store is warm
            ts = []
            for _ in range(a.repeat):
                t = time.perf_counter()
                fn()
                ts.append(1000 * (time.perf_counter() - t))
            per[variant] = round(statistics.median(ts), 1)
            times += ts
        v = p95(times)
        worst = max(worst, v)
        out[name] = {"p95_ms": round(v, 1), "median_ms_by_variant": per}
        mark = "ok " if v <= TARGET_MS else "SLOW"
        print(f"  {mark} {name:<40} p95 {v:8.1f} ms   medians: " + ", ".join(f"{k} {x:.0f}" for k, x in per.items()),
              flush=True)
    print(f"worst p95 {worst:.0f} ms (target {TARGET_MS} ms); load average {os.getloadavg()[0]:.2f}")
    if a.json:
        Path(a.json).write_text(json.dumps({"events": n, "views": out}, indent=1), encoding="utf-8")
    conn.close()
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
