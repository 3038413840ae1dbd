"""The template wording of one year, as data (resources/narrative/YYYY.json).

A wording file holds every heading and sentence of the Beijing 部门决算说明 with `{fields}` that the
drafting code fills from the tables; a year without its own file uses the nearest earlier one.
"""
from __future__ import annotations

import json
from functools import lru_cache

from ...paths import resource


class WordingError(Exception):
    """No wording file for a year, or a damaged one."""


class Wording:
    def __init__(self, year: int, data: dict):
        self.year = year
        self.data = data

    def get(self, path: str):
        node = self.data
        for part in path.split("."):
            node = node[part]
        return node

    def has(self, path: str) -> bool:
        try:
            self.get(path)
            return True
        except (KeyError, TypeError):
            return False

    def fill(self, path: str, /, **fields) -> str:
        return self.get(path).format(**fields)


def wording_years() -> list[int]:
    folder = resource("narrative")
    return sorted(int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit())


@lru_cache(maxsize=8)
def load_wording(year: int) -> Wording:
    years = [y for y in wording_years() if y <= year] or wording_years()
    if not years:
        raise WordingError("没有部门决算说明的模板措辞文件（resources/narrative/）")
    chosen = years[-1]
    path = resource("narrative", f"{chosen}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WordingError(f"模板措辞文件 {path.name} 无法读取：{exc}") from None
    return Wording(chosen, data)
