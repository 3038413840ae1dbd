"""Is this a unit file this program may open, and is it whole? Decided before anything is written.

1. `probe(path)` reads the 100-byte SQLite header as plain bytes: the format, the application id,
   the schema version (PRAGMA user_version) and whether the file is in WAL mode. A file that is not
   ours, newer than this program or in WAL mode is refused before SQLite opens it, so its bytes are
   not touched (SQLite itself would rewrite header bytes 18–19 when switching the journal mode).
2. `verify(conn, path)`, on the open connection: the first read rolls back a journal left by an
   interrupted save (after that the single file is consistent and safe to copy), then
   `PRAGMA quick_check`, the tables and columns the schema version promises, and the values the
   program relies on (integer amounts, known table ids, a known display unit, a known year).
"""
from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from domain.os_reason import os_reason
from domain.template import TemplateError, load_template

from .errors import StorageError, damaged
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, _statements

MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
DISPLAY_UNITS = ("元", "万元")
QUICK_CHECK_LINES = 3


def probe(path: Path) -> int:
    """Refuse a file that is not a unit file this program may write; return its schema version."""
    if not path.exists():
        raise StorageError(f"文件不存在：{path}")
    if path.is_dir():
        raise StorageError(f"这是一个文件夹，不是单位文件：{path}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEADER_BYTES)
    except OSError as exc:
        raise StorageError(f"无法读取文件 {path}：{os_reason(exc)}") from None
    if not head:
        raise StorageError(f"不是决算公开工作台的单位文件（文件是空的，0 字节，可能是新建时被中断留下的）：{path}；"
                           "可删除后重新新建。")
    if head[:16] != MAGIC:
        raise StorageError(f"不是决算公开工作台的单位文件（文件格式不对）：{path}")
    if len(head) < HEADER_BYTES:
        raise damaged(path, "文件被截断")
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    if app_id != APPLICATION_ID:
        raise StorageError(f"不是决算公开工作台的单位文件（这是另一种 SQLite 数据库，或是新建时被中断留下的空文件）：{path}；"
                           "文件未作任何改动。")
    if version > SCHEMA_VERSION:
        raise StorageError(f"此文件由更新版本的决算公开工作台保存（文件结构版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
                           "请升级程序后再打开；文件未作任何改动。")
    if head[18] == 2 or head[19] == 2:
        raise StorageError(f"此文件被其他程序改成了 WAL 日志模式，本程序不打开这样的文件：{path}；文件未作任何改动。"
                           "可在 sqlite3 中执行 PRAGMA journal_mode=DELETE 后再打开。")
    return version


def verify(conn: sqlite3.Connection, path: Path, version: int) -> list[str]:
    """Check an open unit file; StorageError when it cannot be used. Returns what quick_check
    reported ([] for a whole file), for a caller that opened the file read-only to salvage it."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()   # rolls back a hot journal
    problems = [row[0] for row in conn.execute(f"PRAGMA quick_check({QUICK_CHECK_LINES})")]
    problems = [] if problems == ["ok"] else problems
    missing = _missing_schema(conn, version)
    if missing:
        raise damaged(path, f"缺少{missing}")
    _check_values(conn, path)
    return problems


@lru_cache(maxsize=None)
def expected_schema(version: int) -> dict[str, frozenset[str]]:
    """Each table's columns after the first `version` migrations."""
    conn = sqlite3.connect(":memory:")
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            conn.execute(statement)
    schema = _schema(conn)
    conn.close()
    return schema


def _schema(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: frozenset(r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')) for t in tables}


def _missing_schema(conn: sqlite3.Connection, version: int) -> str:
    actual = _schema(conn)
    for table, columns in expected_schema(version).items():
        if table not in actual:
            return f"数据表“{table}”"
        lost = sorted(columns - actual[table])
        if lost:
            return f"数据表“{table}”的列“{lost[0]}”"
    return ""


# the storage types each column the program reads must hold (SQLite lets any column hold anything)
TEXT, INTEGER, NULL = "text", "integer", "null"
COLUMN_TYPES = {
    "unit": {"unit_name": (TEXT,), "unit_code": (TEXT,), "year": (INTEGER,), "template_year": (INTEGER,),
             "display_unit": (TEXT,)},
    "cells": {"table_id": (TEXT,), "row_key": (TEXT,), "col_key": (TEXT,), "amount": (INTEGER, NULL),
              "text": (TEXT, NULL), "tolerance": (INTEGER,), "source": (TEXT,)},
    "table_rows": {"table_id": (TEXT,), "row_key": (TEXT,), "name": (TEXT,)},
    "table_notes": {"table_id": (TEXT,), "note": (TEXT,)},
    "narrative": {"text": (TEXT,)},
}
COLUMN_NAMES = {"amount": "金额", "text": "文字", "note": "表注", "name": "行名称", "unit_name": "单位名称",
                "year": "年度", "template_year": "模板年度"}


def _check_values(conn: sqlite3.Connection, path: Path) -> None:
    for table, columns in COLUMN_TYPES.items():
        for column, types in columns.items():
            allowed = ", ".join(f"'{t}'" for t in types)
            bad = conn.execute(f'SELECT typeof("{column}") FROM "{table}" WHERE typeof("{column}") NOT IN ({allowed}) '
                               "LIMIT 1").fetchone()
            if bad:
                raise damaged(path, f"数据表“{table}”的{COLUMN_NAMES.get(column, '')}列“{column}”中有类型不对的值（{bad[0]}）")
    unit = conn.execute("SELECT template_year, display_unit FROM unit WHERE id = 1").fetchone()
    if unit is None:
        raise damaged(path, "缺少单位信息")
    template_year, display_unit = unit
    if display_unit not in DISPLAY_UNITS:
        raise damaged(path, f"金额单位“{display_unit}”不是元或万元")
    try:
        template = load_template(template_year)
    except TemplateError as exc:
        raise StorageError(f"{exc}：{path}") from None
    known = {t.id for t in template.tables}
    for table_id, col_key in conn.execute("SELECT DISTINCT table_id, col_key FROM cells"):
        if table_id not in known:
            raise damaged(path, f"含有本程序不认识的表“{table_id}”")
        if col_key not in {c.key for c in template.table(table_id).columns}:
            raise damaged(path, f"表 {table_id} 中含有不认识的列“{col_key}”")
    for (table_id,) in conn.execute("SELECT table_id FROM table_rows UNION SELECT table_id FROM table_notes"):
        if table_id not in known:
            raise damaged(path, f"含有本程序不认识的表“{table_id}”")
