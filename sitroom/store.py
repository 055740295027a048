"""The embedded store: one SQLite file (WAL, FTS5), a versioned schema with migrations.

Writes are one transaction per batch of documents, so a crash (even `kill -9`) loses no committed
document and the next run resumes where the last one stopped. A document is stored once per doc_id;
storing the same document again changes nothing. A document that could not be read is stored as a
failure (doc_id, origin, stage, error), so a resume skips it and `failures()` lists it.

Writes cost the same at any size of the store: every lookup a write makes goes through an index,
a new document costs no delete work, and the full-text indexes are external-content FTS5 tables kept
in step by triggers (the text is stored once). Writers take the write lock up front (BEGIN IMMEDIATE)
and wait up to `timeout` seconds for another writer; past that the write fails with a StoreError.
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .records import QUAD, Document, stable_id

SCHEMA_VERSION = 10

# Each migration takes the schema from version i to i + 1 (index 0: empty file -> 1).
MIGRATIONS = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY, title TEXT, source TEXT, url TEXT, published TEXT,
        text TEXT NOT NULL, text_hash TEXT NOT NULL, origin TEXT,
        n_events INTEGER NOT NULL DEFAULT 0, n_quotes INTEGER NOT NULL DEFAULT 0, added TEXT NOT NULL);
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE events (
        event_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, event_type TEXT NOT NULL, quad TEXT, mode TEXT, context TEXT, status TEXT NOT NULL,
        sentence TEXT NOT NULL, span_start INTEGER, span_end INTEGER,
        trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,
        date_text TEXT, date_start TEXT, date_end TEXT, date_granularity TEXT,
        location_text TEXT, location_name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,
        geonameid INTEGER, feature TEXT, killed INTEGER, injured INTEGER, size INTEGER, confidence REAL);
    CREATE INDEX events_doc ON events(doc_id);
    CREATE INDEX events_type ON events(event_type);
    CREATE INDEX events_date ON events(date_start);
    CREATE TABLE event_actors (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE, doc_id TEXT NOT NULL,
        role TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT, name TEXT, country TEXT, agent TEXT,
        span_start INTEGER, span_end INTEGER);
    CREATE INDEX event_actors_event ON event_actors(event_id);
    CREATE INDEX event_actors_name ON event_actors(name);
    CREATE TABLE quotes (
        quote_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, quote TEXT NOT NULL, span_start INTEGER, span_end INTEGER, direct INTEGER,
        speaker_text TEXT, speaker_name TEXT, speaker_title TEXT, speaker_affiliation TEXT, cue TEXT);
    CREATE INDEX quotes_doc ON quotes(doc_id);
    CREATE INDEX quotes_speaker ON quotes(speaker_name);
    CREATE TABLE places (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, idx INTEGER NOT NULL,
        text TEXT, name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL, geonameid INTEGER, feature TEXT,
        span_start INTEGER, span_end INTEGER);
    CREATE INDEX places_doc ON places(doc_id);
    CREATE TABLE dates (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, idx INTEGER NOT NULL,
        text TEXT, start TEXT, "end" TEXT, granularity TEXT, span_start INTEGER, span_end INTEGER);
    CREATE INDEX dates_doc ON dates(doc_id);
    CREATE TABLE actors (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, idx INTEGER NOT NULL,
        text TEXT, name TEXT, country TEXT, agent TEXT, span_start INTEGER, span_end INTEGER);
    CREATE INDEX actors_doc ON actors(doc_id);
    CREATE INDEX actors_name ON actors(name);
    CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text);
    CREATE VIRTUAL TABLE quotes_fts USING fts5(quote_id UNINDEXED, quote, speaker);
    """,
    # 2: quotes' speakers linked to the document's actors (country, agent type)
    """
    ALTER TABLE quotes ADD COLUMN speaker_country TEXT;
    ALTER TABLE quotes ADD COLUMN speaker_agent TEXT;
    """,
    # 3: dates keep their TimeML value (PRESENT_REF, 2017-SU, ...: what start/granularity cannot say)
    """
    ALTER TABLE events ADD COLUMN date_value TEXT;
    ALTER TABLE dates ADD COLUMN value TEXT;
    """,
    # 4: writes in O(1) per document: integer ids that the external-content FTS tables point at (rowids a VACUUM
    # cannot renumber), FTS kept by triggers, the index event_actors(doc_id) the delete needs, no index on names
    # (every read of them is a case-folded substring match no index serves; each cost a random-key insert per
    # mention, the part of the write time that grew with the store); the failures table
    """
    CREATE TABLE documents_v4 (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, title TEXT, source TEXT, url TEXT, published TEXT,
        text TEXT NOT NULL, text_hash TEXT NOT NULL, origin TEXT,
        n_events INTEGER NOT NULL DEFAULT 0, n_quotes INTEGER NOT NULL DEFAULT 0, added TEXT NOT NULL);
    INSERT INTO documents_v4(doc_id, title, source, url, published, text, text_hash, origin, n_events, n_quotes, added)
        SELECT doc_id, title, source, url, published, text, text_hash, origin, n_events, n_quotes, added
        FROM documents ORDER BY rowid;
    DROP TABLE documents;
    ALTER TABLE documents_v4 RENAME TO documents;
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE quotes_v4 (
        id INTEGER PRIMARY KEY, quote_id TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, quote TEXT NOT NULL, span_start INTEGER, span_end INTEGER, direct INTEGER,
        speaker_text TEXT, speaker_name TEXT, speaker_title TEXT, speaker_affiliation TEXT, cue TEXT,
        speaker_country TEXT, speaker_agent TEXT,
        speaker_words TEXT GENERATED ALWAYS AS (trim(coalesce(speaker_name, '') || ' ' || coalesce(speaker_text, '')))
            VIRTUAL);
    INSERT INTO quotes_v4(quote_id, doc_id, idx, quote, span_start, span_end, direct, speaker_text, speaker_name,
                          speaker_title, speaker_affiliation, cue, speaker_country, speaker_agent)
        SELECT quote_id, doc_id, idx, quote, span_start, span_end, direct, speaker_text, speaker_name,
               speaker_title, speaker_affiliation, cue, speaker_country, speaker_agent FROM quotes ORDER BY rowid;
    DROP TABLE quotes;
    ALTER TABLE quotes_v4 RENAME TO quotes;
    CREATE INDEX quotes_doc ON quotes(doc_id);
    CREATE INDEX event_actors_doc ON event_actors(doc_id);
    DROP INDEX event_actors_name;
    DROP INDEX actors_name;
    DROP TABLE documents_fts;
    DROP TABLE quotes_fts;
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id');
    CREATE VIRTUAL TABLE quotes_fts USING fts5(quote, speaker_words, content='quotes', content_rowid='id');
    INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
    INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, quote, speaker_words) VALUES (new.id, new.quote, new.speaker_words);
    END;
    CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, quote, speaker_words)
            VALUES ('delete', old.id, old.quote, old.speaker_words);
    END;
    CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, quote, speaker_words)
            VALUES ('delete', old.id, old.quote, old.speaker_words);
        INSERT INTO quotes_fts(rowid, quote, speaker_words) VALUES (new.id, new.quote, new.speaker_words);
    END;
    CREATE TABLE failures (
        doc_id TEXT PRIMARY KEY, text_hash TEXT NOT NULL, origin TEXT, stage TEXT NOT NULL, error TEXT NOT NULL,
        detail TEXT, added TEXT NOT NULL);
    """,
    # 5: views at a million events: the day an event is counted at as a column (sort_date: the text's date, else
    # the publication date; written with the event), indexed with what the views filter, sort and group by, so
    # a page, a total or a facet reads an index instead of sorting or scanning every event; event_cube, events
    # counted by month, type, status and place country (kept exact by triggers: one small upsert per event), which
    # answers totals, facets and timelines of whole months without reading the events; actor_counts and
    # actor_events, the actors' mentions by role and distinct events (exact, by triggers on event_actors), which
    # answer the actors list, the actor facet and the top actors of the whole store
    """
    ALTER TABLE events ADD COLUMN sort_date TEXT;
    UPDATE events SET sort_date = COALESCE(date_start, (SELECT published FROM documents d WHERE d.doc_id = events.doc_id));
    DROP INDEX events_date;
    DROP INDEX events_type;
    CREATE INDEX events_sort ON events(sort_date, doc_id, idx);
    CREATE INDEX events_type_sort ON events(event_type, sort_date);
    CREATE INDEX events_country_sort ON events(country, sort_date);
    CREATE INDEX events_status ON events(status, event_type);
    CREATE INDEX events_quad ON events(quad, event_type);
    CREATE INDEX events_located ON events(lat, lon, quad) WHERE lat IS NOT NULL;
    CREATE INDEX event_actors_country ON event_actors(upper(country), event_id);
    DROP INDEX event_actors_event;
    CREATE INDEX event_actors_event ON event_actors(event_id, role, name, text);
    CREATE TABLE event_cube (
        month TEXT NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL, country TEXT NOT NULL, quad TEXT,
        n INTEGER NOT NULL, dated INTEGER NOT NULL, PRIMARY KEY (month, event_type, status, country)) WITHOUT ROWID;
    INSERT INTO event_cube(month, event_type, status, country, quad, n, dated)
        SELECT coalesce(substr(sort_date, 1, 7), ''), event_type, status, coalesce(country, ''), max(quad), count(*),
               sum(date_start IS NOT NULL) FROM events GROUP BY 1, 2, 3, 4;
    CREATE TRIGGER events_cube_insert AFTER INSERT ON events BEGIN
        INSERT INTO event_cube(month, event_type, status, country, quad, n, dated)
            VALUES (coalesce(substr(new.sort_date, 1, 7), ''), new.event_type, new.status, coalesce(new.country, ''),
                    new.quad, 1, new.date_start IS NOT NULL)
            ON CONFLICT(month, event_type, status, country) DO UPDATE SET n = n + 1, dated = dated + excluded.dated;
    END;
    CREATE TRIGGER events_cube_delete AFTER DELETE ON events BEGIN
        UPDATE event_cube SET n = n - 1, dated = dated - (old.date_start IS NOT NULL)
            WHERE month = coalesce(substr(old.sort_date, 1, 7), '') AND event_type = old.event_type
              AND status = old.status AND country = coalesce(old.country, '');
    END;
    CREATE TABLE actor_counts (
        actor TEXT NOT NULL, country TEXT NOT NULL, agent TEXT NOT NULL, as_actor INTEGER NOT NULL,
        as_recipient INTEGER NOT NULL, PRIMARY KEY (actor, country, agent)) WITHOUT ROWID;
    INSERT INTO actor_counts(actor, country, agent, as_actor, as_recipient)
        SELECT coalesce(name, text, ''), coalesce(country, ''), coalesce(agent, ''), sum(role = 'actor'),
               sum(role = 'recipient') FROM event_actors GROUP BY 1, 2, 3;
    CREATE TABLE actor_events (
        actor TEXT PRIMARY KEY, events INTEGER NOT NULL, actor_events INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO actor_events(actor, events, actor_events)
        SELECT coalesce(name, text, ''), count(DISTINCT event_id), count(DISTINCT CASE WHEN role = 'actor' THEN event_id END)
        FROM event_actors GROUP BY 1;
    CREATE TRIGGER event_actors_counts_insert AFTER INSERT ON event_actors BEGIN
        INSERT INTO actor_counts(actor, country, agent, as_actor, as_recipient)
            VALUES (coalesce(new.name, new.text, ''), coalesce(new.country, ''), coalesce(new.agent, ''),
                    new.role = 'actor', new.role = 'recipient')
            ON CONFLICT(actor, country, agent) DO UPDATE SET as_actor = as_actor + excluded.as_actor,
                                                             as_recipient = as_recipient + excluded.as_recipient;
        INSERT INTO actor_events(actor, events, actor_events)
            VALUES (coalesce(new.name, new.text, ''),
                    NOT EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = new.event_id AND x.rowid <> new.rowid
                                AND coalesce(x.name, x.text, '') = coalesce(new.name, new.text, '')),
                    new.role = 'actor' AND NOT EXISTS (
                        SELECT 1 FROM event_actors x WHERE x.event_id = new.event_id AND x.rowid <> new.rowid
                        AND x.role = 'actor' AND coalesce(x.name, x.text, '') = coalesce(new.name, new.text, '')))
            ON CONFLICT(actor) DO UPDATE SET events = events + excluded.events,
                                             actor_events = actor_events + excluded.actor_events;
    END;
    CREATE TRIGGER event_actors_counts_delete AFTER DELETE ON event_actors BEGIN
        UPDATE actor_counts SET as_actor = as_actor - (old.role = 'actor'),
                                as_recipient = as_recipient - (old.role = 'recipient')
            WHERE actor = coalesce(old.name, old.text, '') AND country = coalesce(old.country, '')
              AND agent = coalesce(old.agent, '');
        UPDATE actor_events SET
            events = events - NOT EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = old.event_id
                                          AND coalesce(x.name, x.text, '') = coalesce(old.name, old.text, '')),
            actor_events = actor_events - (old.role = 'actor' AND NOT EXISTS (
                SELECT 1 FROM event_actors x WHERE x.event_id = old.event_id AND x.role = 'actor'
                AND coalesce(x.name, x.text, '') = coalesce(old.name, old.text, '')))
            WHERE actor = coalesce(old.name, old.text, '');
    END;
    """,
    # 6: cross-source fusion (sitroom.fuse): incidents, their member events, and each event's incident
    """
    ALTER TABLE events ADD COLUMN incident_id TEXT;
    CREATE INDEX events_incident ON events(incident_id);
    CREATE TABLE incidents (
        incident_id TEXT PRIMARY KEY, mentions INTEGER NOT NULL, n_documents INTEGER NOT NULL,
        n_sources INTEGER NOT NULL, first_report TEXT, last_report TEXT, event_type TEXT NOT NULL, quad TEXT,
        status TEXT, actors TEXT NOT NULL, recipients TEXT NOT NULL, location TEXT, country TEXT,
        lat REAL, lon REAL, date_start TEXT, date_end TEXT, date_precision TEXT,
        killed_min INTEGER, killed_max INTEGER, injured_min INTEGER, injured_max INTEGER,
        size_min INTEGER, size_max INTEGER, figures TEXT NOT NULL, cumulative INTEGER NOT NULL DEFAULT 0,
        sentence TEXT);
    CREATE INDEX incidents_type ON incidents(event_type);
    CREATE INDEX incidents_first ON incidents(first_report);
    CREATE TABLE incident_members (
        event_id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, doc_id TEXT NOT NULL,
        cumulative INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX incident_members_incident ON incident_members(incident_id);
    CREATE INDEX incident_members_doc ON incident_members(doc_id);
    """,
]

