"""Property-based fuzzing (hypothesis) of the input door and of extraction, bounded and derandomised so CI is
deterministic: whatever the bytes of a file, reading never raises and every file is accounted for (documents
or a named reason); whatever the text, extraction returns a valid Document whose spans lie in its text."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom import ingest
from sitroom.pipeline import RawDocument

BOUNDED = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))

WORDS = ["rebels", "the army", "shelled", "Kadugli", "on Monday", "said", "\"We will stay,\"", "killing", "12",
         "civilians", "near", "the border", "President Lena Brask", "her", "they", "talks", "in Geneva", "2019",
         "March 4", "last week", ".", ",", "\n\n", "’s", "-", "(", ")", "U.N.", "ceasefire", "protesters"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)
any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=300)
texts = st.one_of(sentences, any_text, st.tuples(sentences, any_text, sentences).map("".join))

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)
record = st.fixed_dictionaries({}, optional={"text": st.one_of(texts, values), "doc_id": values, "title": values,
                                             "source": values, "url": values,
                                             "published": st.one_of(values, st.sampled_from(
                                                 ["2019-03-04", "03/04/2019", "4 March 2019", "2019-13-45"]))})


def _csv(rows) -> bytes:
    import csv
    import io
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["doc_id", "text", "published"])
    for r in rows:
        w.writerow([str(r.get("doc_id", "")), str(r.get("text", "")), str(r.get("published", ""))])
    return out.getvalue().encode("utf-8", "surrogatepass")


def _mangle(data: bytes, cuts) -> bytes:
    """Bytes with some inserted/replaced at the given positions: a bare CR, NUL, a quote, invalid UTF-8."""
    junk = [b"\r", b"\x00", b'"', b"\xff\xfe", b"\n", b"{", b"\\"]
    for pos, k in cuts:
        i = pos % (len(data) + 1)
        data = data[:i] + junk[k % len(junk)] + data[i:]
    return data


files = st.lists(st.tuples(
    st.sampled_from([".txt", ".md", ".html", ".jsonl", ".json", ".csv", ".xml", ""]),
    st.one_of(
        st.binary(max_size=400),
        texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(record, max_size=4).map(lambda rs: "\n".join(json.dumps(r) for r in rs).encode()),
        st.lists(record, max_size=4).map(lambda rs: json.dumps(rs).encode()),
        st.lists(record, max_size=4).map(_csv),
    ),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 6)), max_size=3)), min_size=1, max_size=6)


@BOUNDED
@given(files, st.sampled_from([None, "DMY", "MDY"]))
def test_fuzz_ingest_never_raises_and_accounts_for_every_file(specs, order):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = []
        for i, (suffix, data, cuts) in enumerate(specs):
            p = folder / f"f{i}{suffix}"
            p.write_bytes(_mangle(data, cuts))
            names.append(str(p))
        items = list(ingest.read([folder], date_order=order, max_chars=2_000))
        for it in items:
            assert isinstance(it, (RawDocument, ingest.Skipped))
            if isinstance(it, RawDocument):
                assert it.text.strip() and len(it.text) <= 2_000 and it.doc_id
                it.text.encode("utf-8")                      # storable
                assert it.published is None or len(it.published) == 10
            else:
                assert it.reason
        for name in names:                                   # nothing silently dropped
            assert any(it.origin == name or it.origin.startswith((name + ":", name + "["))
                       for it in items), name


@BOUNDED
@given(st.one_of(st.text(max_size=40), st.dates().map(str), st.dates().map(lambda d: d.strftime("%d %B %Y"))),
       st.sampled_from([None, "DMY", "MDY", "YMD"]))
def test_fuzz_published_dates_are_iso_or_a_value_error(value, order):
    import datetime as dt
    try:
        got = ingest.parse_published(value, order)
    except ValueError as exc:
        assert str(exc)
        return
    assert got is None or dt.date.fromisoformat(got).isoformat() == got


@settings(max_examples=40, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(texts.filter(lambda t: t.strip()), st.sampled_from([None, "2019-03-04"]))
def test_fuzz_extract_returns_a_valid_document_with_spans_in_its_text(extract, text, published):
    from sitroom.schema import validate
    doc = extract(text, published=published)
    d = doc.as_dict()
    validate(d)
    n = len(d["text"])
    spans = [e["span"] for e in d["events"]] + [q["span"] for q in d["quotes"]] + \
        [x["span"] for k in ("places", "dates", "actors") for x in d[k]]
    assert all(s is None or 0 <= s[0] <= s[1] <= n for s in spans)
    for k in ("places", "dates"):
        assert all(d["text"][x["span"][0]:x["span"][1]] == x["text"] for x in d[k] if x["span"])
