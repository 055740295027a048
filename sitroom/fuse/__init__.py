"""Cross-source fusion: the event mentions of a store, within and across documents, grouped into incidents.

    from sitroom.fuse import fuse
    report = fuse(store)                    # incremental: new events join incidents or make new ones
    report = fuse(store, incremental=False) # everything again (the same result)

Steps: `mentions` (each event as fusion sees it; cumulative tolls marked), `blocking` (candidate pairs, never all
pairs), `scoring` (the evidence that two mentions report one incident), `cluster` (links, their connected parts,
union-find over sure links and average-link merging within a part), `record` (the incident row: consensus and
figures per source).

Incremental fusion starts from the events no incident holds yet (new documents; the survivors of an incident
that lost members when a document was replaced), follows links from them through the whole store, and clusters
again only the parts of the link graph it reached (when the links of a large store reach more than half of it,
it fuses everything, which then costs less). Each part is clustered on its own in one canonical order (publication, doc_id, position), so
incremental fusion gives what fusing everything at once gives, and fusing again changes nothing.
"""
from __future__ import annotations

import gc
import json
import time
from collections import deque
from dataclasses import dataclass

from . import blocking, cluster, mentions as _mentions, record, scoring

VERSION = "sitroom.fuse.v3"   # the store remembers it; another version fuses everything again


@dataclass
class FuseReport:
    events: int = 0
    considered: int = 0          # mentions clustered again
    pairs: int = 0               # candidate pairs scored
    incidents: int = 0           # incidents in the store after fusion
    multi: int = 0               # of them, with more than one mention
    written: int = 0             # incidents written by this run
    full: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        how = "all events" if self.full else "new events"
        return (f"fused {how}: {self.considered} of {self.events} events considered, {self.pairs} candidate pairs, "
                f"{self.written} incidents written; {self.incidents} incidents ({self.multi} with several "
                f"mentions), {self.seconds:.1f} s")


def score_pairs(ms: list, pairs) -> dict:
    """Scores of candidate pairs {(i, j): score}."""
    return {(i, j): scoring.score(ms[i], ms[j]) for i, j in pairs}


def _explore(ms: list, index: blocking.Index, seeds: list, budget: int) -> tuple:
    """The mentions reached from the seeds over links (every candidate of a reached mention is scored), and the
    scores of the pairs seen; (None, None) once more than `budget` mentions are reached."""
    edges: dict = {}
    reached = set(seeds)
    todo = deque(sorted(seeds))
    while todo:
        if len(reached) > budget:
            return None, None
        u = todo.popleft()
        for v in index.candidates(ms[u]):
            key = (u, v) if u < v else (v, u)
            if key not in edges:
                edges[key] = scoring.score(ms[key[0]], ms[key[1]])
            if edges[key] >= cluster.LINK and v not in reached:
                reached.add(v)
                todo.append(v)
    return reached, edges


STALE_SQL = ("SELECT i.incident_id FROM incidents i LEFT JOIN (SELECT incident_id, count(*) AS n FROM incident_members "
             "GROUP BY incident_id) m USING(incident_id) WHERE COALESCE(m.n, 0) != i.mentions")


def _settled(conn) -> bool:
    """Whether the last fusion (of this version and these thresholds) left nothing to do: every event in an
    incident and no incident short of a member."""
    meta = conn.execute("SELECT value FROM meta WHERE key='fuse'").fetchone()
    if meta is None:
        return False
    last = json.loads(meta[0])
    if last.get("version") != VERSION or [last.get(k) for k in ("link", "sure", "merge")] != \
            [cluster.LINK, cluster.SURE, cluster.MERGE]:
        return False
    if conn.execute("SELECT 1 FROM events WHERE incident_id IS NULL LIMIT 1").fetchone():
        return False
    return conn.execute(STALE_SQL + " LIMIT 1").fetchone() is None


def fuse(store, incremental: bool = True) -> FuseReport:
    """Fuse the store's events into incidents (see the module docstring). Returns what it did."""
    # fusion makes millions of small objects and frees none of them before it ends: the cyclic garbage collector
    # would only walk them again and again
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _fuse(store, incremental)
    finally:
        if enabled:
            gc.enable()


def _fuse(store, incremental: bool) -> FuseReport:
    t0 = time.perf_counter()
    conn = store.conn
    rep = FuseReport()
    if incremental and _settled(conn):     # nothing new since the last fusion: nothing to read
        rep.events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        rep.incidents = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
        rep.multi = conn.execute("SELECT count(*) FROM incidents WHERE mentions > 1").fetchone()[0]
        rep.seconds = time.perf_counter() - t0
        return rep
    # the whole fusion under the write lock: another writer's documents wait for it (or it for them), so what it
    # read is what it replaces
    with store.transaction():
        rows = _fuse_locked(conn, incremental, rep)
    rep.written = len(rows)
    rep.incidents = conn.execute("SELECT count(*) FROM incidents").fetchone()[0]
    rep.multi = conn.execute("SELECT count(*) FROM incidents WHERE mentions > 1").fetchone()[0]
    rep.seconds = time.perf_counter() - t0
    return rep


