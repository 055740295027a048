#!/usr/bin/env python3
"""How long fusion takes on a large store: N synthetic events (default 100,000) fused on one core.

    python3 benchmarks/fuse_speed.py [--events N] [--new M] [--db FILE] [--seed S]

Builds (or reuses, with --db) a store of synthetic documents: invented incidents, each told by one to six
reports with its own words, places, actors and tolls plus noise, dated by day, month, year or only by
publication; then times `fuse(store, incremental=False)` (everything), adds documents of M more events
(default 1,000, published over the same three years, so they fall anywhere in the canonical order) and times,
side by side, the incremental fuse of them and a full fuse of the same store, and checks that both give the
same incidents. The target (issue 13) is under 60 s for 100,000 events on one core.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitroom.records import PLOVER_TYPES, Counts, Document, Entity, Event, Place, When  # noqa: E402

SYLLABLES = ["ka", "ro", "mi", "ta", "zu", "le", "no", "vi", "sa", "de", "pu", "ga", "lo", "ne", "ri", "xo"]


def word(rng, n=3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def world(rng):
    countries = ["AA", "BB", "CC", "DD", "EE", "FF"]
    places = [(word(rng).title(), rng.choice(countries), rng.uniform(-30, 50), rng.uniform(-20, 80))
              for _ in range(400)]
    actors = [word(rng, 2).title() + " " + rng.choice(["Army", "Front", "Police", "Party", "Brigade"])
              for _ in range(600)]
    vocab = [word(rng, rng.choice([2, 3, 4])) for _ in range(5000)]
    return places, actors, vocab


def documents(rng, n_events: int, start: int = 0, prefix: str = "syn"):
    places, actors, vocab = world(random.Random(7))
    day0 = dt.date(2019, 1, 1).toordinal()
    docs, made, k = [], 0, start
    while made < n_events:
        # one document: 2-8 events drawn from a few incidents of the same weeks
        pub = day0 + rng.randrange(3 * 365)
        evs = []
        for i in range(rng.randint(2, 8)):
            inc = rng.randrange(max(1, n_events // 3))
            irng = random.Random(inc)
            etype = irng.choice(PLOVER_TYPES)
            place = irng.choice(places)
            who = irng.sample(actors, 2)
            words = irng.sample(vocab, 8) + rng.sample(vocab, 5)
            killed = irng.randint(1, 90) + rng.choice([0, 0, 0, 3]) if etype == "ASSAULT" else None
            sentence = f"{who[0]} " + " ".join(words[:7]) + f" {place[0]} " + " ".join(words[7:]) + "."
            g = rng.random()
            day = dt.date.fromordinal(pub - rng.randrange(4)).isoformat()
            when = (When(text="on the day", start=day, end=day, granularity="day") if g < 0.5 else
                    When(text="this month", start=day[:8] + "01", end=day[:8] + "28", granularity="month")
                    if g < 0.6 else When(text="this year", start=day[:4] + "-01-01", end=day[:4] + "-12-31",
                                         granularity="year") if g < 0.65 else None)
            evs.append(Event(event_type=etype, sentence=sentence, span=[0, len(sentence)], trigger=None,
                             actor=[Entity(text=who[0], name=who[0])], recipient=[Entity(text=who[1], name=who[1])],
                             location=Place(text=place[0], name=place[0], country=place[1], lat=place[2],
                                            lon=place[3], feature="PPL") if rng.random() < 0.7 else None,
                             date=when, counts=Counts(killed=killed), event_id=f"{prefix}{k}-{i}"))
        text = " ".join(e.sentence for e in evs)
        docs.append(Document(doc_id=f"{prefix}{k}", text=text, source=f"outlet-{k % 40}",
                             published=dt.date.fromordinal(pub).isoformat(), events=evs))
        made += len(evs)
        k += 1
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--new", type=int, default=1000, help="events of the documents added before the incremental fuse")
    a = ap.parse_args()
    import sitroom
    from sitroom.fuse import fuse
    db = a.db or Path(tempfile.mkdtemp(prefix="fuse-speed-")) / "speed.db"
    fresh = not db.exists()
    store = sitroom.Store(db)
    rng = random.Random(a.seed)
    if fresh:
        t = time.perf_counter()
        docs = documents(rng, a.events)
        for i in range(0, len(docs), 2000):
            store.write(docs[i:i + 2000])
        print(f"built {db}: {len(docs)} documents, {store.counts()['events']} events, "
              f"{time.perf_counter() - t:.1f} s")
    cpu = time.process_time()
    t = time.perf_counter()
    rep = fuse(store, incremental=False)
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"{rep.summary()}\nall at once: {rep.events} events in {wall:.1f} s wall, {cpu:.1f} s CPU (one core)")
    more = documents(random.Random(a.seed + 1), a.new, start=10 ** 7, prefix="new")
    store.write(more)
    added = sum(len(d.events) for d in more)
    cpu = time.process_time()
    t = time.perf_counter()
    inc = fuse(store)
    inc_wall, inc_cpu = time.perf_counter() - t, time.process_time() - cpu
    assignment = dict(store.conn.execute("SELECT event_id, incident_id FROM events"))
    cpu = time.process_time()
    t = time.perf_counter()
    full = fuse(store, incremental=False)
    full_wall, full_cpu = time.perf_counter() - t, time.process_time() - cpu
    same = assignment == dict(store.conn.execute("SELECT event_id, incident_id FROM events"))
    print(f"{len(more)} new documents ({added} events) into {rep.events} events:\n"
          f"  incremental: {inc_wall:.1f} s wall, {inc_cpu:.1f} s CPU; {inc.summary()}\n"
          f"  full:        {full_wall:.1f} s wall, {full_cpu:.1f} s CPU; {full.summary()}\n"
          f"  same incidents: {'yes' if same else 'NO'}; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if not same:
        raise SystemExit("incremental fusion differs from fusing everything at once")

if __name__ == "__main__":
    main()
