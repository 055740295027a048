"""The `sitroom` command line: a thin layer over the Python API (every command is one call there)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import ingest as _ingest
from .query import EVENT_COLUMNS, EventFilter, FilterError, validate
from .store import Store, StoreError, StoreLocked

app = typer.Typer(add_completion=True, no_args_is_help=True,
                  help="sitroom: news reports about armed conflict -> sourced PLOVER events, quotes, places, dates. "
                       "Exit status: 0 done; 1 a document failed, nothing was stored or the store refused; "
                       "2 a bad option or input name.")

DB = typer.Option(Path("sitroom.db"), "--db", help="SQLite store file.")
INPUTS = typer.Argument(..., help="Files, folders or '-' for standard input.")
PUBLISHED = typer.Option(None, help="Publication date for inputs without one: YYYY-MM-DD (ISO 8601), a date "
                                    "with a written month, or a numeric date with --date-order.")
DATE_ORDER = typer.Option(None, "--date-order", help="How to read numeric dates such as 03/04/2019: DMY, MDY or "
                                                     "YMD (without it they are refused as ambiguous).")


def _version(value: bool):
    if value:
        from . import __version__
        from .records import CONTRACT_VERSION
        from .store import SCHEMA_VERSION
        typer.echo(f"sitroom {__version__} (records contract {CONTRACT_VERSION}, store schema {SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """sitroom: news reports about armed conflict -> sourced PLOVER events, quotes, places, dates."""


def _err(msg: str):
    typer.echo(msg, err=True)


def _choice(value: str, valid, hint: str) -> str:
    if value not in valid:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(valid)}", param_hint=hint)
    return value


def _read_options(inputs: List[str], published: Optional[str], date_order: Optional[str]) -> Optional[str]:
    """Checks what a reading command was given: every named input exists, the date order is known and the
    default publication date reads strictly. Returns that date as YYYY-MM-DD."""
    if date_order is not None:
        date_order = _choice(date_order.upper(), _ingest.DATE_ORDERS, "--date-order")
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if missing:
        raise typer.BadParameter("no such file or folder: " + ", ".join(missing), param_hint="INPUTS")
    try:
        return _ingest.parse_published(published, date_order)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published") from exc


def _report_failed(failed):
    for f in failed:
        _err(f"failed {f.describe()}")


def _open(db: Path, read_only: bool = False, timeout: float = 60.0) -> Store:
    try:
        return Store(db, read_only=read_only, timeout=timeout)
    except StoreLocked as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from exc
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from exc


def _checked(check, f):
    """The filter if `check` accepts it, else a bad-parameter error naming the option."""
    try:
        return check(f)
    except FilterError as exc:
        hint = {"date_from": "--from", "date_to": "--to"}.get(exc.field, f"--{exc.field}")
        raise typer.BadParameter(str(exc), param_hint=hint) from exc


def _report_skipped(skipped):
    for origin, reason in skipped:
        _err(f"skipped {origin}: {reason}")


@app.command()
def extract(inputs: List[str] = INPUTS,
            published: Optional[str] = PUBLISHED,
            source: Optional[str] = typer.Option(None, help="Source name for plain text."),
            date_order: Optional[str] = DATE_ORDER,
            processes: Optional[int] = typer.Option(None, help="Worker processes (default: up to 2)."),
            with_text: bool = typer.Option(True, help="Include the document text in the output.")):
    """Read documents and print one JSON document of the contract per line (JSON Lines)."""
    from .pipeline import Failed, extract_many
    published = _read_options(inputs, published, date_order)
    skipped, failed = [], []

    def docs():
        for item in _ingest.read(inputs, published=published, source=source, date_order=date_order):
            if isinstance(item, _ingest.Skipped):
                skipped.append((item.origin, item.reason))
            else:
                yield item

    n = 0
    for doc in extract_many(docs(), n_process=processes):
        if isinstance(doc, Failed):
            failed.append(doc)
            continue
        d = doc.as_dict()
        if not with_text:
            d.pop("text")
        sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        n += 1
    _report_skipped(skipped)
    _report_failed(failed)
    _err(f"{n} documents extracted, {len(skipped)} skipped, {len(failed)} failed")
    if failed or n == 0:
        raise typer.Exit(1)


@app.command()
def run(inputs: List[str] = INPUTS,
        db: Optional[Path] = typer.Option(None, "--db", help="SQLite store file (default sitroom.db; with "
                                                            "--dataset only when given)."),
        published: Optional[str] = PUBLISHED,
        source: Optional[str] = typer.Option(None, help="Source name for plain text."),
        date_order: Optional[str] = DATE_ORDER,
        processes: Optional[int] = typer.Option(None, help="Worker processes (default: up to 2)."),
        progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                                help="Show progress with total and ETA (default: on a terminal; "
                                                     "--progress also prints it as lines when not one)."),
        force: bool = typer.Option(False, "--force", help="Read again documents already stored (same text) and "
                                                          "replace them, with the metadata of this run "
                                                          "(e.g. a new --published)."),
        batch: int = typer.Option(32, min=1, help="Documents per committed transaction."),
        retry_failed: bool = typer.Option(False, "--retry-failed",
                                          help="Read again the documents that failed in an earlier run."),
        wait: float = typer.Option(60.0, min=0, help="Seconds to wait for another process writing to the store."),
        do_fuse: bool = typer.Option(True, "--fuse/--no-fuse", help="Fuse the new events into incidents after "
                                                                  "reading (sitroom fuse; default on)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the one-line result."),
        workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                              help="Extract on a local dask.distributed cluster of N worker "
                                                   "processes (input partitioned; see --dataset)."),
        scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                                help="Extract on a running Dask cluster: its scheduler address, "
                                                     "tcp://HOST:8786 (workers must see the input and the dataset "
                                                     "folder at the same paths)."),
        dataset: Optional[Path] = typer.Option(None, "--dataset",
                                               help="Write the results as a partitioned Parquet dataset in this new "
                                                    "folder (sitroom load / dataset.query read it); with --db "
                                                    "also load it into the store."),
        part_mb: float = typer.Option(4.0, "--partition-mb", min=0.01,
                                      help="Input megabytes per partition of a distributed run.")):
    """Ingest, extract and store documents, fuse the new events into incidents; print what the store now holds."""
    published = _read_options(inputs, published, date_order)
    if workers or scheduler or dataset:
        _run_distributed(inputs, db, dataset, workers, scheduler, part_mb,
                         dict(published=published, source=source, date_order=date_order), wait, force, quiet, progress,
                         do_fuse)
        return
    db = db or Path("sitroom.db")
    store = _open(db, timeout=wait)
    show = None if quiet else progress
    total = _ingest.count(inputs, published=published, source=source, date_order=date_order) \
        if show is not False and (show or sys.stderr.isatty()) else None
    try:
        with _progress(show, total) as tick:
            report = store.ingest(inputs, published=published, source=source, n_process=processes, progress=tick,
                                  batch_size=batch, date_order=date_order, retry_failed=retry_failed, force=force)
    except StoreError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1)
    fused = None
    if do_fuse:   # also after a run that stored nothing new: a killed run may have left events unfused
        try:
            fused = store.fuse()
        except StoreError as exc:
            _err(f"error: fusion: {exc}")
            raise typer.Exit(1)
    _report_skipped(report.skipped)
    _report_failed(report.failed)
    if not quiet:
        print_summary(store.summary())
    typer.echo(report.summary())
    if fused is not None:
        typer.echo(fused.summary())
    store.close()
    if report.failed_before:
        _err(f"{report.failed_before} documents failed in an earlier run and were left alone "
             f"(sitroom failures lists them; --retry-failed reads them again)")
    if report.failed:
        _err(f"error: {len(report.failed)} documents could not be read; the store keeps them as failures "
             f"(sitroom failures --db {db})")
        raise typer.Exit(1)
    if report.stored == 0 and report.unchanged == 0:
        _err("error: nothing was stored")
        raise typer.Exit(1)


def _run_distributed(inputs, db: Optional[Path], folder: Optional[Path], workers: Optional[int],
                     scheduler: Optional[str], part_mb: float, options: dict, wait: float, force: bool, quiet: bool,
                     progress: Optional[bool], do_fuse: bool = True):
    """sitroom run on Dask (or, with --dataset alone, in this process): partitions -> Parquet dataset (with its
    incidents when it is kept) -> store (fused)."""
    import shutil
    import tempfile
    from . import dataset as _dataset, distributed
    if workers and scheduler:
        raise typer.BadParameter("give --workers (a local cluster) or --scheduler (a running one), not both",
                                 param_hint="--workers")
    if "-" in inputs:
        raise typer.BadParameter("standard input cannot be partitioned for a distributed run; give files",
                                 param_hint="INPUTS")
    if folder is not None and folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise typer.BadParameter(f"{folder}: not an empty folder (parts of two runs must not mix)",
                                 param_hint="--dataset")
    if folder is None or db is not None:
        db = db or Path("sitroom.db")
        _open(db, timeout=wait).close()   # a store that cannot be used is refused before anything is read
    root = folder or Path(tempfile.mkdtemp(prefix="sitroom-dataset-", dir=db.parent if db else None))
    cluster = client = None
    show = progress if progress is not None else (not quiet and sys.stderr.isatty())

    def tick(part):
        if show:
            _err(f"partition {part.index}: {part.read} documents, {len(part.failed)} failed, {part.seconds:.1f} s "
                 f"on {part.worker}")
    try:
        if scheduler:
            client = distributed.connect(scheduler)
        elif workers:
            cluster, client = distributed.local_cluster(workers)
        # a kept dataset holds its incidents; one only passed on to the store is fused there
        report = distributed.run(inputs, root, client=client, options=options, part_bytes=int(part_mb * 1e6),
                                 progress=tick, fuse=do_fuse and folder is not None)
    except OSError as exc:
        _err(f"error: cannot reach the Dask scheduler {scheduler}: {exc}")
        raise typer.Exit(1)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    _report_skipped(report.skipped)
    _report_failed(report.failed)
    for index, why in report.retried:
        _err(f"partition {index} failed on the cluster ({why}) and was read again here")
    typer.echo(report.summary())
    if folder is not None:
        typer.echo(f"dataset: {folder}")
    if db is not None:
        try:
            with _open(db, timeout=wait) as store:
                loaded = _dataset.load(root, store, force=force)
                fused = store.fuse() if do_fuse else None
                if not quiet:
                    print_summary(store.summary())
        except StoreError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(1)
        finally:
            if folder is None:
                shutil.rmtree(root, ignore_errors=True)
        typer.echo(loaded.summary())
        if fused is not None:
            typer.echo(fused.summary())
    if report.failed:
        _err(f"error: {len(report.failed)} documents could not be read"
             + (f"; the store keeps them as failures (sitroom failures --db {db})" if db else ""))
        raise typer.Exit(1)
    if report.documents == 0:
        _err("error: nothing was read")
        raise typer.Exit(1)


@app.command()
def load(folder: Path = typer.Argument(..., help="A dataset folder written by sitroom run --dataset."), db: Path = DB,
         force: bool = typer.Option(False, "--force", help="Replace documents already stored with the same text."),
         wait: float = typer.Option(60.0, min=0, help="Seconds to wait for another process writing to the store."),
         do_fuse: bool = typer.Option(True, "--fuse/--no-fuse", help="Fuse the store's new events into incidents "
                                                                   "after loading (a store that held no events takes "
                                                                   "the dataset's incidents; default on)."),
         quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the one-line result.")):
    """Load a Parquet dataset of a distributed run into the store (one transaction per partition), then fuse."""
    from .dataset import DatasetError, load as _load
    store = _open(db, timeout=wait)
    fused = None
    try:
        report = _load(folder, store, force=force)
        fused = store.fuse() if do_fuse else None
    except DatasetError as exc:
        raise typer.BadParameter(str(exc), param_hint="DATASET") from exc
    except StoreError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1)
    if not quiet:
        print_summary(store.summary())
    store.close()
    _report_failed(report.failed)
    typer.echo(report.summary())
    if fused is not None:
        typer.echo(fused.summary())
    if report.failed:
        raise typer.Exit(1)


@app.command()
def query(folder: Path = typer.Argument(..., help="A dataset folder written by sitroom run --dataset."),
          sql: str = typer.Argument(..., help="SQL over its tables: documents, events, event_actors, quotes, places, "
                                              "dates, actors, failures (and incidents when present)."),
          fmt: str = typer.Option("table", "--format", help="table, json or csv.")):
    """Query a Parquet dataset in place with DuckDB."""
    from .dataset import DatasetError, query as _query
    _choice(fmt, ("table", "json", "csv"), "--format")
    try:
        rows = _query(folder, sql)
    except DatasetError as exc:
        raise typer.BadParameter(str(exc), param_hint="DATASET") from exc
    except Exception as exc:  # DuckDB's errors (a bad query) name themselves
        _err(f"error: {type(exc).__name__}: {exc}")
        raise typer.Exit(1)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    elif fmt == "csv":
        import csv
        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [])
        w.writeheader()
        w.writerows(rows)
    else:
        if rows:
            typer.echo("\t".join(rows[0]))
        for r in rows:
            typer.echo("\t".join("" if v is None else str(v) for v in r.values()))
        _err(f"{len(rows)} rows")


@app.command()
def failures(db: Path = DB, fmt: str = typer.Option("table", "--format", help="table or json."),
             detail: bool = typer.Option(False, "--detail", help="Also print where in the code each one failed.")):
    """Documents that could not be read: doc_id, origin, stage, error (a resume leaves them alone)."""
    _choice(fmt, ("table", "json"), "--format")
    store = _open(db, read_only=True)
    rows = store.failures()
    store.close()
    if fmt == "json":
        typer.echo(json.dumps(rows if detail else [{k: v for k, v in r.items() if k != "detail"} for r in rows],
                              ensure_ascii=False, indent=1))
        return
    for r in rows:
        typer.echo(f"{r['doc_id']}  {r['stage']:<9} {r['origin'] or ''}\n    {r['error']}")
        if detail and r["detail"]:
            typer.echo("    " + r["detail"].rstrip().replace("\n", "\n    "))
    _err(f"{len(rows)} failed documents")


class _progress:
    """Progress on standard error, shown from the start: documents done of the total, elapsed time and ETA.
    `enabled` None: a rich bar on a terminal, nothing elsewhere; True: the bar on a terminal, else a line at
    the first document, every 5 seconds and at the end; False: nothing."""

    def __init__(self, enabled: Optional[bool], total: Optional[int] = None):
        self.tty = sys.stderr.isatty()
        self.mode = None if enabled is False else "bar" if self.tty else "lines" if enabled else None
        self.total = total

    def __enter__(self):
        import time
        if self.mode is None:
            return None
        self.t0 = time.monotonic()
        self.done = 0
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                MofNCompleteColumn(), TextColumn("documents"), TimeElapsedColumn(),
                                TextColumn("ETA"), TimeRemainingColumn(), transient=True,
                                console=Console(stderr=True))
            self.bar.start()
            task = self.bar.add_task("loading the language model", total=self.total)

            def tick(doc):
                self.bar.update(task, advance=1, description="reading")
            return tick
        self.last = 0.0
        _err(f"progress: 0/{self.total if self.total is not None else '?'} documents "
             "(loading the language model)")

        def line(doc):
            self.done += 1
            now = time.monotonic() - self.t0
            if self.done == 1 or now - self.last >= 5 or self.done == self.total:
                self.last = now
                if self.done == 1:
                    self.first = now   # the model is loaded: the rate is measured from here on
                eta = ""
                if self.total:
                    rate = (now - self.first) / (self.done - 1) if self.done > 1 else now
                    eta = f", ETA {max(0.0, rate * (self.total - self.done)):.0f} s"
                _err(f"progress: {self.done}/{self.total if self.total is not None else '?'} documents, "
                     f"{now:.1f} s{eta}")
        return line

    def __exit__(self, *exc):
        if self.mode == "bar":
            self.bar.stop()


def print_summary(s: dict):
    from rich.console import Console
    from rich.table import Table
    con = Console()
    con.print(f"[bold]{s['documents']}[/] documents, [bold]{s['events']}[/] events, "
              f"[bold]{s['quotes']}[/] quotes, [bold]{s['places']}[/] place mentions, "
              f"[bold]{s.get('incidents', 0)}[/] incidents reported more than once")
    t = Table(title="Events by type")
    t.add_column("type")
    t.add_column("events", justify="right")
    for k, v in s["events_by_type"].items():
        t.add_row(k, str(v))
    con.print(t)
    t = Table(title="Top actors")
    t.add_column("actor")
    t.add_column("events", justify="right")
    for r in s["top_actors"]:
        t.add_row(str(r["name"]), str(r["events"]))
    con.print(t)
    t = Table(title="Timeline (events by month)")
    t.add_column("month")
    t.add_column("events", justify="right")
    t.add_column("")
    top = max([r["events"] for r in s["timeline"]] or [1])
    for r in s["timeline"][-18:]:
        t.add_row(r["month"], str(r["events"]), "█" * max(1, round(30 * r["events"] / top)))
    con.print(t)
    if s.get("versions"):
        con.print("last read by " + ", ".join(f"{k} {v}" for k, v in s["versions"].items()), style="dim")


@app.command()
def summary(db: Path = DB, as_json: bool = typer.Option(False, "--json", help="Print JSON.")):
    """What the store holds: documents, events by type, top actors, a short timeline."""
    s = _open(db, read_only=True).summary()
    typer.echo(json.dumps(s, indent=2)) if as_json else print_summary(s)


@app.command()
def events(db: Path = DB,
           type: Optional[str] = typer.Option(None, "--type", help="PLOVER type(s), comma-separated."),
           actor: Optional[str] = typer.Option(None, help="Actor name (substring)."),
           recipient: Optional[str] = typer.Option(None, help="Recipient name (substring)."),
           country: Optional[str] = typer.Option(None, help="Country code: ISO-2 of the place or ISO-3 of an actor."),
           place: Optional[str] = typer.Option(None, help="Place name (substring)."),
           date_from: Optional[str] = typer.Option(None, "--from", help="Events on or after this date."),
           date_to: Optional[str] = typer.Option(None, "--to", help="Events on or before this date."),
           status: Optional[str] = typer.Option(None, help="asserted, future, hypothetical, negated."),
           mode: Optional[str] = typer.Option(None, help="PLOVER mode."),
           text: Optional[str] = typer.Option(None, help="Words in the sentence."),
           sort: str = typer.Option("date", help="date, type, published, doc, killed."),
           limit: int = typer.Option(100, min=1, help="At most this many rows (no cap)."),
           offset: int = typer.Option(0, help="Skip this many rows."),
           fmt: str = typer.Option("table", "--format", help="table, json or csv.")):
    """List stored events matching the filters."""
    _choice(fmt, ("table", "json", "csv"), "--format")
    f = EventFilter(type=type, actor=actor, recipient=recipient, country=country, place=place, date_from=date_from,
                    date_to=date_to, status=status, mode=mode, text=text, sort=sort, limit=limit, offset=offset)
    _checked(validate, f)
    store = _open(db, read_only=True)
    rows = store.events(**vars(f))
    total = store.count_events(**{k: v for k, v in vars(f).items() if k not in ("limit", "offset")})
    if len(rows) < total:
        _err(f"showing {len(rows)} of {total} events (--limit, --offset for more)")
    if fmt == "json":
        typer.echo(json.dumps([{k: r[k] for k in EVENT_COLUMNS} for r in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        from .export import write_csv
        write_csv(rows, sys.stdout)
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table
        t = Table(show_lines=False)
        for c in ("date", "event_type", "status", "actor", "recipient", "location", "killed", "sentence"):
            t.add_column(c, overflow="fold", max_width=60 if c == "sentence" else 24)
        for r in rows:
            t.add_row(*[("" if r[c] is None else str(r[c])) for c in
                        ("date", "event_type", "status", "actor", "recipient", "location", "killed", "sentence")])
        Console().print(t)
        _err(f"{len(rows)} of {total} events")


@app.command()
def fuse(db: Path = DB, full: bool = typer.Option(False, "--full", help="Fuse every event again, not only the "
                                                                      "new ones (the result is the same)."),
         wait: float = typer.Option(60.0, min=0, help="Seconds to wait for another process writing to the store.")):
    """Group the stored events into incidents: reports of one incident within and across documents (new events
    join incidents or make new ones)."""
    store = _open(db, timeout=wait)
    try:
        typer.echo(store.fuse(incremental=not full).summary())
    except StoreError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1)
    finally:
        store.close()


INCIDENT_TABLE = ("incident_id", "mentions", "n_sources", "event_type", "actors", "location", "date", "killed",
                  "sentence")


def _killed(r: dict) -> str:
    lo, hi = r["killed_min"], r["killed_max"]
    return "" if lo is None else str(lo) if lo == hi else f"{lo}-{hi}"


@app.command()
def incidents(db: Path = DB,
              type: Optional[str] = typer.Option(None, "--type", help="PLOVER type(s) of a member event."),
              actor: Optional[str] = typer.Option(None, help="Actor name (substring)."),
              recipient: Optional[str] = typer.Option(None, help="Recipient name (substring)."),
              country: Optional[str] = typer.Option(None, help="Country code: ISO-2 of the place or ISO-3 of an actor."),
              place: Optional[str] = typer.Option(None, help="Place name (substring)."),
              date_from: Optional[str] = typer.Option(None, "--from", help="A member event on or after this date."),
              date_to: Optional[str] = typer.Option(None, "--to", help="A member event on or before this date."),
              status: Optional[str] = typer.Option(None, help="asserted, future, hypothetical, negated."),
              text: Optional[str] = typer.Option(None, help="Words in a member sentence."),
              min_mentions: int = typer.Option(2, "--min-mentions", min=1, help="At least this many mentions."),
              min_sources: int = typer.Option(1, "--min-sources", min=1, help="At least this many sources."),
              sort: str = typer.Option("mentions", help="mentions, sources, reported, date, killed (largest first)."),
              limit: int = typer.Option(100, min=1, help="At most this many rows."),
              offset: int = typer.Option(0, help="Skip this many rows."),
              fmt: str = typer.Option("table", "--format", help="table, json or csv.")):
    """Incidents (after `sitroom fuse`): every report of one incident, figures per source (killed min-max)."""
    from .query import INCIDENT_COLUMNS, IncidentFilter, validate_incidents
    _choice(fmt, ("table", "json", "csv"), "--format")
    f = IncidentFilter(type=type, actor=actor, recipient=recipient, country=country, place=place,
                       date_from=date_from, date_to=date_to, status=status, text=text, min_mentions=min_mentions,
                       min_sources=min_sources, sort=sort, limit=limit, offset=offset)
    _checked(validate_incidents, f)
    store = _open(db, read_only=True)
    rows = store.incidents(**vars(f))
    total = store.count_incidents(**{k: v for k, v in vars(f).items() if k not in ("limit", "offset")})
    if len(rows) < total:
        _err(f"showing {len(rows)} of {total} incidents (--limit, --offset for more)")
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        import csv
        from .export import incident_flat
        w = csv.DictWriter(sys.stdout, fieldnames=INCIDENT_COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(incident_flat(r) for r in rows)
    else:
        from rich.console import Console
        from rich.table import Table
        t = Table(show_lines=False)
        for c in INCIDENT_TABLE:
            t.add_column(c, overflow="fold", max_width=60 if c == "sentence" else 24)
        for r in rows:
            cells = {"actors": "; ".join(r["actors"]), "date": r["date_start"] or r["first_report"] or "",
                     "killed": _killed(r)}
            t.add_row(*[str(cells[c] if c in cells else "" if r[c] is None else r[c]) for c in INCIDENT_TABLE])
        Console().print(t)
        _err(f"{len(rows)} of {total} incidents")


@app.command()
def quotes(db: Path = DB, speaker: Optional[str] = typer.Option(None, help="Speaker name (substring)."),
           text: Optional[str] = typer.Option(None, help="Words in the quote."),
           limit: int = typer.Option(100), fmt: str = typer.Option("table", "--format", help="table, json or csv.")):
    """List stored quotes by speaker or words."""
    _choice(fmt, ("table", "json", "csv"), "--format")
    rows = _open(db, read_only=True).quotes(speaker=speaker, text=text, limit=limit)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        import csv
        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["quote_id", "quote"])
        w.writeheader()
        w.writerows(rows)
        return
    for r in rows:
        who = r["speaker_name"] or r["speaker_text"] or "?"
        mark = '"' if r["direct"] else ""
        typer.echo(f"{r['published'] or '':10}  {who}: {mark}{r['quote']}{mark}")


@app.command()
def search(words: str = typer.Argument(..., help="Words to find in document text."), db: Path = DB,
           limit: int = typer.Option(20)):
    """Full-text search over stored documents."""
    for r in _open(db, read_only=True).search(words, limit=limit):
        typer.echo(f"{r['doc_id']}  {r['published'] or '':10}  {r['title'] or ''}\n    {r['snippet']}")


@app.command()
def export(db: Path = DB, fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv, parquet or geojson."),
           out: Optional[Path] = typer.Option(None, "-o", "--out", help="Output file (default: standard output)."),
           profile: str = typer.Option("sitroom", "--profile",
                                       help="Columns of csv/parquet rows: sitroom, or acled (ACLED's names and "
                                            "codes)."),
           rows_of: str = typer.Option("events", "--rows", help="events, or incidents (one row per incident, "
                                                                "after sitroom fuse).")):
    """Export the whole store, streamed: jsonl (documents of the contract), csv/parquet (one row per event;
    parquet typed: dates as dates, actors as lists), geojson; `--rows incidents`: one row (jsonl line, feature)
    per incident."""
    from .export import PROFILES, ROWS, export as _export
    _choice(profile, PROFILES, "--profile")
    _choice(rows_of, ROWS, "--rows")
    try:
        n = _export(_open(db, read_only=True), fmt, out, profile=profile, rows_of=rows_of)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    _err(f"{n} records written" + (f" to {out}" if out else ""))


@app.command()
def serve(db: Path = DB, host: str = typer.Option("127.0.0.1", help="Address to bind."),
          port: int = typer.Option(8000, help="Port.")):
    """Serve the HTTP API and the web workbench over a store (opened read-only)."""
    import uvicorn
    from .api import create_app
    _open(db, read_only=True).close()
    uvicorn.run(create_app(db), host=host, port=port, log_level="info")


def main():  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
