#!/usr/bin/env python3
"""Screenshots of each workbench view for the README: docs/screenshots/PREFIX{table,timeline,map,network,reader,
reader-mobile}.png (PNG, palette-quantised to stay small).

    python3 scripts/screenshots.py [--db STORE] [--out docs/screenshots] [--prefix after-]

Without --db it builds the demo store (sitroom.web.demo, plus examples/sample_corpus when present) in a
temporary folder. Needs the vendor files (scripts/build_web.sh), Playwright (pip) and Debian's chromium.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from sitroom.web import demo

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
VIEWS = {"table": "events", "timeline": "timeline", "map": "map", "network": "network",
         "reader": "doc/demo-khartoum?event={khartoum}"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="store to show (default: a fresh demo store)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--prefix", default="", help="file name prefix (before-, after-)")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sample = ROOT / "examples" / "sample_corpus" / "briefs.jsonl"
        db = a.db or demo.build(Path(tmp) / "demo.db", sample if sample.exists() else None)
        khartoum = next(e.event_id for d in demo.demo_documents() if d.doc_id == "demo-khartoum" for e in d.events)
        with demo.serve(db) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=a.chromium, args=ARGS)
            for name, route in list(VIEWS.items()) + [("reader-mobile", VIEWS["reader"])]:
                mobile = name.endswith("-mobile")
                page = browser.new_page(viewport={"width": 390, "height": 844} if mobile else
                                        {"width": 1400, "height": 860})
                page.goto(url + "/#/" + route.format(khartoum=khartoum))
                page.wait_for_function("document.body.dataset.ready && "
                                       "document.getElementById('view').getAttribute('aria-busy') === 'false'")
                page.wait_for_timeout(300)
                path = a.out / f"{a.prefix}{name}.png"
                page.screenshot(path=str(path))
                page.close()
                _shrink(path)
                print(path, path.stat().st_size // 1024, "KB")
            browser.close()


def _shrink(path: Path):
    """Quantise to a 128-colour palette when Pillow is there (screenshots of flat UI lose nothing visible)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as im:
        im.convert("RGB").quantize(colors=128).save(path, optimize=True)


if __name__ == "__main__":
    main()