# The map grids the store keeps (schema 7): zoom 0 to MAP_ZOOM, the zooms a world map without a bbox asks for (the
# workbench's map goes to zoom 8); past it, or with any filter, the clusters are counted from the events.
MAP_ZOOM = 8
# Quad categories, in the order of query.QUADS (the map cells count each one)
MAP_QUADS = sorted(set(QUAD.values()))


def _kept_strings(strings: str, table: str, a: str, b: str, trigger: str) -> str:
    """A table `strings` of the distinct values of columns `a` and `b` of `table`, each with its number of rows
    (a value in both columns of a row counts twice), filled and kept by triggers on `table`."""
    return f"""
    CREATE TABLE {strings} (value TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO {strings}(value, n)
        SELECT value, count(*) FROM (SELECT {a} AS value FROM {table} WHERE {a} IS NOT NULL
                                     UNION ALL SELECT {b} FROM {table} WHERE {b} IS NOT NULL) GROUP BY value;
    CREATE TRIGGER {trigger}_insert AFTER INSERT ON {table} BEGIN
        INSERT INTO {strings}(value, n) SELECT new.{a}, 1 WHERE new.{a} IS NOT NULL
            ON CONFLICT(value) DO UPDATE SET n = n + 1;
        INSERT INTO {strings}(value, n) SELECT new.{b}, 1 WHERE new.{b} IS NOT NULL
            ON CONFLICT(value) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER {trigger}_delete AFTER DELETE ON {table} BEGIN
        UPDATE {strings} SET n = n - 1 WHERE value = old.{a};
        UPDATE {strings} SET n = n - 1 WHERE value = old.{b};
    END;
    """


