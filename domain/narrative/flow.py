"""Text as pasted from a PDF or a Word file with manual line breaks, re-flowed before it is read.

A PDF breaks every line at the page width: “…收入支出总计  307.82\\n万元。与  2023年度相比…”. Read
line by line, the sentence loses its subject and its figures bind to the wrong quantity. `reflow`
joins such *soft* breaks and drops the spaces text extraction leaves between characters, by
*deleting* characters only, so every offset of the re-flowed text maps back into the original
(`Flow.origin`): findings computed on the re-flowed text still point into what the clerk sees.

A line break is soft when the next line is not empty, is not a table cell (a tab-led line), and
* the next line starts with what cannot start a line (“，。、；：）%”, or a unit right after a
  number: “307.82\\n万元”), or with an amount or a percentage after a line that stops mid-clause
  (“财政拨款收入\\n60.00万元”), or
* the line is *full*: as wide as the text's wrap width (display width, a CJK character counting
  two), which is found as the width most full lines share — a text with paragraphs on one line
  each has no such width: there a long line (LONG_LINE) that stops mid-clause is joined to the next
  unless either is a numbered line. A full heading line (一、 （一）) goes on only with
  a short line of words (no figure, no punctuation). A full line followed by a heading (一、 （一）) or,
  when the line ends its sentence (。！？), by any numbered item keeps its break; after “：” or “；”
  a numbered item (1、 （1）) is joined, as lists are read the same inline.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .sections import list_marker

LONG_LINE = 40          # display width from which a line may be a wrapped one (about 20 CJK characters)
WRAP_SLACK = 2          # a full line may fall short of the wrap width by one CJK character
MIN_FULL_SHARE = 0.25   # share of the long lines that must be full for the text to count as wrapped
MIN_FULL_LINES = 3
_NO_LINE_START = frozenset("，,。、；;：:）)」』”’%％")
_SENTENCE_END = frozenset("。！？!?")
_CLAUSE_MARK = re.compile(r"[，,。；;：:！？!?0-9０-９]")
_DIGITS = frozenset("-－0123456789０１２３４５６７８９")
_CLAUSE_END = frozenset("，,。、；;：:！？!?）)”」】]")
_FIGURE_START = re.compile(r"[-－]?[0-9０-９][0-9０-９,，.．]*\s*(?:亿元|万元|元|[%％])")
_UNIT_START = re.compile(r"(?:亿元|万元|元|[%％]|个百分点)")
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_SPACES = re.compile(r"[ \t\u3000\u00a0\ufeff]+")
_ASCII_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Flow:
    text: str                       # the re-flowed text
    cuts: tuple[int, ...] = ()      # re-flowed offsets where characters were deleted before
    shift: tuple[int, ...] = ()     # characters deleted up to each cut (cumulative)

    def origin(self, pos: int) -> int:
        """The original offset of re-flowed offset `pos`."""
        k = bisect_right(self.cuts, pos) - 1
        return pos + (self.shift[k] if k >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of re-flowed [start, end) (an end maps after its last character)."""
        if not self.cuts:
            return start, end
        return self.origin(start), self.origin(end - 1) + 1 if end > start else self.origin(start)


def _width(line: str) -> int:
    """Display width: ASCII counts one, a CJK character (three UTF-8 bytes) two; a Word bookmark
    (“[bookmark: _Hlk…]”) is not on the page."""
    if "[bookmark:" in line:
        line = _BOOKMARK.sub("", line)
    return len(line) + (len(line.encode("utf-8")) - len(line)) // 2


def wrap_width(widths: list[int]) -> int | None:
    """The width most long lines share (within WRAP_SLACK), or None when lines are not wrapped."""
    long = [w for w in widths if w >= LONG_LINE]
    if len(long) < MIN_FULL_LINES:
        return None
    counts: dict[int, int] = {}
    for w in long:
        counts[w] = counts.get(w, 0) + 1
    best, best_n = None, 0
    for w in counts:
        n = sum(counts.get(w - d, 0) for d in range(WRAP_SLACK + 1))
        if n > best_n or (n == best_n and best is not None and w > best):
            best, best_n = w, n
    if best_n < MIN_FULL_LINES or best_n < MIN_FULL_SHARE * len(long):
        return None
    return best


