"""The numbered migrations that build a project file.

A new project runs them all; an older file runs the ones it lacks (after a backup copy, see
``migrate.py``). Never edit a released migration: add the next one. ``tests/data/schemas/`` holds
a frozen file of every released version, and a test migrates each to the current one.
"""
from __future__ import annotations

APPLICATION_ID = 0x43574231  # "CWB1": lets us tell our files from any other SQLite file

_V1 = """
CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    color TEXT NOT NULL DEFAULT '#4E79A7',
    created TEXT NOT NULL
);
CREATE TABLE project_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    guid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    research_question TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'zh',
    framework TEXT NOT NULL DEFAULT '',
    current_coder_id INTEGER REFERENCES coders(id),
    created TEXT NOT NULL
);
CREATE TABLE elements (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES elements(id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    color TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    inclusion TEXT NOT NULL DEFAULT '',
    exclusion TEXT NOT NULL DEFAULT '',
    example TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    template_key TEXT,
    created TEXT NOT NULL
);
CREATE UNIQUE INDEX elements_sibling_names ON elements (ifnull(parent_id, 0), name);
CREATE TABLE source_types (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    key TEXT UNIQUE,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'image')),
    title TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    media_type TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL UNIQUE,
    text_length INTEGER NOT NULL DEFAULT 0,
    encoding TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    date TEXT,
    source_type_id INTEGER REFERENCES source_types(id),
    origin_url TEXT NOT NULL DEFAULT '',
    agency TEXT NOT NULL DEFAULT '',
    document_number TEXT NOT NULL DEFAULT '',
    capture_time TEXT,
    notes TEXT NOT NULL DEFAULT '',
    width INTEGER,
    height INTEGER,
    imported TEXT NOT NULL,
    CHECK (kind = 'text' OR (width > 0 AND height > 0))
);
-- Text and original bytes live apart from the metadata row, so listing a thousand sources never
-- reads 20 million characters (SQLite walks a row's overflow pages to reach later columns).
CREATE TABLE source_texts (
    id INTEGER PRIMARY KEY REFERENCES sources(id),
    text TEXT NOT NULL,
    blocks TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE source_files (
    id INTEGER PRIMARY KEY REFERENCES sources(id),
    data BLOB NOT NULL
);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE TABLE case_attributes (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date')),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE case_values (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    attribute_id INTEGER NOT NULL REFERENCES case_attributes(id),
    value TEXT NOT NULL,
    UNIQUE (case_id, attribute_id)
);
CREATE TABLE case_sources (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    UNIQUE (case_id, source_id)
);
CREATE INDEX case_sources_by_source ON case_sources (source_id);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    element_id INTEGER NOT NULL REFERENCES elements(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    start_offset INTEGER,
    end_offset INTEGER,
    snippet TEXT,
    x INTEGER,
    y INTEGER,
    width INTEGER,
    height INTEGER,
    memo TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    CHECK (
        (start_offset IS NOT NULL AND end_offset > start_offset AND start_offset >= 0
         AND snippet IS NOT NULL AND x IS NULL)
        OR
        (start_offset IS NULL AND x >= 0 AND y >= 0 AND width > 0 AND height > 0)
    )
);
CREATE INDEX codings_by_source ON codings (source_id, start_offset);
CREATE INDEX codings_by_element ON codings (element_id);
CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    start_date TEXT,
    end_date TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
);
CREATE TABLE interaction_types (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    key TEXT UNIQUE,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    sign INTEGER NOT NULL CHECK (sign IN (1, -1)),
    line_style TEXT NOT NULL DEFAULT 'solid',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    from_element_id INTEGER NOT NULL REFERENCES elements(id),
    to_element_id INTEGER NOT NULL REFERENCES elements(id),
    type_id INTEGER NOT NULL REFERENCES interaction_types(id),
    sign INTEGER NOT NULL CHECK (sign IN (1, -1)),
    period_id INTEGER REFERENCES periods(id),
    note TEXT NOT NULL DEFAULT '',
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    created TEXT NOT NULL
);
CREATE TABLE interaction_evidence (
    id INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interactions(id),
    coding_id INTEGER NOT NULL REFERENCES codings(id),
    UNIQUE (interaction_id, coding_id)
);
CREATE INDEX interaction_evidence_by_coding ON interaction_evidence (coding_id);
CREATE TABLE memos (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    target_kind TEXT NOT NULL
        CHECK (target_kind IN ('project', 'source', 'element', 'coding', 'interaction', 'case')),
    target_id INTEGER,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    coder_id INTEGER REFERENCES coders(id),
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX memos_by_target ON memos (target_kind, target_id);
CREATE TABLE undo_steps (
    id INTEGER PRIMARY KEY,
    stack TEXT NOT NULL CHECK (stack IN ('undo', 'redo')),
    label TEXT NOT NULL,
    batch TEXT,
    created TEXT NOT NULL
);
CREATE TABLE undo_rows (
    id INTEGER PRIMARY KEY,
    step_id INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT
);
CREATE INDEX undo_rows_by_step ON undo_rows (step_id);
"""