def _views_at_scale() -> str:
    """Migration 7: what the views that schema 5 left over 500 ms at a million events read instead of the events.
    - actor_strings: every distinct actor name and surface text with its number of mentions (kept by triggers),
      and event_actors indexed by name and by text: an actor substring filter matches the few thousand strings,
      then reads the events of the matching ones through the index, instead of case-folding every mention;
    - actor_edges / actor_links: actor -> recipient pairs counted by distinct events (per quad, and in all), kept
      by triggers on event_actors (a pair counts once per event however many mentions make it), and actor_links
      indexed by weight: the whole store's network is its first rows; edge_cube / edge_totals, the same pairs by
      month, type and status, and by type and status: the network of the filters event_cube answers. The store
      writes a document's mentions after its events and deletes them before (the event's quad, type, status and
      month are read from its row);
    - event_totals, event_cube without the month (totals and facets of filters without dates), and actor_cube /
      actor_totals, actors' distinct events (as actor) by month, type and status, and by type and status (the
      actor facet of the filters event_cube answers);
    - map_cells / map_places: located events counted per grid cell of every zoom up to MAP_ZOOM (count, sums of
      lat and lon, per-quad counts, distinct places), and the places of each cell with their counts, kept by
      triggers on events: the whole store's map clusters at those zooms read one row per cell; the located events
      indexed by type and by day with what a cluster reads (a filtered map reads an index, not the rows)."""
    name = lambda t: f"coalesce({t}.name, {t}.text, '')"  # noqa: E731
    quad = lambda t: f"coalesce((SELECT quad FROM events WHERE event_id = {t}.event_id), '')"  # noqa: E731
    ev = "(SELECT coalesce(substr(sort_date, 1, 7), '') AS month, event_type, status, quad FROM events " \
         "WHERE event_id = {t}.event_id)"
    parts = [_kept_strings("actor_strings", "event_actors", "name", "text", "event_actors_strings") + """
    CREATE INDEX event_actors_by_name ON event_actors(name, role, event_id);
    CREATE INDEX event_actors_by_text ON event_actors(text, role, event_id);
    CREATE TABLE actor_edges (
        source TEXT NOT NULL, target TEXT NOT NULL, quad TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (source, target, quad)) WITHOUT ROWID;
    INSERT INTO actor_edges(source, target, quad, n)
        SELECT coalesce(a.name, a.text, ''), coalesce(r.name, r.text, ''), coalesce(e.quad, ''),
               count(DISTINCT e.event_id) FROM events e
        JOIN event_actors a ON a.event_id = e.event_id AND a.role = 'actor'
        JOIN event_actors r ON r.event_id = e.event_id AND r.role = 'recipient' GROUP BY 1, 2, 3;
    CREATE TABLE actor_links (
        source TEXT NOT NULL, target TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (source, target)) WITHOUT ROWID;
    INSERT INTO actor_links(source, target, n) SELECT source, target, sum(n) FROM actor_edges GROUP BY 1, 2;
    CREATE INDEX actor_links_rank ON actor_links(n DESC, source, target) WHERE source <> target;
    CREATE TABLE edge_cube (
        month TEXT NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL,
        target TEXT NOT NULL, quad TEXT, n INTEGER NOT NULL,
        PRIMARY KEY (month, event_type, status, source, target)) WITHOUT ROWID;
    INSERT INTO edge_cube(month, event_type, status, source, target, quad, n)
        SELECT coalesce(substr(e.sort_date, 1, 7), ''), e.event_type, e.status, coalesce(a.name, a.text, ''),
               coalesce(r.name, r.text, ''), max(e.quad), count(DISTINCT e.event_id) FROM events e
        JOIN event_actors a ON a.event_id = e.event_id AND a.role = 'actor'
        JOIN event_actors r ON r.event_id = e.event_id AND r.role = 'recipient' GROUP BY 1, 2, 3, 4, 5;
    CREATE TABLE edge_totals (
        event_type TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, quad TEXT,
        n INTEGER NOT NULL, PRIMARY KEY (event_type, status, source, target)) WITHOUT ROWID;
    INSERT INTO edge_totals(event_type, status, source, target, quad, n)
        SELECT event_type, status, source, target, max(quad), sum(n) FROM edge_cube GROUP BY 1, 2, 3, 4;
    """]
    for role, other, me, them in (("actor", "recipient", "source", "target"), ("recipient", "actor", "target", "source")):
        # the new mention makes a pair only if no other mention of this event in this role has its name
        parts.append(f"""
    CREATE TRIGGER event_actors_{role}_edges_insert AFTER INSERT ON event_actors
    WHEN new.role = '{role}' AND NOT EXISTS (
        SELECT 1 FROM event_actors x WHERE x.event_id = new.event_id AND x.role = '{role}' AND x.rowid <> new.rowid
        AND {name('x')} = {name('new')})
    BEGIN
        INSERT INTO actor_edges({me}, {them}, quad, n)
            SELECT DISTINCT {name('new')}, {name('x')}, {quad('new')}, 1 FROM event_actors x
            WHERE x.event_id = new.event_id AND x.role = '{other}'
            ON CONFLICT(source, target, quad) DO UPDATE SET n = n + 1;
        INSERT INTO actor_links({me}, {them}, n)
            SELECT DISTINCT {name('new')}, {name('x')}, 1 FROM event_actors x
            WHERE x.event_id = new.event_id AND x.role = '{other}'
            ON CONFLICT(source, target) DO UPDATE SET n = n + 1;
        INSERT INTO edge_cube(month, event_type, status, {me}, {them}, quad, n)
            SELECT DISTINCT e.month, e.event_type, e.status, {name('new')}, {name('x')}, e.quad, 1
            FROM event_actors x, {ev.format(t='new')} e WHERE x.event_id = new.event_id AND x.role = '{other}'
            ON CONFLICT(month, event_type, status, source, target) DO UPDATE SET n = n + 1;
        INSERT INTO edge_totals(event_type, status, {me}, {them}, quad, n)
            SELECT DISTINCT e.event_type, e.status, {name('new')}, {name('x')}, e.quad, 1
            FROM event_actors x, {ev.format(t='new')} e WHERE x.event_id = new.event_id AND x.role = '{other}'
            ON CONFLICT(event_type, status, source, target) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER event_actors_{role}_edges_delete AFTER DELETE ON event_actors
    WHEN old.role = '{role}' AND NOT EXISTS (
        SELECT 1 FROM event_actors x WHERE x.event_id = old.event_id AND x.role = '{role}'
        AND {name('x')} = {name('old')})
    BEGIN
        UPDATE actor_edges SET n = n - 1 WHERE {me} = {name('old')} AND quad = {quad('old')} AND {them} IN (
            SELECT {name('x')} FROM event_actors x WHERE x.event_id = old.event_id AND x.role = '{other}');
        UPDATE actor_links SET n = n - 1 WHERE {me} = {name('old')} AND {them} IN (
            SELECT {name('x')} FROM event_actors x WHERE x.event_id = old.event_id AND x.role = '{other}');
        UPDATE edge_cube SET n = n - 1 FROM {ev.format(t='old')} e WHERE edge_cube.month = e.month
            AND edge_cube.event_type = e.event_type AND edge_cube.status = e.status AND {me} = {name('old')}
            AND {them} IN (SELECT {name('x')} FROM event_actors x WHERE x.event_id = old.event_id
                           AND x.role = '{other}');
        UPDATE edge_totals SET n = n - 1 FROM {ev.format(t='old')} e WHERE edge_totals.event_type = e.event_type
            AND edge_totals.status = e.status AND {me} = {name('old')}
            AND {them} IN (SELECT {name('x')} FROM event_actors x WHERE x.event_id = old.event_id
                           AND x.role = '{other}');
    END;
    """)
    parts.append(f"""
    CREATE TABLE event_totals (
        event_type TEXT NOT NULL, status TEXT NOT NULL, country TEXT NOT NULL, quad TEXT, n INTEGER NOT NULL,
        dated INTEGER NOT NULL, PRIMARY KEY (event_type, status, country)) WITHOUT ROWID;
    INSERT INTO event_totals(event_type, status, country, quad, n, dated)
        SELECT event_type, status, country, max(quad), sum(n), sum(dated) FROM event_cube GROUP BY 1, 2, 3;
    CREATE TRIGGER events_totals_insert AFTER INSERT ON events BEGIN
        INSERT INTO event_totals(event_type, status, country, quad, n, dated)
            VALUES (new.event_type, new.status, coalesce(new.country, ''), new.quad, 1, new.date_start IS NOT NULL)
            ON CONFLICT(event_type, status, country) DO UPDATE SET n = n + 1, dated = dated + excluded.dated;
    END;
    CREATE TRIGGER events_totals_delete AFTER DELETE ON events BEGIN
        UPDATE event_totals SET n = n - 1, dated = dated - (old.date_start IS NOT NULL)
            WHERE event_type = old.event_type AND status = old.status AND country = coalesce(old.country, '');
    END;
    CREATE TABLE actor_cube (
        month TEXT NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL, actor TEXT NOT NULL, quad TEXT,
        n INTEGER NOT NULL, PRIMARY KEY (month, event_type, status, actor)) WITHOUT ROWID;
    INSERT INTO actor_cube(month, event_type, status, actor, quad, n)
        SELECT coalesce(substr(e.sort_date, 1, 7), ''), e.event_type, e.status, coalesce(a.name, a.text, ''),
               max(e.quad), count(DISTINCT e.event_id)
        FROM events e JOIN event_actors a ON a.event_id = e.event_id AND a.role = 'actor' GROUP BY 1, 2, 3, 4;
    CREATE TABLE actor_totals (
        event_type TEXT NOT NULL, status TEXT NOT NULL, actor TEXT NOT NULL, quad TEXT, n INTEGER NOT NULL,
        PRIMARY KEY (event_type, status, actor)) WITHOUT ROWID;
    INSERT INTO actor_totals(event_type, status, actor, quad, n)
        SELECT event_type, status, actor, max(quad), sum(n) FROM actor_cube GROUP BY 1, 2, 3;
    CREATE TRIGGER event_actors_cube_insert AFTER INSERT ON event_actors
    WHEN new.role = 'actor' AND NOT EXISTS (
        SELECT 1 FROM event_actors x WHERE x.event_id = new.event_id AND x.role = 'actor' AND x.rowid <> new.rowid
        AND {name('x')} = {name('new')})
    BEGIN
        INSERT INTO actor_cube(month, event_type, status, actor, quad, n)
            SELECT e.month, e.event_type, e.status, {name('new')}, e.quad, 1 FROM {ev.format(t='new')} e WHERE true
            ON CONFLICT(month, event_type, status, actor) DO UPDATE SET n = n + 1;
        INSERT INTO actor_totals(event_type, status, actor, quad, n)
            SELECT e.event_type, e.status, {name('new')}, e.quad, 1 FROM {ev.format(t='new')} e WHERE true
            ON CONFLICT(event_type, status, actor) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER event_actors_cube_delete AFTER DELETE ON event_actors
    WHEN old.role = 'actor' AND NOT EXISTS (
        SELECT 1 FROM event_actors x WHERE x.event_id = old.event_id AND x.role = 'actor'
        AND {name('x')} = {name('old')})
    BEGIN
        UPDATE actor_cube SET n = n - 1 FROM {ev.format(t='old')} e WHERE actor_cube.month = e.month
            AND actor_cube.event_type = e.event_type AND actor_cube.status = e.status AND actor = {name('old')};
        UPDATE actor_totals SET n = n - 1 FROM {ev.format(t='old')} e WHERE actor_totals.event_type = e.event_type
            AND actor_totals.status = e.status AND actor = {name('old')};
    END;
    """)
    zooms = ", ".join(f"({z}, {360.0 / (2 ** z * 8)!r})" for z in range(MAP_ZOOM + 1))
    qcols = ", ".join(f"q{i} INTEGER NOT NULL" for i in range(len(MAP_QUADS)))
    qnames = ", ".join(f"q{i}" for i in range(len(MAP_QUADS)))
    cell = lambda t: (f"CAST(({t}.lon + 180) / z.cell AS INTEGER)", f"CAST(({t}.lat + 90) / z.cell AS INTEGER)")  # noqa: E731
    place = lambda t: f"COALESCE({t}.location_name, {t}.location_text)"  # noqa: E731
    is_quad = lambda t: ", ".join(f"{t}.quad IS '{q}'" for q in MAP_QUADS)  # noqa: E731
    (gx, gy), (ngx, ngy), (ogx, ogy) = cell("e"), cell("new"), cell("old")
    parts.append(f"""
    CREATE TABLE map_zooms (zoom INTEGER PRIMARY KEY, cell REAL NOT NULL);
    INSERT INTO map_zooms(zoom, cell) VALUES {zooms};
    CREATE TABLE map_cells (
        zoom INTEGER NOT NULL, gx INTEGER NOT NULL, gy INTEGER NOT NULL, n INTEGER NOT NULL, lat REAL NOT NULL,
        lon REAL NOT NULL, places INTEGER NOT NULL, {qcols}, PRIMARY KEY (zoom, gx, gy)) WITHOUT ROWID;
    INSERT INTO map_cells(zoom, gx, gy, n, lat, lon, places, {qnames})
        SELECT z.zoom, {gx}, {gy}, count(*), sum(e.lat), sum(e.lon), count(DISTINCT {place('e')}),
               {", ".join(f"sum(e.quad IS '{q}')" for q in MAP_QUADS)}
        FROM map_zooms z, events e WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL GROUP BY 1, 2, 3;
    CREATE TABLE map_places (
        zoom INTEGER NOT NULL, gx INTEGER NOT NULL, gy INTEGER NOT NULL, place TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (zoom, gx, gy, place)) WITHOUT ROWID;
    INSERT INTO map_places(zoom, gx, gy, place, n)
        SELECT z.zoom, {gx}, {gy}, {place('e')}, count(*) FROM map_zooms z, events e
        WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL AND {place('e')} IS NOT NULL GROUP BY 1, 2, 3, 4;
    CREATE INDEX events_map_type ON events(event_type, lat, lon, quad, location_name, location_text)
        WHERE lat IS NOT NULL;
    CREATE INDEX events_map_day ON events(sort_date, lat, lon, quad, location_name, location_text)
        WHERE lat IS NOT NULL;
    CREATE TRIGGER events_map_insert AFTER INSERT ON events WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
        INSERT INTO map_cells(zoom, gx, gy, n, lat, lon, places, {qnames})
            SELECT z.zoom, {ngx}, {ngy}, 1, new.lat, new.lon,
                   {place('new')} IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM map_places p WHERE p.zoom = z.zoom AND p.gx = {ngx} AND p.gy = {ngy}
                       AND p.place = {place('new')} AND p.n > 0),
                   {is_quad('new')} FROM map_zooms z WHERE true
            ON CONFLICT(zoom, gx, gy) DO UPDATE SET n = n + 1, lat = lat + excluded.lat, lon = lon + excluded.lon,
                places = places + excluded.places, {", ".join(f"q{i} = q{i} + excluded.q{i}" for i in range(len(MAP_QUADS)))};
        INSERT INTO map_places(zoom, gx, gy, place, n)
            SELECT z.zoom, {ngx}, {ngy}, {place('new')}, 1 FROM map_zooms z WHERE {place('new')} IS NOT NULL
            ON CONFLICT(zoom, gx, gy, place) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER events_map_delete AFTER DELETE ON events WHEN old.lat IS NOT NULL AND old.lon IS NOT NULL BEGIN
        UPDATE map_places SET n = n - 1 FROM map_zooms z
            WHERE map_places.zoom = z.zoom AND map_places.gx = {ogx} AND map_places.gy = {ogy}
              AND map_places.place = {place('old')};
        UPDATE map_cells SET n = n - 1, lat = CASE WHEN n = 1 THEN 0.0 ELSE lat - old.lat END,
                             lon = CASE WHEN n = 1 THEN 0.0 ELSE lon - old.lon END,
                             places = places - ({place('old')} IS NOT NULL AND EXISTS (
                                 SELECT 1 FROM map_places p WHERE p.zoom = z.zoom AND p.gx = map_cells.gx
                                 AND p.gy = map_cells.gy AND p.place = {place('old')} AND p.n = 0)),
                             {", ".join(f"q{i} = q{i} - (old.quad IS '{q}')" for i, q in enumerate(MAP_QUADS))}
            FROM map_zooms z WHERE map_cells.zoom = z.zoom AND map_cells.gx = {ogx} AND map_cells.gy = {ogy};
    END;
    """)
    return "".join(parts)