def _soft(line: str, width: int, nxt: str, wrap: int | None) -> bool:
    """Whether the break between `line` and the next line `nxt` is soft (see the module docstring)."""
    if nxt[0] == "\t" or line[0] == "\t":
        return False
    head = nxt.lstrip(" \u3000\u00a0")
    tail = line.rstrip()
    if not head or not tail:
        return False
    last = tail[-1]
    first = head[0]
    if first in _NO_LINE_START or (last.isdigit() and _UNIT_START.match(head)):
        return True
    if first in _DIGITS and last not in _CLAUSE_END and _FIGURE_START.match(head) and list_marker(line)[0] is None:
        return True                              # “财政拨款收入\n60.00万元”: a name and its figure
    if wrap is None:
        # too few lines to know the page width (a pasted paragraph): a long line that stops mid-clause
        # goes on, unless it is a heading or the next line starts a numbered item
        return (width >= LONG_LINE and last not in _CLAUSE_END and list_marker(line)[0] is None
                and list_marker(nxt)[0] is None)
    if width < wrap - WRAP_SLACK:
        return False
    own, _ = list_marker(line)
    if own is not None and own <= 2:            # a heading goes on only with its last words (“…情况\n说明”)
        return not _CLAUSE_MARK.search(nxt) and _width(nxt.strip()) < wrap // 2
    level, _ = list_marker(nxt)
    if level is None:
        return True
    return level >= 3 and last not in _SENTENCE_END


def reflow(text: str) -> Flow:
    """The text with soft line breaks and extraction spaces removed (see the module docstring)."""
    lines = text.split("\n")
    # an indent is part of a line's width; table cells (tab-led lines) are never wrapped lines;
    # a line shorter than LONG_LINE / 2 characters cannot be LONG_LINE wide
    short = LONG_LINE // 2
    widths = [_width(line.rstrip()) if len(line) >= short and line[0] != "\t" else 0 for line in lines]
    wrap = wrap_width(widths)
    deleted: list[tuple[int, int]] = []          # (original start, end) of deleted runs, in order
    pos = 0
    nxt = lines[0]
    for k in range(len(lines) - 1):
        line, nxt = nxt, lines[k + 1]
        end = pos + len(line)
        if line and nxt and _soft(line, widths[k], nxt, wrap):
            stripped = len(line.rstrip(" \t\u3000\u00a0"))
            deleted.append((pos + stripped, end + 1))    # trailing spaces and the break itself
        pos = end + 1
    for m in _SPACES.finditer(text):
        a, b = m.span()
        if a and b < len(text) and text[a - 1] in _ASCII_WORD and text[b] in _ASCII_WORD:
            continue                                  # “51.3099 51.3099”: two numbers stay two
        deleted.append((a, b))
    if not deleted:
        return Flow(text)
    deleted.sort()
    pieces: list[str] = []
    cuts: list[int] = []
    shift: list[int] = []
    kept = gone = 0
    prev = 0
    for a, b in deleted:
        a = max(a, prev)
        if b <= a:
            continue
        pieces.append(text[prev:a])
        kept += a - prev
        gone += b - a
        cuts.append(kept)
        shift.append(gone)
        prev = b
    pieces.append(text[prev:])
    return Flow("".join(pieces), tuple(cuts), tuple(shift))


_last: tuple = ("", Flow(""))      # (text, its flow), replaced in one assignment (checks may run in a thread)


def flowed(text: str) -> Flow:
    """`reflow(text)`, remembered for the last text (every narrative rule reads the same text)."""
    global _last
    held = _last
    if held[0] is text or held[0] == text:
        return held[1]
    flow = reflow(text)
    _last = (text, flow)
    return flow
