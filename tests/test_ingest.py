"""Ingest: every input kind, metadata, stable ids, and the bad-input policy (skip, name the file, go on)."""
from __future__ import annotations

import io
import json

import pytest

from sitroom import ingest
from sitroom.ingest import Skipped
from sitroom.pipeline import RawDocument

BRIEF = "Iraqi forces recaptured the town of Rawa from Islamic State militants on Friday, officials said."


def docs(items):
    return [x for x in items if isinstance(x, RawDocument)]


def skips(items):
    return {x.origin.split("/")[-1]: x.reason for x in items if isinstance(x, Skipped)}


def test_ingest_folder_skips_bad_files_and_keeps_good_ones(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.txt").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "sub" / "good2.md").write_text("# Title\n\n" + BRIEF.replace("Friday", "Monday"), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "huge.txt").write_text("word " * 6_000_000, encoding="utf-8")  # 30 MB
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    items = list(ingest.read([tmp_path]))
    assert len(docs(items)) == 2
    s = skips(items)
    assert s["empty.txt"] == "empty file"
    assert "binary" in s["blob.txt"]
    assert s["huge.txt"].startswith("too large")
    assert "unsupported" in s["photo.png"]


def test_ingest_latin1_text_is_decoded(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes(("Le président a déclaré que l'armée se retirerait de la région. " * 3).encode("latin-1"))
    (doc,) = docs(ingest.read([p]))
    assert "président" in doc.text


def test_ingest_jsonl_keeps_given_ids_and_metadata_and_reports_bad_lines(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join([
        json.dumps({"doc_id": "a1", "text": BRIEF, "title": "Rawa", "source": "wire", "published": "2017-11-03"}),
        "{not json",
        json.dumps({"text": ""}),
        json.dumps({"doc_id": "a2", "text": BRIEF + " Again.", "published": "3 Nov 2017"}),
    ]), encoding="utf-8")
    items = list(ingest.read([p]))
    good = docs(items)
    assert [d.doc_id for d in good] == ["a1", "a2"]
    assert good[0].title == "Rawa" and good[0].source == "wire" and good[0].published == "2017-11-03"
    assert good[1].published == "2017-11-03"
    s = {x.origin: x.reason for x in items if isinstance(x, Skipped)}
    assert any(o.endswith(":2") and "invalid JSON" in r for o, r in s.items())
    assert any(o.endswith(":3") and r == "empty text" for o, r in s.items())


def test_ingest_csv_needs_a_text_column(tmp_path):
    ok = tmp_path / "ok.csv"
    ok.write_text("doc_id,text,published\nc1,\"" + BRIEF + "\",2017-11-03\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,hello\n", encoding="utf-8")
    items = list(ingest.read([ok, bad]))
    assert [d.doc_id for d in docs(items)] == ["c1"]
    assert "'text' column" in skips(items)["bad.csv"]


def test_ingest_html_main_text_and_title(tmp_path):
    p = tmp_path / "page.html"
    body = "".join(f"<p>{BRIEF} Paragraph {i} adds more detail about the fighting near the river.</p>" for i in range(4))
    p.write_text(f"<html><head><title>Rawa retaken</title></head><body><nav>Home | World</nav>"
                 f"<article><h1>Rawa retaken</h1>{body}</article></body></html>", encoding="utf-8")
    (doc,) = docs(ingest.read([p]))
    assert "Rawa" in doc.text and "Home | World" not in doc.text
    assert doc.title == "Rawa retaken"


def test_ingest_sidecar_and_defaults_give_plain_text_metadata(tmp_path):
    p = tmp_path / "brief.txt"
    p.write_text(BRIEF, encoding="utf-8")
    (tmp_path / "brief.txt.meta.json").write_text(json.dumps({"published": "2017-11-04", "title": "T"}))
    (doc,) = docs(ingest.read([p], source="flagsource", published="2000-01-01"))
    assert doc.published == "2017-11-04" and doc.title == "T" and doc.source == "flagsource"


def test_ingest_ids_are_content_hashes_and_stable(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(BRIEF, encoding="utf-8")
    (a,) = docs(ingest.read([p]))
    (b,) = docs(ingest.read([p]))
    assert a.doc_id == b.doc_id and len(a.doc_id) == 16


def test_ingest_stdin_plain_text_and_jsonl():
    (doc,) = docs(ingest.read(["-"], stdin=io.BytesIO(BRIEF.encode()), published="2017-11-05"))
    assert doc.published == "2017-11-05"
    lines = "\n".join(json.dumps({"doc_id": f"s{i}", "text": BRIEF}) for i in range(3)).encode()
    assert [d.doc_id for d in docs(ingest.read(["-"], stdin=io.BytesIO(lines)))] == ["s0", "s1", "s2"]


def test_ingest_bad_published_date_is_reported(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"text": BRIEF, "published": "the day after"}), encoding="utf-8")
    (item,) = list(ingest.read([p]))
    assert isinstance(item, Skipped) and "invalid published date" in item.reason


def test_ingest_missing_path_is_reported(tmp_path):
    (item,) = list(ingest.read([tmp_path / "nope"]))
    assert isinstance(item, Skipped) and item.reason == "no such file or folder"


def test_ingest_csv_bad_rows_are_named_and_the_others_read(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_bytes(b"doc_id,text\r\nr1,\"" + BRIEF.encode() + b"\"\r\nr2,a field cut\rby a bare CR\r\n"
                  b"r3,\"a quoted field\rmay hold one\"\r\nr4,too,many,fields\r\nr5,\"" + BRIEF.encode() + b"\nover lines\"\n")
    items = list(ingest.read([p]))
    assert [d.doc_id for d in docs(items)] == ["r1", "r3", "r5"]
    assert docs(items)[2].text.endswith("over lines")
    s = {x.origin: x.reason for x in items if isinstance(x, Skipped)}
    assert s == {f"{p}:3": "malformed CSV row: a line break (bare CR) inside an unquoted field",
                 f"{p}:5": "malformed CSV row: 4 fields under a header of 2"}


def test_ingest_deeply_nested_json_is_a_bad_record_not_a_crash(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.json").write_text(deep, encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join([json.dumps({"text": BRIEF}), deep, json.dumps({"text": BRIEF + " More."})]),
                     encoding="utf-8")
    items = list(ingest.read([tmp_path]))
    assert len(docs(items)) == 2
    s = {x.origin.split("/")[-1]: x.reason for x in items if isinstance(x, Skipped)}
    assert s == {"deep.json": "invalid JSON: nested too deeply", "lines.jsonl:2": "invalid JSON line: nested too deeply"}


def test_ingest_record_limits_name_the_record(tmp_path, monkeypatch):
    p = tmp_path / "big.jsonl"
    p.write_text("\n".join([json.dumps({"text": BRIEF}), json.dumps({"text": "word " * 5000}),
                            json.dumps({"text": BRIEF + " " + "x" * 3000})]), encoding="utf-8")
    items = list(ingest.read([p], max_bytes=20_000, max_chars=2_000))
    assert len(docs(items)) == 1
    s = {x.origin.split("/")[-1]: x.reason for x in items if isinstance(x, Skipped)}
    assert s["big.jsonl:2"] == "too large: a line of more than 20,000 bytes"
    assert s["big.jsonl:3"].startswith("too large: 3,") and "characters of text (limit 2,000)" in s["big.jsonl:3"]
    monkeypatch.setattr(ingest, "MAX_JSON_BYTES", 1000)
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps([{"text": BRIEF}] * 20), encoding="utf-8")
    (item,) = list(ingest.read([whole]))
    assert item.reason.startswith("too large") and "limit 1,000" in item.reason


def test_ingest_undecodable_line_and_bad_metadata_lose_only_their_record(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b"\n".join([json.dumps({"text": BRIEF}).encode(),
                              b'{"text": "broken \xff\xfe bytes in this line"}',
                              json.dumps({"text": BRIEF, "title": {"nested": True}}).encode(),
                              json.dumps({"text": BRIEF, "doc_id": 17, "published": "2017-11-03T08:00:00Z"}).encode(),
                              json.dumps({"text": "a lone surrogate \ud800 from an escape"}).encode()]))
    items = list(ingest.read([p]))
    good = docs(items)
    assert [d.doc_id for d in good][1] == "17" and good[1].published == "2017-11-03"
    assert good[2].text == "a lone surrogate \ufffd from an escape"
    s = {x.origin.split("/")[-1]: x.reason for x in items if isinstance(x, Skipped)}
    assert s == {"mixed.jsonl:2": "undecodable: not valid UTF-8", "mixed.jsonl:3": "title is a dict, not a string"}


def test_ingest_an_error_inside_one_file_never_stops_the_others(tmp_path, monkeypatch):
    import trafilatura

    def broken(*a, **k):
        raise RuntimeError("parser gave up")
    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    (tmp_path / "a.html").write_text("<html><body><p>" + BRIEF + "</p></body></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "c.txt").write_text(BRIEF + " Later.", encoding="utf-8")
    (tmp_path / "c.txt.meta.json").write_text("{not json", encoding="utf-8")
    items = list(ingest.read([tmp_path]))
    assert [d.origin.split("/")[-1] for d in docs(items)] == ["b.txt"]
    s = skips(items)
    assert s["a.html"] == "unreadable: RuntimeError: parser gave up"
    assert s["c.txt"].startswith("unusable sidecar c.txt.meta.json")


def test_ingest_file_names_that_are_not_utf8_are_named_printably(tmp_path):
    import os
    name = os.fsdecode(b"bad-\xff-name.txt")
    (tmp_path / name).write_bytes(b"")
    (item,) = list(ingest.read([tmp_path]))
    assert item.origin.endswith("bad-\\xff-name.txt") and item.reason == "empty file"
    item.origin.encode("utf-8")   # printable and storable


@pytest.mark.parametrize("value,order,want", [
    ("2019-03-04", None, "2019-03-04"),
    ("2019-03-04T23:30:00Z", None, "2019-03-04"),          # the calendar date as written
    ("2019-03-04 16:09:06+02:00", None, "2019-03-04"),
    ("20190304", None, "2019-03-04"),
    ("4 March 2019", None, "2019-03-04"),
    ("March 4, 2019", None, "2019-03-04"),
    ("Mon, 04 Mar 2019 10:00:00 +0000", None, "2019-03-04"),
    ("Sept. 4th, 2019", None, "2019-09-04"),
    ("03/04/2019", "DMY", "2019-04-03"),
    ("03/04/2019", "MDY", "2019-03-04"),
    ("2019.03.04", "YMD", "2019-03-04"),
    ("", None, None),
])
def test_ingest_published_dates_read_strictly(value, order, want):
    assert ingest.parse_published(value, order) == want


@pytest.mark.parametrize("value,order,why", [
    ("2019-13-45", None, "month must be in 1..12"),
    ("2019-02-30", None, "day is out of range"),
    ("yesterday", None, "not a date this reader accepts"),
    ("03/04/2019", None, "ambiguous"),
    ("03/04/19", "DMY", "four digits"),
    ("31/02/2019", "DMY", "day is out of range"),
    ("4 Marchember 2019", None, "is not a month"),
    ("2019-03-04 and then some", None, "not an ISO 8601 time"),
    ("03/04/2019", "DDD", "unknown date order"),
])
def test_ingest_published_dates_that_are_refused_say_why(value, order, why):
    with pytest.raises(ValueError, match=why):
        ingest.parse_published(value, order)


def test_ingest_numeric_record_dates_need_an_order(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"text": BRIEF, "published": "03/04/2019"}), encoding="utf-8")
    (item,) = list(ingest.read([p]))
    assert isinstance(item, Skipped) and "ambiguous" in item.reason
    (doc,) = list(ingest.read([p], date_order="DMY"))
    assert doc.published == "2019-04-03"