MIGRATIONS.append(_views_at_scale())

# The zooms from which the map cells are also kept per event type and per year (schema 8): a world map at these
# zooms has thousands of cells, and one type or one year selects too many located events to count them per request.
MAP_FACET_ZOOM = 5
# The event columns a country-filtered view reads (schema 8: event_countries holds them for each country key).
COUNTRY_COLUMNS = ("sort_date", "doc_id", "idx", "event_type", "status", "quad", "country", "date_start", "lat", "lon",
                   "location_name", "location_text", "killed")


def _countries_and_facet_maps() -> str:
    """Migration 8: what the views that schema 7 left at the edge of 500 ms at a million events read instead.
    - event_countries: one row per event and country key (its place's country as stored, and each actor and
      recipient country upper-cased: the keys the country filter matches), with the number of the event's place
      and mentions that give the key (n; the row goes when it is 0) and the event columns the views read
      (COUNTRY_COLUMNS), kept by triggers on events and event_actors: a country filter reads one range of this
      table (no OR of two indexes, no reads of the events' rows); keyed by event_id, which a VACUUM keeps;
    - map_facet_cells / map_facet_places: map_cells and map_places per event type ('type:ASSAULT') and per year of
      the day an event is counted at ('year:2019', for days 2019-01-01 to 2019-12-31), at zooms MAP_FACET_ZOOM to
      MAP_ZOOM: a world map of one type or one whole year at those zooms reads one row per cell.
    Events are written once and never updated in these columns (fuse only sets incident_id)."""
    cols = ", ".join(COUNTRY_COLUMNS)
    of = lambda t: ", ".join(f"{t}.{c}" for c in COUNTRY_COLUMNS)  # noqa: E731
    qcols = ", ".join(f"q{i} INTEGER NOT NULL" for i in range(len(MAP_QUADS)))
    qnames = ", ".join(f"q{i}" for i in range(len(MAP_QUADS)))
    cell = lambda t: (f"CAST(({t}.lon + 180) / z.cell AS INTEGER)", f"CAST(({t}.lat + 90) / z.cell AS INTEGER)")  # noqa: E731
    place = lambda t: f"COALESCE({t}.location_name, {t}.location_text)"  # noqa: E731
    year = lambda t: (f"CASE WHEN {t}.sort_date BETWEEN substr({t}.sort_date, 1, 4) || '-01-01' AND "  # noqa: E731
                      f"substr({t}.sort_date, 1, 4) || '-12-31' THEN 'year:' || substr({t}.sort_date, 1, 4) END")
    facets = lambda t: (f"(SELECT 'type:' || {t}.event_type AS facet UNION ALL SELECT {year(t)}) f")  # noqa: E731
    (gx, gy), (ngx, ngy), (ogx, ogy) = cell("e"), cell("new"), cell("old")
    # the located events once per facet, with what a cell counts (the migration's fill)
    located = "(" + " UNION ALL ".join(
        f"SELECT {facet} AS facet, lat, lon, quad, location_name, location_text FROM events t "
        f"WHERE lat IS NOT NULL AND lon IS NOT NULL AND {facet} IS NOT NULL"
        for facet in ("'type:' || t.event_type", year("t"))) + ")"
    return f"""
    CREATE TABLE event_countries (
        key TEXT NOT NULL, event_id TEXT NOT NULL, n INTEGER NOT NULL, sort_date TEXT, doc_id TEXT NOT NULL,
        idx INTEGER NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL, quad TEXT, country TEXT,
        date_start TEXT, lat REAL, lon REAL, location_name TEXT, location_text TEXT, killed INTEGER,
        PRIMARY KEY (key, event_id)) WITHOUT ROWID;
    INSERT INTO event_countries(key, event_id, n, {cols})
        SELECT k.key, e.event_id, k.n, {of('e')} FROM (
            SELECT key, event_id, count(*) AS n FROM (
                SELECT country AS key, event_id FROM events WHERE country IS NOT NULL
                UNION ALL SELECT upper(country), event_id FROM event_actors WHERE country IS NOT NULL)
            GROUP BY key, event_id) k JOIN events e ON e.event_id = k.event_id ORDER BY k.key, k.event_id;
    CREATE TRIGGER events_countries_insert AFTER INSERT ON events WHEN new.country IS NOT NULL BEGIN
        INSERT INTO event_countries(key, event_id, n, {cols}) VALUES (new.country, new.event_id, 1, {of('new')})
            ON CONFLICT(key, event_id) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER events_countries_delete AFTER DELETE ON events WHEN old.country IS NOT NULL BEGIN
        UPDATE event_countries SET n = n - 1 WHERE key = old.country AND event_id = old.event_id;
        DELETE FROM event_countries WHERE key = old.country AND event_id = old.event_id AND n <= 0;
    END;
    CREATE TRIGGER event_actors_countries_insert AFTER INSERT ON event_actors WHEN new.country IS NOT NULL BEGIN
        INSERT INTO event_countries(key, event_id, n, {cols})
            SELECT upper(new.country), e.event_id, 1, {of('e')} FROM events e WHERE e.event_id = new.event_id
            ON CONFLICT(key, event_id) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER event_actors_countries_delete AFTER DELETE ON event_actors WHEN old.country IS NOT NULL BEGIN
        UPDATE event_countries SET n = n - 1 WHERE key = upper(old.country) AND event_id = old.event_id;
        DELETE FROM event_countries WHERE key = upper(old.country) AND event_id = old.event_id AND n <= 0;
    END;
    CREATE TABLE map_facet_cells (
        zoom INTEGER NOT NULL, facet TEXT NOT NULL, gx INTEGER NOT NULL, gy INTEGER NOT NULL, n INTEGER NOT NULL,
        lat REAL NOT NULL, lon REAL NOT NULL, places INTEGER NOT NULL, {qcols},
        PRIMARY KEY (zoom, facet, gx, gy)) WITHOUT ROWID;
    INSERT INTO map_facet_cells(zoom, facet, gx, gy, n, lat, lon, places, {qnames})
        SELECT z.zoom, e.facet, {gx}, {gy}, count(*), sum(e.lat), sum(e.lon), count(DISTINCT {place('e')}),
               {", ".join(f"sum(e.quad IS '{q}')" for q in MAP_QUADS)}
        FROM map_zooms z, {located} e WHERE z.zoom >= {MAP_FACET_ZOOM} GROUP BY 1, 2, 3, 4;
    CREATE TABLE map_facet_places (
        zoom INTEGER NOT NULL, facet TEXT NOT NULL, gx INTEGER NOT NULL, gy INTEGER NOT NULL, place TEXT NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (zoom, facet, gx, gy, place)) WITHOUT ROWID;
    INSERT INTO map_facet_places(zoom, facet, gx, gy, place, n)
        SELECT z.zoom, e.facet, {gx}, {gy}, {place('e')}, count(*) FROM map_zooms z, {located} e
        WHERE z.zoom >= {MAP_FACET_ZOOM} AND {place('e')} IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
    CREATE TRIGGER events_facet_map_insert AFTER INSERT ON events WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL
    BEGIN
        INSERT INTO map_facet_cells(zoom, facet, gx, gy, n, lat, lon, places, {qnames})
            SELECT z.zoom, f.facet, {ngx}, {ngy}, 1, new.lat, new.lon,
                   {place('new')} IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM map_facet_places p WHERE p.zoom = z.zoom AND p.facet = f.facet AND p.gx = {ngx}
                       AND p.gy = {ngy} AND p.place = {place('new')} AND p.n > 0),
                   {", ".join(f"new.quad IS '{q}'" for q in MAP_QUADS)}
            FROM map_zooms z, {facets('new')} WHERE z.zoom >= {MAP_FACET_ZOOM} AND f.facet IS NOT NULL
            ON CONFLICT(zoom, facet, gx, gy) DO UPDATE SET n = n + 1, lat = lat + excluded.lat,
                lon = lon + excluded.lon, places = places + excluded.places,
                {", ".join(f"q{i} = q{i} + excluded.q{i}" for i in range(len(MAP_QUADS)))};
        INSERT INTO map_facet_places(zoom, facet, gx, gy, place, n)
            SELECT z.zoom, f.facet, {ngx}, {ngy}, {place('new')}, 1 FROM map_zooms z, {facets('new')}
            WHERE z.zoom >= {MAP_FACET_ZOOM} AND f.facet IS NOT NULL AND {place('new')} IS NOT NULL
            ON CONFLICT(zoom, facet, gx, gy, place) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER events_facet_map_delete AFTER DELETE ON events WHEN old.lat IS NOT NULL AND old.lon IS NOT NULL
    BEGIN
        UPDATE map_facet_places SET n = n - 1 FROM map_zooms z, {facets('old')}
            WHERE z.zoom >= {MAP_FACET_ZOOM} AND map_facet_places.zoom = z.zoom AND map_facet_places.facet = f.facet
              AND map_facet_places.gx = {ogx} AND map_facet_places.gy = {ogy}
              AND map_facet_places.place = {place('old')};
        UPDATE map_facet_cells SET n = n - 1, lat = CASE WHEN n = 1 THEN 0.0 ELSE lat - old.lat END,
                                   lon = CASE WHEN n = 1 THEN 0.0 ELSE lon - old.lon END,
                                   places = places - ({place('old')} IS NOT NULL AND EXISTS (
                                       SELECT 1 FROM map_facet_places p WHERE p.zoom = z.zoom
                                       AND p.facet = map_facet_cells.facet AND p.gx = map_facet_cells.gx
                                       AND p.gy = map_facet_cells.gy AND p.place = {place('old')} AND p.n = 0)),
                                   {", ".join(f"q{i} = q{i} - (old.quad IS '{q}')" for i, q in enumerate(MAP_QUADS))}
            FROM map_zooms z, {facets('old')}
            WHERE z.zoom >= {MAP_FACET_ZOOM} AND map_facet_cells.zoom = z.zoom AND map_facet_cells.facet = f.facet
              AND map_facet_cells.gx = {ogx} AND map_facet_cells.gy = {ogy};
    END;
    """


