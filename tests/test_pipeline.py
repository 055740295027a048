"""Per-document isolation: a document that fails in the pipeline becomes a Failed record naming its step; the
others are read as if it were not there, in input order, in one process or several."""
from __future__ import annotations

import os
import signal

import pytest

from sitroom import pipeline
from sitroom.pipeline import Failed, RawDocument, extract_many
from sitroom import places

TEXTS = [f"Report {i}: rebels shelled the outskirts of the town of Tal Afar on Monday, killing {i + 2} people."
         for i in range(40)]


def raws(texts):
    return [RawDocument(text=t, published="2019-05-06", origin=f"test:{i}") for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def clean():
    return [d.as_dict() for d in extract_many(raws(TEXTS), n_process=1)]


def _breaking_places(monkeypatch, action):
    real = places.extract

    def fragile(doc, ctx):
        if doc.text.startswith(("Report 7:", "Report 23:")):
            action()
        return real(doc, ctx)
    monkeypatch.setattr(places, "extract", fragile)


def _raise():
    raise ZeroDivisionError("a cell without neighbours")


@pytest.mark.parametrize("n_process", [1, 2])
def test_pipeline_a_failing_stage_costs_only_its_document(monkeypatch, clean, n_process):
    _breaking_places(monkeypatch, _raise)
    out = list(extract_many(raws(TEXTS), n_process=n_process))
    assert len(out) == len(TEXTS)
    bad = {i: r for i, r in enumerate(out) if isinstance(r, Failed)}
    assert sorted(bad) == [7, 23]
    for i, f in bad.items():
        assert (f.origin, f.stage, f.error) == (f"test:{i}", "places", "ZeroDivisionError: a cell without neighbours")
        assert f.doc_id == raws(TEXTS)[i].doc_id and "fragile" in f.detail and f.describe().startswith(f"test:{i}")
    assert [r.as_dict() for i, r in enumerate(out) if i not in bad] == [d for i, d in enumerate(clean) if i not in bad]


def test_pipeline_a_document_the_parser_refuses_fails_in_parse_and_its_batch_goes_on(nlp, clean):
    texts = TEXTS[:5] + ["word " * (nlp.max_length // 5 + 1)] + TEXTS[5:10]
    out = list(extract_many(raws(texts), n_process=1))
    assert isinstance(out[5], Failed) and out[5].stage == "parse" and "max_length" in out[5].error
    good = [r.as_dict() for r in out[:5] + out[6:]]
    assert good == clean[:10]


def test_pipeline_a_worker_process_that_dies_costs_only_its_document(monkeypatch, clean):
    _breaking_places(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
    out = list(extract_many(raws(TEXTS), n_process=2))
    bad = [i for i, r in enumerate(out) if isinstance(r, Failed)]
    assert bad == [7, 23] and {out[i].stage for i in bad} == {"worker"}
    assert [r.as_dict() for i, r in enumerate(out) if i not in bad] == [d for i, d in enumerate(clean) if i not in bad]


def test_pipeline_extract_raises_for_its_one_document(monkeypatch):
    _breaking_places(monkeypatch, _raise)
    with pytest.raises(ZeroDivisionError):
        pipeline.extract(TEXTS[7], published="2019-05-06")


def test_pipeline_batches_close_at_their_count_or_their_characters_in_input_order():
    docs = raws(["a" * 30, "b" * 30, "c" * 100, "d" * 10, "e" * 10, "f" * 10, "g" * 10, "h" * 50])
    sizes = [[len(r.text) for r in b] for b in pipeline.batches(docs, n=3, chars=60)]
    assert sizes == [[30, 30], [100], [10, 10, 10], [10, 50]]        # a longer document is a batch of its own
    assert [r for b in pipeline.batches(docs, n=3, chars=60) for r in b] == docs
    assert [len(b) for b in pipeline.batches(docs, n=3, chars=10_000)] == [3, 3, 2]
    assert list(pipeline.batches([], n=3, chars=60)) == []


def test_pipeline_records_do_not_depend_on_the_batches(monkeypatch, clean):
    longest = max(len(t) for t in TEXTS)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 2 * longest)   # batches of two documents
    assert [len(b) for b in pipeline.batches(raws(TEXTS))] == [2] * 20
    assert [d.as_dict() for d in extract_many(raws(TEXTS), n_process=1)] == clean
