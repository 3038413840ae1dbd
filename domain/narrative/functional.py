"""The 支出功能分类 names as a narrative writes them: “一般公共服务（类）”, “人大事务”（款，下同）, “行政运行
（2010301）”, “2010301 行政运行”, a 按大类 list's “一般公共服务支出” — resolved to codes of the year's code list."""
from __future__ import annotations

import re
from functools import lru_cache

from ..codes import CodeList, FUNCTIONAL, load_codes, normalise_name
from .model import Topic

# a 功能分类 name with its level marker: “一般公共服务（类）”, “人大事务”（款，下同）
PATH = re.compile(r"[“\"]?(?P<name>(?:[^\s“”\"（）()，。；：,;:、.．0-9０-９]|[（(](?![类款项])[^（）()\n]{1,8}[）)])+?)[”\"]?"
                   r"[（(](?P<lvl>类|款|项)(?:[，,]\s*下同)?[）)]")
LEVEL_LEN = {"类": 3, "款": 5, "项": 7}
# a 功能分类 code written with its name: “行政运行（2010301）”, “2010301 行政运行”, “[201]一般公共服务支出”
CODE = re.compile(r"(?P<name>[\u4e00-\u9fff（）()]{2,30}?)\s*[（(\[【](?P<code>2[0-3]\d(?:\d\d){0,2})[）)\]】]"
                   r"|^\s*[\[【]?(?P<code2>2[0-3]\d(?:\d\d){0,2})[\]】]?\s*(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=None)
def class_regex(year: int) -> tuple[re.Pattern, dict[str, str]]:
    """The 类 names of the year's code list as written in a 按大类 list (“一般公共服务支出”, “其他支出”)."""
    codes = load_codes(FUNCTIONAL, year)
    names: dict[str, str] = {}
    for code, name in codes.names.items():
        if len(code) == 3:
            names[normalise_name(name)] = code
    alts = sorted(names, key=len, reverse=True)
    pattern = re.compile("(?:" + "|".join(re.escape(n) for n in alts) + ")(?:支出)?(?:合计)?$")
    return pattern, names


def codes_of(year: int) -> CodeList:
    return load_codes(FUNCTIONAL, year)


@lru_cache(maxsize=4096)
def find_code(year: int, name: str, length: int, parent: str | None) -> str | None:
    """The 功能分类 code of `name` at a level (3/5/7 digits), under `parent` when known
    (CodeList.code_for_name, the one resolver, with loose matching)."""
    return codes_of(year).code_for_name(name, parent, length, loose=True)


def fund_topic(fund: str, path: tuple) -> Topic:
    """Topic of a 功能分类 path ((level length, code or None, name), …)."""
    code = path[-1][1]
    name = path[-1][2]
    if code:
        return Topic(name, f"{fund}:{code}")
    key = f"{fund}:?" + "/".join(p[2] for p in path)
    return Topic(name, key)


def resolve_path(markers: list[tuple[str, str]], ctx_path: tuple, year: int) -> tuple:
    """Resolve written (name, level) markers against the code list, continuing `ctx_path`."""
    path: list[tuple[int, str | None, str]] = []
    first_len = LEVEL_LEN[markers[0][1]]
    for level_len, code, name in ctx_path:
        if level_len < first_len:
            path.append((level_len, code, name))
    for name, lvl in markers:
        length = LEVEL_LEN[lvl]
        path = [p for p in path if p[0] < length]
        parent = path[-1][1] if path else None
        # under an unresolved parent the name cannot be placed either
        code = None if path and parent is None else find_code(year, name.strip("“”\""), length, parent)
        path.append((length, code, name.strip("“”\"")))
    return tuple(path)