# Version 2: where the researcher placed each element in the path diagram. ``layout`` names the
# diagram ("whole" = the whole case; the per-period panels share it so change stays visible).
_V2 = """
CREATE TABLE diagram_positions (
    id INTEGER PRIMARY KEY,
    layout TEXT NOT NULL DEFAULT 'whole',
    element_id INTEGER NOT NULL REFERENCES elements(id),
    x REAL NOT NULL,
    y REAL NOT NULL,
    UNIQUE (layout, element_id)
);
"""

# Version 3: the analysis side. ``matrix_notes``: the researcher's summary of one cell of the
# case × element matrix. ``dictionary_terms``: the project's own words for segmentation (放管服,
# 互联网+政务服务). ``segment_cache``: word counts of each source for one dictionary hash (a cache,
# outside undo). ``search_pending``: the sources whose text changed since the full-text index
# (an FTS5 trigram table that ``core/search.py`` builds on first use) last saw them. Triggers on
# ``source_texts`` fill it, so imports, deletions and their undo/redo reach the index; a trigger
# cannot write the FTS table itself because the connection runs with trusted_schema = OFF.
# No foreign keys here: a note or a cache row must never block deleting a case, element or source.
_V3 = """
CREATE TABLE matrix_notes (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL,
    element_id INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL,
    UNIQUE (case_id, element_id)
);
CREATE TABLE dictionary_terms (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE CHECK (length(trim(term)) > 0),
    pos TEXT NOT NULL DEFAULT 'nz',
    created TEXT NOT NULL
);
CREATE TABLE segment_cache (
    source_id INTEGER NOT NULL,
    mode TEXT NOT NULL,
    dictionary_hash TEXT NOT NULL,
    counts TEXT NOT NULL,
    PRIMARY KEY (source_id, mode)
);
CREATE TABLE search_pending (
    source_id INTEGER PRIMARY KEY
);
INSERT INTO search_pending (source_id) SELECT id FROM source_texts;
CREATE TRIGGER source_texts_changed_insert AFTER INSERT ON source_texts BEGIN
    INSERT OR IGNORE INTO search_pending (source_id) VALUES (new.id);
    DELETE FROM segment_cache WHERE source_id = new.id;
END;
CREATE TRIGGER source_texts_changed_delete AFTER DELETE ON source_texts BEGIN
    INSERT OR IGNORE INTO search_pending (source_id) VALUES (old.id);
    DELETE FROM segment_cache WHERE source_id = old.id;
END;
CREATE TRIGGER source_texts_changed_update AFTER UPDATE OF text ON source_texts BEGIN
    INSERT OR IGNORE INTO search_pending (source_id) VALUES (old.id);
    DELETE FROM segment_cache WHERE source_id = old.id;
END;
"""

# Version 4: each element's keyword dictionary (terms that signal the element; auto-code can
# propose codings from them, and a topic mapped onto an element adds its top words). No foreign
# key, so deleting an element is never blocked: ``element_guid`` records whose the row is, and
# readers keep a row only while an element with that id *and* guid exists, so a deleted
# element's terms are ignored (and come back with it on undo) and never pass to a new element
# that happens to reuse the id.
_V4 = """
CREATE TABLE element_keywords (
    id INTEGER PRIMARY KEY,
    element_id INTEGER NOT NULL,
    element_guid TEXT NOT NULL DEFAULT '',
    term TEXT NOT NULL CHECK (length(trim(term)) > 0),
    created TEXT NOT NULL DEFAULT '',
    UNIQUE (element_id, term)
);
"""