MIGRATIONS.append(_countries_and_facet_maps())

# 9: the quotes' speaker substring filter as schema 7's actor filter: speaker_strings (each distinct speaker name and
# surface text with its number of quotes, kept by triggers) and quotes indexed by both, so the filter matches the
# few thousand strings (`lower(value) LIKE`, the same case folding as before) and reads their quotes by index; the
# order of event pages and exports (sort_date, doc_id, idx) in the index of located events (a bbox filter) and in
# one by event_id (what the actor filter yields): the matching events are sorted without reading their rows
MIGRATIONS.append(_kept_strings("speaker_strings", "quotes", "speaker_name", "speaker_text", "quotes_speakers") + """
    CREATE INDEX quotes_by_speaker_name ON quotes(speaker_name);
    CREATE INDEX quotes_by_speaker_text ON quotes(speaker_text);
    DROP INDEX events_located;
    CREATE INDEX events_located ON events(lat, lon, quad, sort_date, doc_id, idx) WHERE lat IS NOT NULL;
    CREATE INDEX events_id_sort ON events(event_id, sort_date, doc_id, idx);
    """)

# 10: the blocking keys of fused events (sitroom.fuse.blocking), written by `fuse`: an incremental fuse finds the
# candidates of new events by their keys and reads only the events it reaches, not the whole store
MIGRATIONS.append("""
    CREATE TABLE fusion_keys (
        key TEXT NOT NULL, event_id TEXT NOT NULL, doc_id TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL,
        wide INTEGER NOT NULL);
    CREATE INDEX fusion_keys_key ON fusion_keys(key, wide, lo);
    CREATE INDEX fusion_keys_doc ON fusion_keys(doc_id);
""")

