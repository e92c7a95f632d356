"""The SQLite schema, as an ordered list of migrations.

``PRAGMA user_version`` holds how many migrations a database has had; opening a store for
writing applies the missing ones in order inside one transaction. Never edit a migration that
has shipped: append a new one. ``docs/schema.md`` documents the tables for users.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: documents, their layers, corpus tables and the full-text index
    """
    CREATE TABLE documents (
        id           TEXT PRIMARY KEY,          -- hash of the cleaned text (contract id)
        seq          INTEGER NOT NULL UNIQUE,   -- insertion order; rowid of doc_fts
        source       TEXT,
        url          TEXT,
        title        TEXT,
        outlet_id    TEXT,
        outlet_name  TEXT,
        outlet_name_en TEXT,
        published    TEXT,                      -- YYYY-MM-DD or NULL
        language     TEXT,
        author       TEXT,
        dateline     TEXT,
        text         TEXT NOT NULL,
        norm_text    TEXT NOT NULL,             -- marsad.text.normalize.fold(text)
        analysis     TEXT NOT NULL,             -- the full contract Document as JSON
        minhash      BLOB,                      -- MinHash signature (text reuse candidates)
        corpus_done  INTEGER NOT NULL DEFAULT 0, -- 1 once compared for text reuse
        ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE INDEX documents_outlet ON documents(outlet_id);
    CREATE INDEX documents_published ON documents(published);

    CREATE TABLE inputs (                       -- which input produced which document
        source    TEXT NOT NULL,
        raw_hash  TEXT NOT NULL,                -- hash of the raw input bytes/text
        doc_id    TEXT NOT NULL REFERENCES documents(id),
        PRIMARY KEY (source, raw_hash)
    );

    CREATE TABLE entities (
        id       TEXT PRIMARY KEY,
        type     TEXT,
        name     TEXT,
        name_en  TEXT,
        lat      REAL,
        lon      REAL,
        wikidata TEXT,
        parent   TEXT,
        subtype  TEXT
    );

    CREATE TABLE mentions (
        doc    TEXT NOT NULL REFERENCES documents(id),
        start  INTEGER NOT NULL,
        "end"  INTEGER NOT NULL,
        text   TEXT,
        entity TEXT
    );
    CREATE INDEX mentions_doc ON mentions(doc);
    CREATE INDEX mentions_entity ON mentions(entity);

    CREATE TABLE events (
        doc           TEXT NOT NULL REFERENCES documents(id),
        event_id      TEXT NOT NULL,
        type          TEXT NOT NULL,
        trigger_start INTEGER,
        trigger_end   INTEGER,
        trigger_text  TEXT,
        date_value    TEXT,
        date_earliest TEXT,
        date_latest   TEXT,
        place         TEXT,
        count_min     REAL,
        count_max     REAL,
        count_unit    TEXT,
        modality      TEXT,
        claim         TEXT,
        evidence      TEXT,                     -- the sentence holding the trigger
        json          TEXT NOT NULL,            -- the contract Event object
        PRIMARY KEY (doc, event_id)
    );
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_place ON events(place);
    CREATE INDEX events_date ON events(date_earliest);

    CREATE TABLE event_actors (
        doc      TEXT NOT NULL,
        event_id TEXT NOT NULL,
        entity   TEXT NOT NULL,
        role     TEXT
    );
    CREATE INDEX event_actors_event ON event_actors(doc, event_id);

    CREATE TABLE claims (
        doc            TEXT NOT NULL REFERENCES documents(id),
        claim_id       TEXT NOT NULL,
        start          INTEGER,
        "end"          INTEGER,
        text           TEXT,
        speaker_text   TEXT,
        speaker_kind   TEXT,
        speaker_entity TEXT,
        via            TEXT,                    -- JSON list of entity ids, nearest first
        verb           TEXT,
        stance         TEXT,
        json           TEXT NOT NULL,
        PRIMARY KEY (doc, claim_id)
    );

    CREATE TABLE reuse (
        a         TEXT NOT NULL,
        b         TEXT NOT NULL,
        share     REAL NOT NULL,                -- fraction of b's words found in a
        direction TEXT,                         -- 'a->b', 'b->a' or NULL
        why       TEXT,
        a_spans   TEXT NOT NULL,                -- JSON [[start, end], ...] into a's text
        b_spans   TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX reuse_b ON reuse(b);

    CREATE TABLE incidents (
        id                  TEXT PRIMARY KEY,
        type                TEXT,
        date                TEXT,
        date_earliest       TEXT,
        date_latest         TEXT,
        place               TEXT,
        independent_sources INTEGER,
        json                TEXT NOT NULL       -- the contract incident object
    );
    CREATE TABLE incident_events (
        incident TEXT NOT NULL,
        doc      TEXT NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (doc, event_id)
    );
    CREATE INDEX incident_events_incident ON incident_events(incident);

    CREATE VIRTUAL TABLE doc_fts USING fts5(
        title, body, content='', tokenize='unicode61 remove_diacritics 0'
    );
    """,
    # 2: winnowed fingerprints (text reuse candidates for passages copied into longer texts);
    # NULL for documents stored before: the next corpus rebuild computes them from the text
    """
    ALTER TABLE documents ADD COLUMN fingerprints BLOB;
    """,
    # 3: settings the code checks on open (e.g. fts_terms_version: when the clitic stemming
    # of the search index changes, the store re-indexes every document once)
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    """,
    # 4: the persistent text-reuse candidate index (marsad.store.reuse_index), so that an
    # ingest of k documents finds their candidates in O(k) lookups. A document's rows are
    # appended to the *_pending tables in its own transaction (no random B-tree inserts at
    # ingest); a corpus rebuild merges them, sorted, into the indexed tables first. Filled
    # from the stored minhash/fingerprints blobs by BACKFILLS[4] in the same transaction.
    """
    CREATE TABLE reuse_bands (                  -- one row per LSH band of documents.minhash
        band    INTEGER NOT NULL,               -- band number, 0 .. b-1
        key     INTEGER NOT NULL,               -- stable 64-bit hash of the band's values
        doc_seq INTEGER NOT NULL                -- documents.seq
    );
    CREATE UNIQUE INDEX reuse_bands_key ON reuse_bands(band, key, doc_seq);

    CREATE TABLE reuse_fingerprints (           -- one row per winnowed fingerprint
        hash    INTEGER NOT NULL,               -- the uint64 fingerprint as a signed integer
        doc_seq INTEGER NOT NULL                -- documents.seq
    );
    CREATE UNIQUE INDEX reuse_fingerprints_hash ON reuse_fingerprints(hash, doc_seq);

    CREATE TABLE reuse_bands_pending (band INTEGER NOT NULL, key INTEGER NOT NULL,
                                      doc_seq INTEGER NOT NULL);
    CREATE TABLE reuse_fingerprints_pending (hash INTEGER NOT NULL, doc_seq INTEGER NOT NULL);

    CREATE INDEX documents_corpus_done ON documents(corpus_done);
    """,
    # 5: inputs by content (ingest skips a text already stored under another file name
    # before analysing it: Store.documents_for_inputs)
    """
    CREATE INDEX IF NOT EXISTS inputs_raw_hash ON inputs(raw_hash);
    """,
]

# Python steps run right after a migration, in its transaction (version -> function name in
# marsad.store.reuse_index): filling new tables from existing rows.
BACKFILLS: dict[int, str] = {4: "backfill"}

LATEST = len(MIGRATIONS)
