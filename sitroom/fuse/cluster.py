"""Mentions into incidents: links, their connected parts, and clusters within each part.

1. Every candidate pair (blocking) is scored (scoring). A pair scoring at least LINK is a link: direct evidence
   that the two report one incident.
2. Mentions joined by links form parts; each part is clustered on its own, in canonical order, so the result
   for a part depends only on its mentions (what incremental fusion relies on).
3. Within a part: union-find over the sure links (score >= SURE), then average-link merging of those clusters
   while the best pair of clusters averages at least MERGE over all their member pairs (scored pairs below LINK
   count with their score, so a clash of places or dates holds two clusters apart) and holds at least one link
   (the cluster-level check: two groups of reports that no pair of them ties directly are not one incident
   because each is weakly like the other, which is how average-link alone chains the background of a story into
   one incident). Since every merge needs a link between the two, a part (links only) bounds every cluster, and
   the parts stay small: a weak pair (the same type and story, nothing more) joins no parts, so a new document
   touches few of them. In a part of at most FILL_MAX mentions, the pairs blocking did not propose are scored too
   when they may report one incident at all (`fill`: same family, overlapping dates): blocking keys save time,
   they are no evidence, so two reports that share no key are not held apart for it. Other unscored pairs
   count 0.
"""
from __future__ import annotations

import heapq
from typing import Iterable

LINK = 0.6
SURE = 0.95
MERGE = 0.35


class UnionFind:
    def __init__(self, items: Iterable[int]):
        self.parent = {i: i for i in items}

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def union(self, a: int, b: int):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:   # the smaller order is the root: roots are canonical
            self.parent[max(ra, rb)] = min(ra, rb)


def parts(nodes: Iterable[int], edges: dict) -> list:
    """Connected parts of the link graph (edges scoring >= LINK) over `nodes`: (sorted members, the scored
    pairs among them) for each part."""
    uf = UnionFind(nodes)
    for (i, j), s in edges.items():
        if s >= LINK and i in uf.parent and j in uf.parent:
            uf.union(i, j)
    groups: dict = {}
    for i in sorted(uf.parent):
        groups.setdefault(uf.find(i), ([], {}))[0].append(i)
    for (i, j), s in edges.items():
        if i in uf.parent and j in uf.parent:
            ri = uf.find(i)
            if ri == uf.find(j):
                groups[ri][1][(i, j)] = s
    return list(groups.values())


def cluster_part(members: list, mine: dict) -> list:
    """Clusters (sorted lists of orders) of one part; `mine` holds the scores of its scored pairs."""
    if len(members) == 1:
        return [list(members)]
    uf = UnionFind(members)
    scored = sorted(mine.items())   # one order for every sum: batch and incremental add the same floats alike
    for (i, j), s in scored:
        if s >= SURE:
            uf.union(i, j)
    size: dict = {}
    for i in members:
        r = uf.find(i)
        size[r] = size.get(r, 0) + 1
    link: dict = {r: {} for r in size}   # cluster -> other cluster -> sum of scores between them
    best: dict = {}                        # (lower root, higher root) -> their best pair's score
    for (i, j), s in scored:
        a, b = uf.find(i), uf.find(j)
        if a != b:
            link[a][b] = link[a].get(b, 0.0) + s
            link[b][a] = link[b].get(a, 0.0) + s
            k = (a, b) if a < b else (b, a)
            if s > best.get(k, -1e9):
                best[k] = s
    version = {r: 0 for r in size}
    heap = []
    for a in link:
        for b, tot in link[a].items():
            if a < b and best.get((a, b), -1e9) >= LINK:
                heap.append((-tot / (size[a] * size[b]), a, b, 0, 0))
    heapq.heapify(heap)
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if -neg < MERGE:
            break
        if a not in size or b not in size or version[a] != va or version[b] != vb:
            continue
        keep, gone = min(a, b), max(a, b)
        uf.parent[gone] = keep
        size[keep] += size.pop(gone)
        version[keep] += 1
        del version[gone]
        for c, tot in link.pop(gone).items():
            link[c].pop(gone, None)
            if c == keep:
                continue
            link[keep][c] = link[keep].get(c, 0.0) + tot
            link[c][keep] = link[keep][c]
            g = best.pop((min(gone, c), max(gone, c)), -1e9)
            k = (min(keep, c), max(keep, c))
            if g > best.get(k, -1e9):
                best[k] = g
        for c, tot in link[keep].items():
            lo, hi = min(keep, c), max(keep, c)
            if best.get((lo, hi), -1e9) >= LINK:
                heapq.heappush(heap, (-tot / (size[keep] * size[c]), lo, hi, version[lo], version[hi]))
    out: dict = {}
    for i in members:
        out.setdefault(uf.find(i), []).append(i)
    return [sorted(v) for v in out.values()]


FILL_MAX = 400


def clusters(nodes: Iterable[int], edges: dict, fill=None) -> list:
    """Every cluster of the nodes, each a sorted list, ordered by their first member. `fill(i, j)` scores a pair
    blocking did not propose (None: the two cannot report one incident; see the module docstring)."""
    out = []
    for members, mine in parts(nodes, edges):
        if fill is not None and 2 < len(members) <= FILL_MAX:
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    k = (members[a], members[b])
                    if k not in mine:
                        s = fill(*k)
                        if s is not None:
                            mine[k] = s
        out += cluster_part(members, mine)
    return sorted(out, key=lambda c: c[0])
