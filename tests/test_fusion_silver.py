"""The silver fusion clusters (training/fusion): stand-off records over silver events that rebuild against
../shared into the fusion gold's shape, derived figure spreads, and drafts with bad references refused."""
from __future__ import annotations

import json

import pytest

from training import fusion
from training.silver import SilverError


@pytest.fixture(scope="module")
def events(shared):
    return fusion.silver_events()


@pytest.fixture(scope="module")
def built(shared):
    return fusion.build(fusion.load())


def test_clusters_rebuild_and_keep_no_text(built):
    assert len(built) >= 7
    stored = "".join(p.read_text(encoding="utf-8") for p in fusion.FUSION.glob("*.jsonl"))
    for c in built:
        seen = set()
        assert len(c["doc_ids"]) >= 4
        for inc in c["incidents"]:
            assert len(inc["mentions"]) >= 2 and inc["incident_id"].startswith(c["cluster_id"] + "-")
            for m in inc["mentions"]:
                assert m["doc_id"] in c["doc_ids"] and isinstance(m["sentence"], str) and len(m["sentence"]) > 10
                assert m["sentence"] not in stored  # offsets only in the repository
                key = (m["doc_id"], m["sentence"], m["event_type"], tuple(m["actor"]), tuple(m["recipient"]), m["status"])
                assert key not in seen  # a mention belongs to one incident
                seen.add(key)


def test_silver_clusters_share_no_document_with_the_dev_gold(built, shared):
    dev = [json.loads(x) for x in (shared / "gold" / "fusion" / "dev.jsonl").read_text().splitlines() if x.strip()]
    dev_docs = {d for c in dev for d in c["doc_ids"]}
    assert not dev_docs & {d for c in built for d in c["doc_ids"]}


def test_killed_spreads_are_derived_from_the_mentions(built):
    n = 0
    for c in built:
        by_id = {i["incident_id"]: i for i in c["incidents"]}
        for d in c["disagreements"]:
            if d["field"] in fusion.FIGURES:
                vals = [m[d["field"]] for m in by_id[d["incident_id"]]["mentions"] if m[d["field"]] is not None]
                assert (d["min"], d["max"]) == (min(vals), max(vals)) and d["min"] < d["max"]
                n += 1
    assert n >= 2


def _some_doc(events, k=3):
    return next(d for d, evs in sorted(events.items()) if d.startswith("guardian-") and len(evs) >= k)


def test_compile_derives_spread_and_mixed_types(events):
    did = _some_doc(events)
    evs = events[did]
    draft = {"cluster_id": "s-t", "doc_ids": [did],
             "incidents": [{"incident_id": "i01", "event_type": evs[0]["event_type"], "mentions": [f"{did}#0", f"{did}#1"]}]}
    rec = fusion.compile_draft(draft, "tester", events)
    inc = rec["incidents"][0]
    assert inc["incident_id"] == "s-t-i01" and [m["sentence"] for m in inc["mentions"]] == [evs[0]["sentence"], evs[1]["sentence"]]
    types = {evs[0]["event_type"], evs[1]["event_type"]}
    assert inc.get("mention_types", sorted(types)) == sorted(types) and ("mention_types" in inc) == (len(types) > 1)


@pytest.mark.parametrize("change, message", [
    (lambda d, did: d["incidents"][0]["mentions"].append(f"{did}#0"), "already a mention"),
    (lambda d, did: d["incidents"][0]["mentions"].append("guardian-000000#0"), "not in the cluster"),
    (lambda d, did: d["incidents"][0]["mentions"].append(f"{did}#9999"), "no such event"),
    (lambda d, did: d["incidents"][0]["mentions"].pop(), "at least two mentions"),
    (lambda d, did: d.setdefault("disagreements", []).append({"incident_id": "i01", "field": "killed", "values": {}}),
     "derived"),
])
def test_bad_drafts_are_refused_naming_the_incident(events, change, message):
    did = _some_doc(events)
    draft = {"cluster_id": "s-bad", "doc_ids": [did],
             "incidents": [{"incident_id": "i01", "event_type": "ASSAULT", "mentions": [f"{did}#0", f"{did}#1"]}]}
    change(draft, did)
    with pytest.raises(SilverError) as exc:
        fusion.compile_draft(draft, "tester", events)
    assert message in str(exc.value) and "s-bad" in str(exc.value)
