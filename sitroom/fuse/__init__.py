"""Cross-source fusion: the event mentions of a store, within and across documents, grouped into incidents.

    from sitroom.fuse import fuse
    report = fuse(store)                    # incremental: new events join incidents or make new ones
    report = fuse(store, incremental=False) # everything again (the same result)

Steps: `mentions` (each event as fusion sees it; cumulative tolls marked), `blocking` (candidate pairs, never all
pairs), `scoring` (the evidence that two mentions report one incident), `cluster` (links, their connected parts,
union-find over sure links and average-link merging within a part), `record` (the incident row: consensus and
figures per source).

Incremental fusion starts from the events no incident holds yet (new documents; the survivors of an incident
that lost members when a document was replaced or removed), finds their candidates by the blocking keys the
store keeps of every fused event (table fusion_keys), follows links from them, reading from the store only the
events it reaches and their candidates, and clusters again only the parts of the link graph it reached, with the
whole old incidents of the mentions there; every other incident is left as it is. Each part is clustered on its
own in one canonical order (publication, doc_id, position), so incremental fusion gives what fusing everything
at once gives, and fusing again changes nothing. It fuses everything instead when that costs less or the
candidates change: the links reach more than half of a large store, a blocking key gets too common to say
anything (or stops being so), or the store holds no keys (an older fusion, incidents loaded from a dataset).
"""
from __future__ import annotations

import gc
import json
import time
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


STALE_SQL = ("SELECT i.incident_id FROM incidents i LEFT JOIN (SELECT incident_id, count(*) AS n FROM incident_members "
             "GROUP BY incident_id) m USING(incident_id) WHERE COALESCE(m.n, 0) != i.mentions")


def _same_settings(last: dict) -> bool:
    return last.get("version") == VERSION and [last.get(k) for k in ("link", "sure", "merge")] == \
        [cluster.LINK, cluster.SURE, cluster.MERGE]


def _last(conn) -> dict:
    meta = conn.execute("SELECT value FROM meta WHERE key='fuse'").fetchone()
    return json.loads(meta[0]) if meta else {}


def _settled(conn) -> bool:
    """Whether the last fusion (of this version and these thresholds) left nothing to do: every event in an
    incident and no incident short of a member."""
    last = _last(conn)
    if not last or not _same_settings(last):
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
    last = _last(conn)
    # an incremental fuse needs the keys of every fused event in the store (written by the last fuse of this
    # version; a store that took its incidents from elsewhere, a dataset, has none)
    if incremental and _same_settings(last) and last.get("keys"):
        rows = _fuse_new(conn, last, rep)
        if rows is not None:
            return rows
    return _fuse_all(conn, rep)


def _fuse_all(conn, rep: FuseReport) -> list:
    """Every event fused again: all candidate pairs of an Index over all mentions."""
    ms = _mentions.load(conn).mentions
    rep.events, rep.full, rep.considered = len(ms), True, len(ms)
    index = blocking.Index(ms)
    edges = score_pairs(ms, index.pairs())
    rep.pairs = len(edges)
    groups = _clusters(ms, range(len(ms)), edges)
    conn.execute("DELETE FROM incidents")
    conn.execute("DELETE FROM incident_members")
    # every key again: without its indexes, built once after (faster than a million index inserts)
    conn.execute("DROP INDEX IF EXISTS fusion_keys_key")
    conn.execute("DROP INDEX IF EXISTS fusion_keys_doc")
    conn.execute("DELETE FROM fusion_keys")
    _write_keys(conn, ms)
    conn.execute("CREATE INDEX fusion_keys_key ON fusion_keys(key, wide, lo)")
    conn.execute("CREATE INDEX fusion_keys_doc ON fusion_keys(doc_id)")
    return _write(conn, ms, groups, (), index.purged_digest())


