"""Updating a narrative the clerk has worked on: merge, don't clobber.

The fresh draft (compose.py) is what the tables say now. The clerk's text is matched with it
sentence by sentence: two sentences correspond when they stand in the same section (by kind, so a
re-worded heading still matches) and begin with the same words up to their first figure, years left
out (“2024年度本年收入合计”, “““行政运行”（项）2024年度年初预算”), the n-th such sentence with the n-th.
Within a matched pair the figures, years and 增加/减少·持平 phrases are taken from the draft wherever
the words around them agree; every other word stays as the clerk wrote it, so a reason written in
place of 【请填写主要原因】 is never touched. In the clerk's own sentences only the figures the reader
binds to a table quantity are brought up to date (refigure.py). Sections whose tables are not filled
in yet are left alone. Sections, and 功能分类 rows, of the draft that the text lacks are inserted where
the draft has them. Nothing is deleted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ...unit import UnitData
from ..figures import find_figures
from ..sections import (ASSETS, BASIC, FISCAL, FUND_SECTIONS, GOV_FUND, GPB, NONE, OFFICE, OVERVIEW, PROCUREMENT,
                        SERVICES, SOE, THREE_PUBLIC, list_marker, part_kind, section_kind)
from ..table_rules import TableSource
from .compose import draft_text
from .refigure import refigure
from .wording import Wording, load_wording

_NUMBERING = re.compile(r"^[\s\u3000]*(?:\d+[.、．]|[（(][\d一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)?")
_SENTENCE = re.compile(r"[^。]*。|[^。]+$")
_YEAR = re.compile(r"\d{4}年度?")
_YEAR_NUMBER = re.compile(r"(?<!\d)(?:19|20)\d\d(?=年)")     # a year: last year's text says 2023 where the draft says 2024
_FIGURE_RE = r"[-−]?\d[\d,，]*(?:\.\d+)?(?:万元|元|%)"


@dataclass(frozen=True)
class Change:
    section: str        # the heading of the section, as the text has it
    old: str            # the sentence before
    new: str            # the sentence after ("" for an inserted section: then `new` is its text)
    added: bool = False
    review: bool = False    # the change turned (增加 ↔ 减少 ↔ 持平) under a reason the clerk wrote: re-read it


# ---- outline ------------------------------------------------------------------------------------

def _heading_level(line: str) -> int | None:
    level, _ = list_marker(line)
    if level is None or level > 2 or find_figures(line).figures:
        return None
    return level


def _heading_key(line: str, level: int, part: str) -> tuple:
    words = _YEAR.sub("", _NUMBERING.sub("", line)).strip()
    if level == 0:
        return (0, part_kind(words))
    kind = section_kind(words)
    return (level, part, kind if kind != NONE and level == 1 else re.sub(r"\s+", "", words))


def _outline(lines: list[str]) -> list[tuple[tuple, tuple]]:
    """Per line: (heading key or (), section path: (part, level-1 key, level-2 key))."""
    part, sec, sub = "", (), ()
    out = []
    for line in lines:
        level = _heading_level(line)
        key = ()
        if level is not None:
            if level == 0:
                part = part_kind(_NUMBERING.sub("", line))
                sec = sub = ()
            key = _heading_key(line, level, part)
            if level == 1:
                sec, sub = key, ()
            elif level == 2:
                sub = key
        out.append((key, (part, sec, sub)))
    return out


# ---- sentences ----------------------------------------------------------------------------------

class _Tokens:
    """A sentence as tokens: comparison phrases (P), figures (F), years (Y) and single characters."""

    def __init__(self, sentence: str, phrases: list[tuple[str, re.Pattern]]):
        self.texts: list[str] = []
        self.keys: list[tuple] = []
        spans = []
        for kind, pattern in phrases:
            spans += [(m.start(), m.end(), ("P", kind)) for m in pattern.finditer(sentence)]
        spans.sort()
        taken, kept = -1, []
        for s, e, k in spans:
            if s >= taken:
                kept.append((s, e, k))
                taken = e
        for f in find_figures(sentence).figures:
            if not any(s <= f.start < e for s, e, _ in kept):
                kept.append((f.start, f.end, ("F",)))
        for m in _YEAR_NUMBER.finditer(sentence):
            if not any(s <= m.start() < e for s, e, _ in kept):
                kept.append((m.start(), m.end(), ("Y",)))
        kept.sort()
        pos = 0
        for s, e, k in kept:
            for ch in sentence[pos:s]:
                self.texts.append(ch)
                self.keys.append(("C", ch))
            self.texts.append(sentence[s:e])
            self.keys.append(k)
            pos = e
        for ch in sentence[pos:]:
            self.texts.append(ch)
            self.keys.append(("C", ch))


def _phrase_patterns(w: Wording) -> list[tuple[str, re.Pattern]]:
    out = []
    for kind, variants in w.get("change").items():
        alternatives = []
        for template in sorted(variants.values(), key=len, reverse=True):
            parts = re.split(r"(\{\w+\})", template)
            alternatives.append("".join(
                (r"\d{4}" if p == "{year}" else _FIGURE_RE) if p.startswith("{") else _words(p) for p in parts))
        out.append((kind, re.compile("|".join(alternatives))))
    return out


# a verb may stand with the template's alternative left behind (“增加（减少）”): the phrase is still
# recognised, and replaced by the draft's, which says which one it is
_VERBS = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}


def _words(literal: str) -> str:
    return re.sub("|".join(_VERBS), lambda m: f"{m.group(0)}(?:[（(]{_VERBS[m.group(0)]}[）)])?", re.escape(literal))


def _lead(sentence: str) -> str:
    figures = find_figures(sentence).figures
    head = sentence[:figures[0].start] if figures else ""
    return _YEAR_NUMBER.sub("Y", re.sub(r"\s+", "", _NUMBERING.sub("", head)))


def _sentences(lines: list[str], outline) -> list[tuple[int, int, int, tuple]]:
    """(line, start, end, key) of every sentence with a figure; key = (section path, lead, n)."""
    seen: dict[tuple, int] = {}
    out = []
    for i, line in enumerate(lines):
        heading, path = outline[i]
        if heading:
            continue
        for m in _SENTENCE.finditer(line):
            lead = _lead(m.group(0))
            if not lead:
                continue
            base = (path, lead)
            n = seen[base] = seen.get(base, -1) + 1
            out.append((i, m.start(), m.end(), (path, lead, n)))
    return out


def _merge_sentence(old: str, new: str, phrases, placeholder: str) -> tuple[str, bool]:
    """The clerk's sentence with the draft's figures and phrases; and whether a comparison turned."""
    a, b = _Tokens(old, phrases), _Tokens(new, phrases)
    out, turned = [], False
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a.keys, b.keys, autojunk=False).get_opcodes():
        if op == "equal":      # figures and phrases from the draft, unless only the clerk's digit grouping differs
            out += [x if re.sub("[,，]", "", x) == y else y for x, y in zip(a.texts[i1:i2], b.texts[j1:j2])]
            turned = turned or any(k[0] == "P" and _direction(x) != _direction(y)
                                   for k, x, y in zip(a.keys[i1:i2], a.texts[i1:i2], b.texts[j1:j2]))
        elif op == "insert":
            inserted = "".join(b.texts[j1:j2])
            if placeholder in inserted or any(k[0] == "P" for k in b.keys[j1:j2]):
                out.append(inserted)        # a comparison (or the reason it needs) the old text could not have had
        else:
            out += a.texts[i1:i2]
    merged = "".join(out)
    return merged, turned and "原因" in merged and placeholder not in merged


def _direction(phrase: str) -> str:
    return "up" if "增加" in phrase else "down" if "减少" in phrase else "flat"


# ---- the whole text -----------------------------------------------------------------------------

def update_text(unit: UnitData, old_text: str) -> tuple[str, list[Change]]:
    """The clerk's text with its figures brought up to date and the missing sections added."""
    w = load_wording(unit.meta.year)
    fresh = draft_text(unit)
    if not old_text.strip():
        return fresh, [Change("", "", fresh, added=True)]
    phrases = _phrase_patterns(w)
    placeholder = w.get("reason_placeholder")
    old_lines, new_lines = old_text.rstrip("\n").split("\n"), fresh.rstrip("\n").split("\n")
    old_outline, new_outline = _outline(old_lines), _outline(new_lines)
    fresh_sentences = {key: (i, s, e) for i, s, e, key in _sentences(new_lines, new_outline)}
    changes: list[Change] = []
    edits: dict[int, list[tuple[int, int, str]]] = {}
    _update_heading_years(old_lines, old_outline, new_lines, new_outline, changes)
    titles = _titles(old_lines, old_outline)
    filled = TableSource(unit).filled
    own = []                     # the clerk's own sentences: no drafted counterpart
    for i, s, e, key in _sentences(old_lines, old_outline):
        hit = fresh_sentences.get(key)
        if hit is None:
            own.append((i, s, e))
            continue
        if not _section_filled(key[0], filled):
            continue             # its tables hold nothing yet: not zeros to write into the clerk's text
        before = old_lines[i][s:e]
        j, fs, fe = hit
        if before == new_lines[j][fs:fe]:
            continue
        after, turned = _merge_sentence(before, new_lines[j][fs:fe], phrases, placeholder)
        if after != before:
            edits.setdefault(i, []).append((s, e, after))
            changes.append(Change(titles[i], before, after, review=turned))
    _refigure_own_sentences(unit, old_lines, own, titles, edits, changes)
    for i, spans in edits.items():
        line = old_lines[i]
        for s, e, text in sorted(spans, reverse=True):
            line = line[:s] + text + line[e:]
        old_lines[i] = line
    lines = old_lines
    if any(t in filled for t in _DISCLOSURE):
        lines, added = _add_missing_sections(old_lines, old_outline, new_lines, new_outline)
        changes += added
        changes += _add_missing_rows(lines, _outline(lines), new_lines, new_outline)
    text = "\n".join(lines)
    return text + ("\n" if old_text.endswith("\n") else ""), changes