def _fuse_locked(conn, incremental: bool, rep: FuseReport) -> list:
    loaded = _mentions.load(conn)
    ms = loaded.mentions
    rep.events = len(ms)
    meta = conn.execute("SELECT value FROM meta WHERE key='fuse'").fetchone()
    index = blocking.Index(ms)
    last = json.loads(meta[0]) if meta else {}
    full = (not incremental or last.get("version") != VERSION or last.get("purged") != index.purged_digest()
            or [last.get(k) for k in ("link", "sure", "merge")] != [cluster.LINK, cluster.SURE, cluster.MERGE])
    if not full:
        stale = {r[0] for r in conn.execute(STALE_SQL)}
        # the new events, and the survivors of incidents that lost members (a document replaced or removed)
        seeds = [i for i, inc in loaded.incident_of.items() if inc is None or inc in stale]
        reached, edges = _explore(ms, index, seeds, budget=max(1000, len(ms) // 2))
        full = reached is None      # links reach most of a large store: fusing it all costs less, same result
    if full:
        nodes = list(range(len(ms)))
        edges = score_pairs(ms, index.pairs())
    else:
        # whole incidents: a reached mention's old incident is rewritten with it
        old = {loaded.incident_of[i] for i in reached} - {None}
        nodes = sorted(reached | {i for i, inc in loaded.incident_of.items() if inc in old})
        for i in nodes:
            if i not in reached:   # members of touched incidents not reached by a link: their pairs too
                for v in index.candidates(ms[i]):
                    key = (i, v) if i < v else (v, i)
                    if key not in edges:
                        edges[key] = scoring.score(ms[key[0]], ms[key[1]])
        stale |= old
    rep.full, rep.considered, rep.pairs = full, len(nodes), len(edges)
    groups = cluster.clusters(nodes, edges, fill=lambda i, j: scoring.score(ms[i], ms[j])
                              if blocking.compatible(ms[i], ms[j]) else None)
    rows = [record.build([ms[i] for i in g]) for g in groups]
    if full:
        conn.execute("DELETE FROM incidents")
        conn.execute("DELETE FROM incident_members")
    elif stale:
        stale = sorted(stale)
        for k in range(0, len(stale), 500):
            chunk = stale[k:k + 500]
            marks = ",".join("?" * len(chunk))
            conn.execute(f"DELETE FROM incidents WHERE incident_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM incident_members WHERE incident_id IN ({marks})", chunk)
    conn.executemany(
        "INSERT OR REPLACE INTO incidents(incident_id, mentions, n_documents, n_sources, first_report, "
        "last_report, event_type, quad, status, actors, recipients, location, country, lat, lon, date_start, "
        "date_end, date_precision, killed_min, killed_max, injured_min, injured_max, size_min, size_max, "
        "figures, cumulative, sentence) VALUES (" + ",".join("?" * 27) + ")",
        [(r["incident_id"], r["mentions"], r["n_documents"], r["n_sources"], r["first_report"],
          r["last_report"], r["event_type"], r["quad"], r["status"], json.dumps(r["actors"], ensure_ascii=False),
          json.dumps(r["recipients"], ensure_ascii=False), r["location"], r["country"], r["lat"], r["lon"],
          r["date_start"], r["date_end"], r["date_precision"], r["killed_min"], r["killed_max"],
          r["injured_min"], r["injured_max"], r["size_min"], r["size_max"],
          json.dumps(r["figures"], ensure_ascii=False, sort_keys=True), r["cumulative"], r["sentence"])
         for r in rows])
    members = [(ms[i].event_id, r["incident_id"], ms[i].doc_id, int(ms[i].cumulative))
               for g, r in zip(groups, rows) for i in g]
    conn.executemany("INSERT OR REPLACE INTO incident_members(event_id, incident_id, doc_id, cumulative) "
                     "VALUES (?,?,?,?)", members)
    conn.executemany("UPDATE events SET incident_id=? WHERE event_id=?", [(m[1], m[0]) for m in members])
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fuse', ?)",
                 (json.dumps({"version": VERSION, "link": cluster.LINK, "sure": cluster.SURE,
                              "merge": cluster.MERGE, "purged": index.purged_digest()}),))
    return rows


__all__ = ["fuse", "FuseReport", "VERSION"]
