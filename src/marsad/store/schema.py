"""The database schema of both stores, as one ordered list of migrations.

Each migration is written twice, side by side: for SQLite (``SQLITE[i]``) and for PostgreSQL
(``POSTGRESQL[i]``). They define the same tables with the same columns in the same order, so
that every query outside the dialect classes (the read API, the corpus rebuild, the reuse
index) runs unchanged on both; ``tests/test_store_schema.py`` checks that they agree.

Why plain SQL per dialect and not SQLAlchemy Core: the two stores differ exactly where it
matters and an abstraction would hide it: the full-text index (an FTS5 virtual table here, a
GIN-indexed ``tsvector`` there), how a document gets its ``seq`` (the single SQLite writer
takes ``max + 1``; concurrent PostgreSQL writers draw from an identity sequence), text
ordering (SQLite compares bytes; PostgreSQL columns are declared ``COLLATE "C"`` to do the
same), and the version record (``PRAGMA user_version`` / ``meta.schema_version``). What the
two share is ordinary SQL that runs on both as written. The SQLite text of a migration that
has shipped is never edited (existing files upgrade exactly as before); a new migration is
appended to both lists.

A store applies the migrations its database lacks, in order, in one transaction (PostgreSQL:
under an advisory lock, so that several processes opening a new database at once create it
once). ``docs/schema.md`` documents the tables for users.
"""

from __future__ import annotations

# SQLite (the shipped migrations, unchanged).
SQLITE: list[str] = [
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
    # 6: the columns the incident clustering reads of every event (corpus.build): a rebuild
    # scans this index, not the event rows with their JSON and evidence (about a third of
    # the CPU time of reading 330k events, measured on a 100k-document store)
    """
    CREATE INDEX IF NOT EXISTS events_clustering ON events(doc, event_id, type, place,
        date_earliest, date_latest, date_value, count_min, count_max, modality);
    """,
]