# the tables a section's drafted figures come from (by the kind of its 一、 heading)
_SECTION_TABLES = {OVERVIEW: ("T1", "T2", "T3"), FISCAL: ("T4",), GPB: ("T5",), GOV_FUND: ("T7",), SOE: ("T9",),
                   BASIC: ("T6", "T7"), THREE_PUBLIC: ("T10", "X2"), OFFICE: ("X2",), PROCUREMENT: ("T11",),
                   ASSETS: ("X2",), SERVICES: ("T12",)}
_DISCLOSURE = tuple(f"T{i}" for i in range(1, 13))


def _section_filled(path: tuple, filled: set[str]) -> bool:
    section = path[1]
    tables = _SECTION_TABLES.get(section[2]) if section else None
    return tables is None or any(t in filled for t in tables)


def _refigure_own_sentences(unit, lines, own, titles, edits, changes) -> None:
    """The clerk's own sentences (line, start, end): figures the reader binds to a table quantity,
    brought up to date."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    figures = refigure(unit, "\n".join(lines), [(starts[i] + s, starts[i] + e) for i, s, e in own])
    for i, s, e in own:
        inside = [(a - starts[i] - s, b - starts[i] - s, t) for a, b, t in figures if starts[i] + s <= a < starts[i] + e]
        if not inside:
            continue
        before = after = lines[i][s:e]
        for a, b, t in sorted(inside, reverse=True):
            after = after[:a] + t + after[b:]
        edits.setdefault(i, []).append((s, e, after))
        changes.append(Change(titles[i], before, after))


_ROW_PARAGRAPH = re.compile(r"（[类款项]）")


def _add_missing_rows(lines, outline, new_lines, new_outline) -> list[Change]:
    """A 功能分类 row the tables gained: its paragraph inserted after the paragraph of the row the
    draft puts before it (only rows: a drafted sentence the clerk re-worded is not added again)."""
    old_keys = {key: i for i, _s, _e, key in _sentences(lines, outline)}
    fresh = _sentences(new_lines, new_outline)
    first = {}
    for i, _s, _e, key in fresh:
        first.setdefault(i, key)
    changes, previous = [], None
    titles = _titles(lines, outline)
    for i, key in sorted(first.items()):
        if key in old_keys:
            previous = old_keys[key]
            continue
        path = key[0]
        if path[1] == () or path[1][2] not in FUND_SECTIONS or not _ROW_PARAGRAPH.search(key[1]) or previous is None:
            continue
        at = previous + 1
        lines.insert(at, new_lines[i])
        outline.insert(at, new_outline[i])
        old_keys = {k: (j + 1 if j >= at else j) for k, j in old_keys.items()}
        old_keys[key] = previous = at
        titles.insert(at, titles[at - 1])
        changes.append(Change(titles[at], "", new_lines[i], added=True))
    return changes


def _update_heading_years(lines, outline, new_lines, new_outline, changes) -> None:
    """A heading the draft words alike but for its year (“第二部分 2023年度部门决算说明” in last
    year's text) takes the draft's year."""
    fresh = {}
    for line, (key, _path) in zip(new_lines, new_outline):
        if key:
            fresh.setdefault(key, line)
    for i, (key, _path) in enumerate(outline):
        new = fresh.get(key) if key else None
        if new is not None and new != lines[i] and _YEAR_NUMBER.sub("Y", new) == _YEAR_NUMBER.sub("Y", lines[i]):
            changes.append(Change(lines[i].strip(), lines[i], new))
            lines[i] = new


def _titles(lines, outline) -> list[str]:
    out, current = [], ""
    for line, (key, _path) in zip(lines, outline):
        if key and key[0] >= 1:
            current = line.strip()
        out.append(current)
    return out


def _blocks(outline, level: int) -> list[tuple[tuple, int, int]]:
    """(heading key, first line, end line) of the headings at `level` or above (a lower level
    number is a higher heading): a block runs to the next heading of its level or higher."""
    heads = [(i, key) for i, (key, _p) in enumerate(outline) if key and key[0] <= level]
    out = []
    for n, (i, key) in enumerate(heads):
        if key[0] != level:
            continue
        end = next((j for j, k in heads[n + 1:] if k[0] <= level), len(outline))
        out.append((key, i, end))
    return out


def _add_missing_sections(old_lines, old_outline, new_lines, new_outline):
    changes = []
    for level in (0, 1):
        old_blocks = {key: (s, e) for key, s, e in _blocks(old_outline, level)}
        new_blocks = _blocks(new_outline, level)
        present = set(old_blocks)
        for n, (key, s, e) in enumerate(new_blocks):
            if key in present:
                continue
            if level == 1 and (0, key[1]) not in {k for k, *_ in _blocks(old_outline, 0)} and any(
                    k[0] == 0 for k, _p in old_outline if k):
                continue            # its part is missing as a whole: added with the part
            block = new_lines[s:e]
            while block and not block[-1].strip():
                block = block[:-1]
            at = _insertion_point(old_outline, old_blocks, new_blocks[:n], key, level)
            old_lines[at:at] = block
            old_outline[at:at] = new_outline[s:s + len(block)]
            old_blocks = {k: (a, b) for k, a, b in _blocks(old_outline, level)}
            present.add(key)
            changes.append(Change(block[0].strip(), "", "\n".join(block), added=True))
    return old_lines, changes


def _insertion_point(old_outline, old_blocks, earlier, key, level) -> int:
    """After the old block of the nearest earlier sibling the text has; else after the part's heading
    (level 1) or at the end."""
    for prev_key, *_ in reversed(earlier):
        if prev_key in old_blocks and (level == 0 or prev_key[1] == key[1]):
            return old_blocks[prev_key][1]
    if level == 1:
        for i, (k, _p) in enumerate(old_outline):
            if k == (0, key[1]):
                return i + 1
    return len(old_outline)