CHILD_TABLES = ("event_actors", "events", "quotes", "places", "dates", "actors", "incident_members",
                "fusion_keys")

# The columns a Document's rows fill, table by table, in the order of `document_rows` (the store adds
# documents.added; ids, generated and derived columns are the store's own). The Parquet dataset of a distributed
# run (sitroom/dataset.py) has these tables and columns.
TABLE_COLUMNS = {
    "documents": ("doc_id", "title", "source", "url", "published", "text", "text_hash", "origin", "n_events",
                  "n_quotes"),
    "events": ("event_id", "doc_id", "idx", "event_type", "quad", "mode", "context", "status", "sentence",
               "span_start", "span_end", "trigger_text", "trigger_start", "trigger_end", "date_text", "date_start",
               "date_end", "date_granularity", "location_text", "location_name", "country", "admin1", "lat", "lon",
               "geonameid", "feature", "killed", "injured", "size", "confidence", "date_value", "sort_date"),
    "event_actors": ("event_id", "doc_id", "role", "idx", "text", "name", "country", "agent", "span_start",
                     "span_end"),
    "quotes": ("quote_id", "doc_id", "idx", "quote", "span_start", "span_end", "direct", "speaker_text",
               "speaker_name", "speaker_title", "speaker_affiliation", "cue", "speaker_country", "speaker_agent"),
    "places": ("doc_id", "idx", "text", "name", "country", "admin1", "lat", "lon", "geonameid", "feature",
               "span_start", "span_end"),
    "dates": ("doc_id", "idx", "text", "start", "end", "granularity", "span_start", "span_end", "value"),
    "actors": ("doc_id", "idx", "text", "name", "country", "agent", "span_start", "span_end"),
}