# PostgreSQL: the same tables. Differences, each for a reason: text columns are COLLATE "C"
# (byte order, as SQLite's BINARY: the same ORDER BY results); REAL is DOUBLE PRECISION and
# INTEGER keys that hold 64-bit hashes are BIGINT; documents.seq is an identity column
# (concurrent ingesters cannot take max + 1); events, claims and event_actors carry an
# explicit ``rowid`` (insertion order, which SQLite gives every table implicitly) as their
# last column, so positional INSERTs are the same on both; ``meta`` exists from migration 1
# because it holds the schema version; the full-text index is the table doc_fts(seq, terms,
# length) with a GIN index on the ``tsvector`` (see marsad.store.fts).
POSTGRESQL: list[str] = [
    # 1
    """
    CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT);

    CREATE TABLE documents (
        id           TEXT COLLATE "C" PRIMARY KEY,
        seq          BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
        source       TEXT COLLATE "C",
        url          TEXT COLLATE "C",
        title        TEXT COLLATE "C",
        outlet_id    TEXT COLLATE "C",
        outlet_name  TEXT COLLATE "C",
        outlet_name_en TEXT COLLATE "C",
        published    TEXT COLLATE "C",
        language     TEXT COLLATE "C",
        author       TEXT COLLATE "C",
        dateline     TEXT COLLATE "C",
        text         TEXT COLLATE "C" NOT NULL,
        norm_text    TEXT COLLATE "C" NOT NULL,
        analysis     TEXT NOT NULL,
        minhash      BYTEA,
        corpus_done  INTEGER NOT NULL DEFAULT 0,
        ingested_at  TEXT COLLATE "C" NOT NULL
                     DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    );
    CREATE INDEX documents_outlet ON documents(outlet_id);
    CREATE INDEX documents_published ON documents(published);

    CREATE TABLE inputs (
        source    TEXT COLLATE "C" NOT NULL,
        raw_hash  TEXT COLLATE "C" NOT NULL,
        doc_id    TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        PRIMARY KEY (source, raw_hash)
    );

    CREATE TABLE entities (
        id       TEXT COLLATE "C" PRIMARY KEY,
        type     TEXT COLLATE "C",
        name     TEXT COLLATE "C",
        name_en  TEXT COLLATE "C",
        lat      DOUBLE PRECISION,
        lon      DOUBLE PRECISION,
        wikidata TEXT COLLATE "C",
        parent   TEXT COLLATE "C",
        subtype  TEXT COLLATE "C"
    );

    CREATE TABLE mentions (
        doc    TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        start  INTEGER NOT NULL,
        "end"  INTEGER NOT NULL,
        text   TEXT COLLATE "C",
        entity TEXT COLLATE "C"
    );
    CREATE INDEX mentions_doc ON mentions(doc);
    CREATE INDEX mentions_entity ON mentions(entity);

    CREATE TABLE events (
        doc           TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        event_id      TEXT COLLATE "C" NOT NULL,
        type          TEXT COLLATE "C" NOT NULL,
        trigger_start INTEGER,
        trigger_end   INTEGER,
        trigger_text  TEXT COLLATE "C",
        date_value    TEXT COLLATE "C",
        date_earliest TEXT COLLATE "C",
        date_latest   TEXT COLLATE "C",
        place         TEXT COLLATE "C",
        count_min     DOUBLE PRECISION,
        count_max     DOUBLE PRECISION,
        count_unit    TEXT COLLATE "C",
        modality      TEXT COLLATE "C",
        claim         TEXT COLLATE "C",
        evidence      TEXT COLLATE "C",
        json          TEXT NOT NULL,
        rowid         BIGINT GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (doc, event_id)
    );
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_place ON events(place);
    CREATE INDEX events_date ON events(date_earliest);

    CREATE TABLE event_actors (
        doc      TEXT COLLATE "C" NOT NULL,
        event_id TEXT COLLATE "C" NOT NULL,
        entity   TEXT COLLATE "C" NOT NULL,
        role     TEXT COLLATE "C",
        rowid    BIGINT GENERATED ALWAYS AS IDENTITY
    );
    CREATE INDEX event_actors_event ON event_actors(doc, event_id);

    CREATE TABLE claims (
        doc            TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
        claim_id       TEXT COLLATE "C" NOT NULL,
        start          INTEGER,
        "end"          INTEGER,
        text           TEXT COLLATE "C",
        speaker_text   TEXT COLLATE "C",
        speaker_kind   TEXT COLLATE "C",
        speaker_entity TEXT COLLATE "C",
        via            TEXT COLLATE "C",
        verb           TEXT COLLATE "C",
        stance         TEXT COLLATE "C",
        json           TEXT NOT NULL,
        rowid          BIGINT GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (doc, claim_id)
    );

    CREATE TABLE reuse (
        a         TEXT COLLATE "C" NOT NULL,
        b         TEXT COLLATE "C" NOT NULL,
        share     DOUBLE PRECISION NOT NULL,
        direction TEXT COLLATE "C",
        why       TEXT COLLATE "C",
        a_spans   TEXT NOT NULL,
        b_spans   TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX reuse_b ON reuse(b);

    CREATE TABLE incidents (
        id                  TEXT COLLATE "C" PRIMARY KEY,
        type                TEXT COLLATE "C",
        date                TEXT COLLATE "C",
        date_earliest       TEXT COLLATE "C",
        date_latest         TEXT COLLATE "C",
        place               TEXT COLLATE "C",
        independent_sources INTEGER,
        json                TEXT NOT NULL
    );
    CREATE TABLE incident_events (
        incident TEXT COLLATE "C" NOT NULL,
        doc      TEXT COLLATE "C" NOT NULL,
        event_id TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (doc, event_id)
    );
    CREATE INDEX incident_events_incident ON incident_events(incident);

    -- the full-text index: one row per document (seq), its title and body terms with their
    -- weighted frequencies (title x2) and its length in terms (marsad.store.fts)
    CREATE TABLE doc_fts (
        seq     BIGINT PRIMARY KEY,
        terms   TSVECTOR NOT NULL,
        length  INTEGER NOT NULL
    );
    CREATE INDEX doc_fts_terms ON doc_fts USING GIN (terms);
    -- what FTS5 keeps for bm25 (row count, total length): each ingest transaction appends its
    -- own increment, so concurrent writers never queue on one counter row; the corpus
    -- rebuild folds them into one row
    CREATE TABLE doc_fts_totals (documents BIGINT NOT NULL, terms BIGINT NOT NULL);
    """,
    # 2
    """
    ALTER TABLE documents ADD COLUMN fingerprints BYTEA;
    """,
    # 3: meta exists since migration 1 here (it records the schema version)
    "",
    # 4
    """
    CREATE TABLE reuse_bands (
        band    INTEGER NOT NULL,
        key     BIGINT NOT NULL,
        doc_seq BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX reuse_bands_key ON reuse_bands(band, key, doc_seq);

    CREATE TABLE reuse_fingerprints (
        hash    BIGINT NOT NULL,
        doc_seq BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX reuse_fingerprints_hash ON reuse_fingerprints(hash, doc_seq);

    CREATE TABLE reuse_bands_pending (band INTEGER NOT NULL, key BIGINT NOT NULL,
                                      doc_seq BIGINT NOT NULL);
    CREATE TABLE reuse_fingerprints_pending (hash BIGINT NOT NULL, doc_seq BIGINT NOT NULL);

    CREATE INDEX documents_corpus_done ON documents(corpus_done);
    """,
    # 5
    """
    CREATE INDEX IF NOT EXISTS inputs_raw_hash ON inputs(raw_hash);
    """,
    # 6 (an index-only scan where the visibility map allows it)
    """
    CREATE INDEX IF NOT EXISTS events_clustering ON events(doc, event_id, type, place,
        date_earliest, date_latest, date_value, count_min, count_max, modality);
    """,
]

# Python steps run right after a migration, in its transaction (version -> function name in
# marsad.store.reuse_index): filling new tables from existing rows.
BACKFILLS: dict[int, str] = {4: "backfill"}

assert len(SQLITE) == len(POSTGRESQL)
LATEST = len(SQLITE)
MIGRATIONS = SQLITE  # the name older code and tests use for the SQLite list
