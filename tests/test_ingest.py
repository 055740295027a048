"""Ingest: every input kind, metadata, stable ids, and the bad-input policy (skip, name the file, go on)."""
from __future__ import annotations

import io
import json

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
