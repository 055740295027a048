#!/usr/bin/env python3
"""Store write time per document as the store grows, from empty to 100,000 documents.

    python3 benchmarks/store_writes.py [--docs 100000] [--batch 32] [--window 1000] [--db FILE]

Writes generated documents (about 1,500 characters of text from a growing vocabulary, 3 events with 2 actors
each, 2 quotes, 3 places, 3 dates, 6 actor mentions: a typical news report's records) through `Store.write`
in transactions of --batch documents, as `sitroom run` does, and prints the mean milliseconds per document
(CPU time of this process, which other processes on the machine do not inflate, and wall time) of each window
of --window documents at 0, 10k, 25k, 50k, 75k and 100k documents stored, then the ratio of the last window to
the first. Flat means O(1) writes: every lookup a write makes is indexed, a new document
costs no delete work, and the FTS tables are external-content ones kept by triggers.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitroom.records import Counts, Document, Entity, Event, Place, Quote, Speaker, When  # noqa: E402
from sitroom.store import Store  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ran", "te", "su", "bor", "vi", "da", "nek", "os", "ul", "zar", "pe", "qi", "har"]


def vocabulary(rng: random.Random, n: int) -> list:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def document(i: int, rng: random.Random, vocab: list) -> Document:
    words = [rng.choice(vocab[: 2000 + i // 5]) for _ in range(220)]     # the vocabulary grows with the store
    text = f"Report {i}. " + " ".join(words) + "."
    n = len(text)

    def span(k):
        s = (k * 97 + i) % max(1, n - 20)
        return [s, s + 12]

    def entity(k):
        return Entity(text=text[span(k)[0]:span(k)[1]], name=f"Actor {rng.randrange(5000)}", country="SDN",
                      agent=rng.choice(["MIL", "REB", "GOV", "CVL"]), span=span(k))

    def place(k):
        return Place(text=text[span(k)[0]:span(k)[1]], name=f"Place {rng.randrange(20000)}", country="SD",
                     admin1="South Kordofan", lat=11.0 + rng.random(), lon=29.7 + rng.random(),
                     geonameid=rng.randrange(10 ** 6), feature="PPL", span=span(k))

    def when(k):
        return When(text=text[span(k)[0]:span(k)[1]], start="2019-06-04", end="2019-06-04", granularity="day",
                    span=span(k), value="2019-06-04")

    events = [Event(event_type=rng.choice(["ASSAULT", "PROTEST", "CONSULT", "COERCE"]), sentence=text[:80],
                    span=[0, 80], status="asserted", mode=["aerial"], actor=[entity(3 * k)],
                    recipient=[entity(3 * k + 1)], location=place(k), date=when(k),
                    counts=Counts(killed=rng.randrange(20)), event_id=f"e{i}-{k}") for k in range(3)]
    quotes = [Quote(quote=text[span(20 + k)[0]:span(20 + k)[1]], span=span(20 + k), direct=True, cue="said",
                    quote_id=f"q{i}-{k}", speaker=Speaker(text="the governor", name=f"Person {rng.randrange(3000)}",
                                                          title="governor")) for k in range(2)]
    return Document(doc_id=f"bench-{i}", text=text, title=f"Report {i}", source="bench", published="2019-06-05",
                    events=events, quotes=quotes, places=[place(k) for k in range(3)],
                    dates=[when(k) for k in range(3)], actors=[entity(k) for k in range(6)])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--db", help="store file (default: a temporary one)")
    a = ap.parse_args(argv)
    rng = random.Random(12)
    vocab = vocabulary(rng, 40_000)
    last = a.docs - a.window - a.batch
    marks = sorted({m for m in (0, 10_000, 25_000, 50_000, 75_000, last) if 0 <= m <= last})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(a.db) if a.db else Path(tmp) / "bench.db"
        store = Store(path)
        rows, i, t_all = [], 0, time.perf_counter()
        gen_seconds = 0.0
        window_start, window_time, window_cpu = None, 0.0, 0.0
        while i < a.docs:
            t = time.perf_counter()
            batch = [document(j, rng, vocab) for j in range(i, min(i + a.batch, a.docs))]
            gen_seconds += time.perf_counter() - t
            t, c = time.perf_counter(), time.process_time()
            store.write(batch)
            dt, dc = time.perf_counter() - t, time.process_time() - c
            if window_start is None and marks and i >= marks[0]:
                marks.pop(0)
                window_start, window_time, window_cpu = i, 0.0, 0.0
            if window_start is not None:
                window_time += dt
                window_cpu += dc
                if i + len(batch) - window_start >= a.window:
                    n = i + len(batch) - window_start
                    rows.append((window_start, 1000 * window_cpu / n, 1000 * window_time / n))
                    print(f"  documents {window_start:>7,} .. {window_start + n:>7,}: {rows[-1][1]:6.2f} ms/document "
                          f"of CPU ({rows[-1][2]:6.2f} ms wall)", flush=True)
                    window_start = None
            i += len(batch)
        total = time.perf_counter() - t_all - gen_seconds
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        counts = store.counts()
        store.close()
    print(f"{a.docs:,} documents ({counts['events']:,} events, {counts['quotes']:,} quotes) in {total:.0f} s of "
          f"writes ({1000 * total / a.docs:.2f} ms/document overall), store {size / 1e6:.0f} MB; "
          f"last window / first window = {rows[-1][1] / rows[0][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
