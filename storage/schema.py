"""The unit file's schema: numbered migrations, recorded in PRAGMA user_version.

Every table and column is named in English and holds one plain value per row, so a unit file is
readable with the plain `sqlite3` shell. Money is INTEGER 分, never REAL.
"""
from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x4A53474B  # "JSGK": marks a 决算公开工作台 unit file

MIGRATIONS: list[str] = [
    # 1: the first schema: unit facts, rows, cells, narrative, review, change log
    """
    CREATE TABLE unit (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        unit_name TEXT NOT NULL,
        unit_code TEXT NOT NULL DEFAULT '',
        year INTEGER NOT NULL,
        template_year INTEGER NOT NULL,
        display_unit TEXT NOT NULL DEFAULT '万元' CHECK (display_unit IN ('元', '万元')),
        created_at TEXT NOT NULL
    );
    CREATE TABLE table_rows (
        table_id TEXT NOT NULL,
        row_key TEXT NOT NULL,        -- a classification code (2010101) or a project row (p1, p2 …)
        name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (table_id, row_key)
    );
    CREATE TABLE cells (
        table_id TEXT NOT NULL,       -- T1 … T12 (the twelve tables), X1, X2 (extra inputs)
        row_key TEXT NOT NULL,
        col_key TEXT NOT NULL,
        amount INTEGER,               -- money in 分 (1 元 = 100), or a count
        text TEXT,                    -- text cells (project names …)
        tolerance INTEGER NOT NULL DEFAULT 0,  -- ± 分 an imported rounded value may be off
        source TEXT NOT NULL CHECK (source IN ('entered', 'imported', 'derived')),
        PRIMARY KEY (table_id, row_key, col_key)
    );
    CREATE TABLE table_notes (
        table_id TEXT PRIMARY KEY,
        note TEXT NOT NULL            -- e.g. 本单位不涉及 for a table with no data
    );
    CREATE TABLE narrative (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        text TEXT NOT NULL,
        source_file TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE review_flags (
        id INTEGER PRIMARY KEY,
        table_id TEXT, row_key TEXT, col_key TEXT,   -- a cell, or
        span_start INTEGER, span_end INTEGER,        -- a span of the narrative text
        rule TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'explained', 'resolved')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE review_comments (
        id INTEGER PRIMARY KEY,
        flag_id INTEGER NOT NULL REFERENCES review_flags(id),
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE signoffs (
        id INTEGER PRIMARY KEY,
        reviewer TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE change_log (         -- append only
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,         -- edit | import | demo | narrative | row …
        table_id TEXT, row_key TEXT, col_key TEXT,
        old_amount INTEGER, new_amount INTEGER,
        old_text TEXT, new_text TEXT
    );
    CREATE TRIGGER change_log_append_only_update BEFORE UPDATE ON change_log
        BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
    CREATE TRIGGER change_log_append_only_delete BEFORE DELETE ON change_log
        BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
    """,
    # 2: undo steps. Every change is one step (an edit, a paste, an import, an undo, a redo) whose
    # change_log entries hold enough to reverse and replay it: a cell's tolerance and source, a row's
    # name (action 'row'), a table note ('note'), the full narrative text ('narrative'), a unit fact
    # ('meta', col_key = the field). Entries written before this migration have no step.
    """
    CREATE TABLE steps (              -- append only
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        label TEXT NOT NULL,          -- 填写表5 2010301 行政运行·基本支出, 导入, 撤销：…
        kind TEXT NOT NULL DEFAULT 'do' CHECK (kind IN ('do', 'undo', 'redo')),
        target INTEGER REFERENCES steps(id)   -- the step an undo or redo reverses or repeats
    );
    ALTER TABLE change_log ADD COLUMN step INTEGER REFERENCES steps(id);
    ALTER TABLE change_log ADD COLUMN old_tolerance INTEGER;
    ALTER TABLE change_log ADD COLUMN new_tolerance INTEGER;
    ALTER TABLE change_log ADD COLUMN old_source TEXT;
    ALTER TABLE change_log ADD COLUMN new_source TEXT;
    CREATE INDEX change_log_step ON change_log(step);
    CREATE TRIGGER steps_append_only_update BEFORE UPDATE ON steps
        BEGIN SELECT RAISE(ABORT, 'steps is append-only'); END;
    CREATE TRIGGER steps_append_only_delete BEFORE DELETE ON steps
        BEGIN SELECT RAISE(ABORT, 'steps is append-only'); END;
    """,
    # 3: review (storage/review_store.py) and the hash chain over change_log (storage/chain.py).
    # A flag is on a cell (table/row/col), a narrative span (its quoted text with context, offsets
    # as last seen) or a finding (its stable id); an explanation (说明) of a warning is a flag of
    # kind 'explain'. Every review action is also a change_log entry (action flag/comment/status/
    # signoff/reopen, details as JSON in new_text, step NULL), so the one chained log holds it all.
    # Each change_log entry carries prev_hash (the entry before it) and hash (of prev_hash and its
    # own content, its step's row included); entries older than this migration are sealed by it.
    """
    ALTER TABLE review_flags ADD COLUMN kind TEXT NOT NULL DEFAULT 'flag' CHECK (kind IN ('flag', 'explain'));
    ALTER TABLE review_flags ADD COLUMN finding_id TEXT;
    ALTER TABLE review_flags ADD COLUMN quote TEXT;
    ALTER TABLE review_flags ADD COLUMN quote_before TEXT;
    ALTER TABLE review_flags ADD COLUMN quote_after TEXT;
    ALTER TABLE review_flags ADD COLUMN role TEXT NOT NULL DEFAULT '';
    ALTER TABLE review_comments ADD COLUMN role TEXT NOT NULL DEFAULT '';
    ALTER TABLE signoffs ADD COLUMN kind TEXT NOT NULL DEFAULT 'signoff' CHECK (kind IN ('signoff', 'reopen'));
    ALTER TABLE change_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE change_log ADD COLUMN hash TEXT;
    CREATE TRIGGER review_comments_append_only_update BEFORE UPDATE ON review_comments
        BEGIN SELECT RAISE(ABORT, 'review_comments is append-only'); END;
    CREATE TRIGGER review_comments_append_only_delete BEFORE DELETE ON review_comments
        BEGIN SELECT RAISE(ABORT, 'review_comments is append-only'); END;
    CREATE TRIGGER signoffs_append_only_update BEFORE UPDATE ON signoffs
        BEGIN SELECT RAISE(ABORT, 'signoffs is append-only'); END;
    CREATE TRIGGER signoffs_append_only_delete BEFORE DELETE ON signoffs
        BEGIN SELECT RAISE(ABORT, 'signoffs is append-only'); END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
CHAIN_VERSION = 3       # the migration that adds change_log.prev_hash/hash (storage/chain.py)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION, each step in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number in range(version, SCHEMA_VERSION):
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            if number + 1 == CHAIN_VERSION:      # entries written before the chain get their hashes
                from .chain import seal
                seal(conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _statements(script: str):
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