# Version 5 (one release's worth of changes; unreleased until tests/data/schemas/v5.cwb exists,
# so later statements may still be appended here).
# - ``codings`` is rebuilt so that one act of coding is one row: a coding has a text range, a
#   region, or both (a recognised line of a screenshot, a passage on a PDF page), the ``page`` it
#   lies on (PDF, 1-based) and when it was last ``modified`` (NULL: never since ``created``).
#   The rebuild follows SQLite's recipe (new table, copy, drop, rename); migrate.py runs it with
#   foreign keys off and checks them before committing.
# - ``project_info.lineage``: which line of copies this file belongs to (backups are filed by it,
#   so a copy of a project never shares, prunes or restores another copy's backups).
# - ``elements.codable``: 0 for a folder-like element that is never coded (REFI-QDA isCodable).
# - ``agency_aliases``: the researcher's list merging spellings of one issuing agency.
# - Pairs of a passage and its region stored by one act of coding a screenshot's text are merged
#   into one coding (last block).
_V5 = """
CREATE TABLE codings_v5 (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    element_id INTEGER NOT NULL REFERENCES elements(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    start_offset INTEGER,
    end_offset INTEGER,
    snippet TEXT,
    x INTEGER,
    y INTEGER,
    width INTEGER,
    height INTEGER,
    page INTEGER,
    memo TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT,
    CHECK (start_offset IS NOT NULL OR x IS NOT NULL),
    CHECK (start_offset IS NULL
           OR (end_offset > start_offset AND start_offset >= 0 AND snippet IS NOT NULL)),
    CHECK (x IS NULL OR (x >= 0 AND y >= 0 AND width > 0 AND height > 0)),
    CHECK (page IS NULL OR page >= 1)
);
INSERT INTO codings_v5 (id, guid, source_id, element_id, coder_id, start_offset, end_offset,
                        snippet, x, y, width, height, memo, created)
    SELECT id, guid, source_id, element_id, coder_id, start_offset, end_offset,
           snippet, x, y, width, height, memo, created FROM codings;
DROP TABLE codings;
ALTER TABLE codings_v5 RENAME TO codings;
CREATE INDEX codings_by_source ON codings (source_id, start_offset);
CREATE INDEX codings_by_element ON codings (element_id);
ALTER TABLE project_info ADD COLUMN lineage TEXT;
ALTER TABLE elements ADD COLUMN codable INTEGER NOT NULL DEFAULT 1;
-- Spellings of issuing agencies the researcher merges (简称 → 全称) for the joint-issuance
-- network and its tables; undoable like every other change.
CREATE TABLE agency_aliases (
    id INTEGER PRIMARY KEY,
    alias TEXT NOT NULL UNIQUE CHECK (length(trim(alias)) > 0),
    canonical TEXT NOT NULL CHECK (length(trim(canonical)) > 0)
);

-- One act of coding is one coding: coding a recognised line of a screenshot used to store two
-- rows, the passage and, inserted right after it in the same second, the region of its lines
-- (same source, element and coder). Each such pair becomes the passage carrying the region: the
-- rect is copied onto it, the region's evidence links, memos and undo records move to it (the
-- passage's undo images get the rect, so undoing an older edit does not drop it), and the
-- region row goes.
CREATE TABLE coding_pairs_v5 AS
    SELECT t.id AS text_id, r.id AS region_id, r.x, r.y, r.width, r.height, r.memo
    FROM codings t JOIN codings r ON r.id = t.id + 1
    JOIN sources s ON s.id = t.source_id AND s.kind = 'image'
    WHERE t.start_offset IS NOT NULL AND t.x IS NULL
      AND r.start_offset IS NULL AND r.x IS NOT NULL
      AND r.source_id = t.source_id AND r.element_id = t.element_id AND r.coder_id = t.coder_id
      AND substr(r.created, 1, 19) = substr(t.created, 1, 19);
UPDATE codings SET
    x = (SELECT x FROM coding_pairs_v5 WHERE text_id = codings.id),
    y = (SELECT y FROM coding_pairs_v5 WHERE text_id = codings.id),
    width = (SELECT width FROM coding_pairs_v5 WHERE text_id = codings.id),
    height = (SELECT height FROM coding_pairs_v5 WHERE text_id = codings.id),
    memo = CASE WHEN memo = '' THEN (SELECT memo FROM coding_pairs_v5 WHERE text_id = codings.id)
           ELSE memo END
    WHERE id IN (SELECT text_id FROM coding_pairs_v5);
DELETE FROM interaction_evidence WHERE id IN (
    SELECT e.id FROM interaction_evidence e JOIN coding_pairs_v5 p ON p.region_id = e.coding_id
    JOIN interaction_evidence k ON k.interaction_id = e.interaction_id AND k.coding_id = p.text_id);
UPDATE interaction_evidence
    SET coding_id = (SELECT text_id FROM coding_pairs_v5 WHERE region_id = coding_id)
    WHERE coding_id IN (SELECT region_id FROM coding_pairs_v5);
UPDATE memos SET target_id = (SELECT text_id FROM coding_pairs_v5 WHERE region_id = target_id)
    WHERE target_kind = 'coding' AND target_id IN (SELECT region_id FROM coding_pairs_v5);
UPDATE undo_rows SET before = json_set(before,
        '$.x', (SELECT x FROM coding_pairs_v5 WHERE text_id = row_id),
        '$.y', (SELECT y FROM coding_pairs_v5 WHERE text_id = row_id),
        '$.width', (SELECT width FROM coding_pairs_v5 WHERE text_id = row_id),
        '$.height', (SELECT height FROM coding_pairs_v5 WHERE text_id = row_id))
    WHERE tbl = 'codings' AND before IS NOT NULL
      AND row_id IN (SELECT text_id FROM coding_pairs_v5);
DELETE FROM undo_rows WHERE tbl = 'codings' AND row_id IN (SELECT region_id FROM coding_pairs_v5);
DELETE FROM codings WHERE id IN (SELECT region_id FROM coding_pairs_v5);
DROP TABLE coding_pairs_v5;
"""

# Index = schema version reached after running it (version 1 is MIGRATIONS[0]).
MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5]
CURRENT_VERSION = len(MIGRATIONS)