def _quoted(cols) -> list:
    return [f'"{c}"' for c in cols]


def document_rows(doc: Document, origin: Optional[str] = None) -> dict:
    """The rows of one Document, table by table (tuples in the order of TABLE_COLUMNS): what the store writes
    and what a distributed run writes to Parquet."""
    events, event_actors = [], []
    for i, e in enumerate(doc.events):
        loc, d, tr = e.location, e.date, e.trigger
        events.append((
            e.event_id, doc.doc_id, i, e.event_type, QUAD.get(e.event_type), json.dumps(e.mode),
            json.dumps(e.context), e.status, e.sentence, _span(e.span, 0), _span(e.span, 1),
            tr.text if tr else None, _span(tr.span, 0) if tr else None, _span(tr.span, 1) if tr else None,
            d.text if d else None, d.start if d else None, d.end if d else None, d.granularity if d else None,
            loc.text if loc else None, loc.name if loc else None, loc.country if loc else None,
            loc.admin1 if loc else None, loc.lat if loc else None, loc.lon if loc else None,
            loc.geonameid if loc else None, loc.feature if loc else None,
            e.counts.killed, e.counts.injured, e.counts.size, e.confidence, d.value if d else None,
            (d.start if d else None) or doc.published))
        for role in ("actor", "recipient"):
            event_actors += [(e.event_id, doc.doc_id, role, j, a.text, a.name, a.country, a.agent, _span(a.span, 0),
                              _span(a.span, 1)) for j, a in enumerate(getattr(e, role))]
    quotes = []
    for i, q in enumerate(doc.quotes):
        s = q.speaker
        quotes.append((q.quote_id, doc.doc_id, i, q.quote, _span(q.span, 0), _span(q.span, 1), int(q.direct),
                       s.text if s else None, s.name if s else None, s.title if s else None,
                       s.affiliation if s else None, q.cue, s.country if s else None, s.agent if s else None))
    return {
        "documents": [(doc.doc_id, doc.title, doc.source, doc.url, doc.published, doc.text, stable_id(doc.text),
                       origin, len(doc.events), len(doc.quotes))],
        "events": events, "event_actors": event_actors, "quotes": quotes,
        "places": [(doc.doc_id, i, p.text, p.name, p.country, p.admin1, p.lat, p.lon, p.geonameid, p.feature,
                    _span(p.span, 0), _span(p.span, 1)) for i, p in enumerate(doc.places)],
        "dates": [(doc.doc_id, i, w.text, w.start, w.end, w.granularity, _span(w.span, 0), _span(w.span, 1),
                   w.value) for i, w in enumerate(doc.dates)],
        "actors": [(doc.doc_id, i, a.text, a.name, a.country, a.agent, _span(a.span, 0), _span(a.span, 1))
                   for i, a in enumerate(doc.actors)],
    }


class StoreError(Exception):
    """The database file cannot be used (wrong kind of file, newer schema, read-only, locked by another writer)."""


class StoreLocked(StoreError):
    """Another process held the write lock for longer than this store waits."""


def statements(script: str) -> list:
    """The SQL statements of a script, split where SQLite says a statement is complete (triggers stay whole)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


@dataclass
class IngestReport:
    """What one ingest did. `skipped` holds (origin, reason) for every input that was not stored."""
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)   # pipeline.Failed of documents that could not be read in this run
    failed_before: int = 0                        # documents left alone because they failed in an earlier run

    def summary(self) -> str:
        before = f" ({self.failed_before} failed before)" if self.failed_before else ""
        return (f"{self.read} documents read, {self.stored} stored, {self.unchanged} already stored, "
                f"{len(self.skipped)} skipped, {len(self.failed)} failed{before}, {self.events} events, "
                f"{self.quotes} quotes, {self.seconds:.1f} s")


def _span(x, i):
    return x[i] if x else None


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error). SQLite refusing the write becomes a StoreError naming the
    file: StoreLocked for a lock held past the store's timeout, else the reason (disk full, read-only file)."""

    def __init__(self, store: "Store"):
        self.store = store

    def __enter__(self):
        try:
            self.store.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from exc
        return self.store.conn

    def __exit__(self, kind, exc, tb):
        conn = self.store.conn
        if kind is None:
            try:
                conn.commit()
                return False
            except sqlite3.OperationalError as err:
                exc = err
        if conn.in_transaction:
            conn.rollback()
        if isinstance(exc, sqlite3.OperationalError):
            raise self._error(exc) from exc
        return False

    def _error(self, exc: sqlite3.OperationalError) -> StoreError:
        if _is_locked(exc):
            return self.store._locked(exc)
        return StoreError(f"{self.store.path}: the write failed and was undone ({exc})")