def _fuse_new(conn, last: dict, rep: FuseReport):
    """Only what new events and replaced documents touch (see the module docstring); None when that would cost
    more than fusing everything (the links reach more than half of a large store, or the purged keys changed)."""
    rep.events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    stale = {r[0] for r in conn.execute(STALE_SQL)}
    new = [r[0] for r in conn.execute("SELECT event_id FROM events WHERE incident_id IS NULL")]
    survivors = _members(conn, stale)
    pool: dict = {}             # event_id -> Mention (read from the store as the walk needs them)
    incident_of: dict = {}      # event_id -> the incident it belongs to before this fuse (None: new)

    def read(event_ids):
        want = [e for e in event_ids if e not in pool]
        if want:
            got = _mentions.load(conn, want)
            for m in got.mentions:
                pool[m.event_id] = m
                incident_of[m.event_id] = got.incident_of[m.order]
        return [pool[e] for e in event_ids if e in pool]

    seeds = read(new + survivors)
    _write_keys(conn, [m for m in seeds if incident_of[m.event_id] is None])   # the new events' keys first
    purged = blocking.store_purged(conn)
    purged_digest = blocking.digest(purged)
    if purged_digest != last.get("purged"):
        return None             # another key says nothing now (or says something again): candidates change
    rank = {}

    def key(a, b):              # a pair in canonical order, as the Index of every mention would give it
        ka = rank.get(a) or rank.setdefault(a, _mentions.canonical(pool[a]))
        kb = rank.get(b) or rank.setdefault(b, _mentions.canonical(pool[b]))
        return (a, b) if ka < kb else (b, a)

    edges: dict = {}

    def walk(front, follow: bool) -> list:
        """Score every candidate of the mentions of `front`; the mentions newly reached over links."""
        pairs = blocking.store_candidates(conn, front, purged)
        read(sorted({v for _, v in pairs}))
        out = []
        for u, v in pairs:
            k = key(u, v)
            if k not in edges:
                edges[k] = scoring.score(pool[k[0]], pool[k[1]])
            if follow and edges[k] >= cluster.LINK and v not in reached:
                reached.add(v)
                out.append(pool[v])
        return out

    budget = max(1000, rep.events // 2)
    reached = {m.event_id for m in seeds}
    front = seeds
    while front:
        front = walk(front, True)
        if len(reached) > budget:
            return None         # links reach most of a large store: fusing it all costs less, same result
    # whole incidents: a reached mention's old incident is rewritten with it
    old = {incident_of[e] for e in reached} - {None}
    rest = [m for m in read(_members(conn, old)) if m.event_id not in reached]
    if rest:                    # members of touched incidents no link reached: their pairs too
        walk(rest, False)
    nodes = reached | {m.event_id for m in rest}
    ms = sorted(pool.values(), key=_mentions.canonical)
    for i, m in enumerate(ms):
        m.order = i
    number = {m.event_id: m.order for m in ms}
    numbered = {(number[a], number[b]): s for (a, b), s in edges.items()}
    rep.full, rep.considered, rep.pairs = False, len(nodes), len(edges)
    groups = _clusters(ms, sorted(number[e] for e in nodes), numbered)
    return _write(conn, ms, groups, stale | old, purged_digest)


def _members(conn, incident_ids) -> list:
    """The member events of the incidents `incident_ids` (by event id)."""
    if not incident_ids:
        return []
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _fuse_incidents(incident_id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM _fuse_incidents")
    conn.executemany("INSERT INTO _fuse_incidents(incident_id) VALUES (?)", ((i,) for i in sorted(incident_ids)))
    return [r[0] for r in conn.execute("SELECT m.event_id FROM _fuse_incidents JOIN incident_members m "
                                       "USING(incident_id) ORDER BY m.event_id")]


def _clusters(ms: list, nodes, edges: dict) -> list:
    return cluster.clusters(nodes, edges, fill=lambda i, j: scoring.score(ms[i], ms[j])
                            if blocking.compatible(ms[i], ms[j]) else None)


def _write_keys(conn, ms: list):
    conn.executemany("INSERT INTO fusion_keys(key, event_id, doc_id, lo, hi, wide) VALUES (?,?,?,?,?,?)",
                     [r for m in ms for r in blocking.rows(m)])


def _write(conn, ms: list, groups: list, stale, purged_digest: str) -> list:
    """The incidents of `groups` (lists of orders into `ms`) in place of the `stale` ones; returns their rows."""
    rows = [record.build([ms[i] for i in g]) for g in groups]
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
                              "merge": cluster.MERGE, "purged": purged_digest, "keys": True}),))
    return rows


__all__ = ["fuse", "FuseReport", "VERSION"]