class Store:
    """A sitroom store in one SQLite file. `Store(path)` creates or migrates it; `read_only=True` opens
    an existing file without any write (the web server does this)."""

    def __init__(self, path="sitroom.db", read_only: bool = False, timeout: float = 60.0):
        self.path = Path(path)
        self.read_only = read_only
        self.timeout = timeout
        if read_only:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no such database")
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False,
                                        timeout=timeout, isolation_level=None)
        else:   # autocommit: the only transactions are the store's own (BEGIN IMMEDIATE, see transaction())
            self.conn = sqlite3.connect(self.path, check_same_thread=False, timeout=timeout, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA foreign_keys=ON")
            if not read_only:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.OperationalError as exc:
            self.conn.close()
            raise self._locked(exc) if _is_locked(exc) else StoreError(f"{self.path}: cannot open ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a sitroom database ({exc})") from exc

    def _locked(self, exc) -> StoreError:
        return StoreLocked(f"{self.path}: another process is writing to this database and held it for more than "
                          f"{self.timeout:g} s; nothing was written by this call, try again when it is done ({exc})")

    def transaction(self):
        """A write transaction that takes the write lock at once (waiting up to `timeout` for another writer)."""
        return _Transaction(self)

    # -- schema -----------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self):
        v = self.version
        if v > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {v} is newer than this sitroom ({SCHEMA_VERSION})")
        if v == SCHEMA_VERSION:
            return
        if self.read_only:
            raise StoreError(f"{self.path}: schema version {v} needs migrating; open it once for writing")
        # one transaction under the write lock: a second process opening the file meanwhile waits, then finds the
        # schema current; tables are rebuilt with foreign keys off (a dropped parent must not cascade)
        self.conn.execute("PRAGMA foreign_keys=OFF")
        try:
            with self.transaction():
                for i in range(self.version, SCHEMA_VERSION):
                    for stmt in statements(MIGRATIONS[i]):
                        self.conn.execute(stmt)
                    self.conn.execute(f"PRAGMA user_version={i + 1}")
                bad = self.conn.execute("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise StoreError(f"{self.path}: migration left {len(bad)} rows without their document")
        finally:
            self.conn.execute("PRAGMA foreign_keys=ON")

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writes -----------------------------------------------------------------------------------
    def known(self, doc_id: str, text_hash: str) -> bool:
        row = self.conn.execute("SELECT text_hash FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return row is not None and row[0] == text_hash

    def failed_before(self, doc_id: str, text_hash: str) -> bool:
        row = self.conn.execute("SELECT text_hash FROM failures WHERE doc_id=?", (doc_id,)).fetchone()
        return row is not None and row[0] == text_hash

    def write(self, docs: Iterable[Document], origins: Optional[dict] = None, failures: Iterable = ()) -> int:
        """Store documents in one transaction (replacing any earlier version of the same doc_id), with the
        Failed records of documents that could not be read (`failures()` lists them)."""
        n = 0
        with self.transaction():
            for doc in docs:
                self._write_one(doc, (origins or {}).get(doc.doc_id))
                n += 1
            now = time.strftime("%Y-%m-%dT%H:%M:%S")
            self.conn.executemany(
                "INSERT OR REPLACE INTO failures(doc_id, text_hash, origin, stage, error, detail, added) "
                "VALUES (?,?,?,?,?,?,?)",
                [(f.doc_id, f.text_hash or "", f.origin, f.stage, f.error, f.detail, now) for f in failures])
        return n

    def record_versions(self, versions: dict):
        """Record the versioned names of the parts that read the documents being stored (`pipeline.versions`)."""
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('versions', ?)", (json.dumps(versions),))

    def failures(self) -> list:
        """Documents that could not be read: doc_id, origin, stage, error, detail, added; oldest first."""
        return [dict(r) for r in self.conn.execute(
            "SELECT doc_id, origin, stage, error, detail, added FROM failures ORDER BY added, doc_id")]

    def _write_one(self, doc: Document, origin: Optional[str]):
        c = self.conn
        if c.execute("SELECT 1 FROM documents WHERE doc_id=?", (doc.doc_id,)).fetchone():
            self._delete(doc.doc_id)   # a new version of a stored document; a new document has nothing to delete
        c.execute("DELETE FROM failures WHERE doc_id=?", (doc.doc_id,))
        now = time.strftime("%Y-%m-%dT%H:%M:%S")
        for table, rows in document_rows(doc, origin).items():
            if rows:
                cols = TABLE_COLUMNS[table] + (("added",) if table == "documents" else ())
                c.executemany(f"INSERT INTO {table}({','.join(_quoted(cols))}) VALUES ({','.join('?' * len(cols))})",
                              [r + (now,) for r in rows] if table == "documents" else rows)

    def delete(self, doc_ids: Iterable[str]) -> int:
        """Remove stored documents and all that was read from them, in one transaction; returns how many there
        were. Their events leave their incidents (the next fuse places the other members again)."""
        n = 0
        with self.transaction():
            for doc_id in doc_ids:
                if self.conn.execute("SELECT 1 FROM documents WHERE doc_id=?", (doc_id,)).fetchone():
                    self._delete(doc_id)
                    n += 1
        return n

    def _delete(self, doc_id: str):
        c = self.conn   # every table is indexed by doc_id; the FTS rows go with their rows (triggers)
        for t in CHILD_TABLES:
            c.execute(f"DELETE FROM {t} WHERE doc_id=?", (doc_id,))
        c.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))

    def ingest(self, paths, published=None, source=None, n_process: Optional[int] = None, batch_size: int = 32,
               progress=None, max_bytes: Optional[int] = None, date_order: Optional[str] = None,
               retry_failed: bool = False, force: bool = False) -> IngestReport:
        """Read, extract and store everything under `paths` (files, folders, '-' for stdin).
        Documents already stored with the same text are not read again (unless `force`: then they are read
        again and replaced, with the metadata this run gives them, e.g. a new `published`), nor are those that
        failed before (unless `retry_failed`). `progress(doc)` is called once per input document: with the
        Document or Failed record, or None for one left alone. Bad inputs are skipped and listed in the report with their reason; documents
        that fail in the pipeline are stored as failures and listed in `report.failed`; the rest goes on."""
        from . import ingest as _ingest
        from .pipeline import Failed, extract_many

        report = IngestReport()
        t0 = time.perf_counter()
        origins: dict = {}

        def fresh():
            for item in _ingest.read(paths, published=published, source=source, max_bytes=max_bytes,
                                     date_order=date_order):
                if isinstance(item, _ingest.Skipped):
                    report.skipped.append((item.origin, item.reason))
                    continue
                report.read += 1
                text_hash = stable_id(item.text)
                if item.doc_id in origins or (not force and self.known(item.doc_id, text_hash)):
                    report.unchanged += 1
                    if progress:
                        progress(None)
                    continue
                if not retry_failed and self.failed_before(item.doc_id, text_hash):
                    report.failed_before += 1
                    if progress:
                        progress(None)
                    continue
                origins[item.doc_id] = item.origin
                yield item

        batch: list = []
        failures: list = []
        for doc in extract_many(fresh(), n_process=n_process):
            (failures if isinstance(doc, Failed) else batch).append(doc)
            if progress:
                progress(doc)
            if len(batch) + len(failures) >= batch_size:
                self._flush(batch, failures, origins, report)
        self._flush(batch, failures, origins, report)
        report.seconds = time.perf_counter() - t0
        return report

    def _flush(self, batch: list, failures: list, origins: dict, report: IngestReport):
        if not batch and not failures:
            return
        if batch and not report.stored:
            from .pipeline import versions
            self.record_versions(versions())
        self.write(batch, origins, failures)
        report.stored += len(batch)
        report.failed += failures
        report.events += sum(len(d.events) for d in batch)
        report.quotes += sum(len(d.quotes) for d in batch)
        batch.clear()
        failures.clear()

    # -- reads ------------------------------------------------------------------------------------
    def counts(self) -> dict:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "events", "event_actors", "quotes", "places", "dates", "actors", "incidents")}

    def document(self, doc_id: str) -> Optional[Document]:
        """The stored document, as the contract's Document."""
        from .query import load_document
        return load_document(self.conn, doc_id)

    def documents(self) -> Iterator[Document]:
        for (doc_id,) in self.conn.execute("SELECT doc_id FROM documents ORDER BY published, doc_id").fetchall():
            yield self.document(doc_id)

    def events(self, **filters) -> list:
        """Flat event rows (one dict per event) matching the filters of `query.EventFilter`."""
        from .query import EventFilter, events, validate
        return events(self.conn, validate(EventFilter(**filters)), cap=None)

    def count_events(self, **filters) -> int:
        """How many events match the filters of `query.EventFilter` (all of them, not a page)."""
        from .query import EventFilter, count_events, validate
        return count_events(self.conn, validate(EventFilter(**filters)))

    def fuse(self, incremental: bool = True):
        """Group the stored events into incidents (sitroom.fuse); returns its FuseReport."""
        from .fuse import fuse
        return fuse(self, incremental=incremental)

    def incidents(self, **filters) -> list:
        """Incident rows matching the filters of `query.IncidentFilter` (event filters, min_mentions,
        min_sources, sort, limit, offset)."""
        from .query import IncidentFilter, incidents, validate_incidents
        return incidents(self.conn, validate_incidents(IncidentFilter(**filters)), cap=None)

    def count_incidents(self, **filters) -> int:
        from .query import IncidentFilter, count_incidents, validate_incidents
        return count_incidents(self.conn, validate_incidents(IncidentFilter(**filters)))

    def incident(self, incident_id: str) -> Optional[dict]:
        """One incident with its events, documents and claims (None if there is no such incident)."""
        from .query import incident
        return incident(self.conn, incident_id)

    def quotes(self, speaker: Optional[str] = None, text: Optional[str] = None, limit: int = 100,
               offset: int = 0) -> list:
        from .query import quotes
        return quotes(self.conn, speaker=speaker, text=text, limit=limit, offset=offset)

    def search(self, text: str, limit: int = 20) -> list:
        from .query import search
        return search(self.conn, text, limit=limit)

    def summary(self) -> dict:
        from .query import summary
        return summary(self.conn)
