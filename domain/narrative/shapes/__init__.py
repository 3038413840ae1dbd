"""Sentence shapes: one module per shape of sentence the reader checks.

Each module holds the words of its shape (the patterns the block reader uses to give figures their
roles), the relations its sentences establish and how they are checked:

    applies(text, roles) -> bool        whether a block may hold the shape (cheap; read() asks first)
    build(block, stmts, out, pending)   append the block's relations (statement indices); `pending`
                                        gets (index, what) for what only the whole text can resolve
    register(KIND, evaluate)            (relations.register) how a relation of that kind is checked:
                                        evaluate(rel, stmt, quote) -> list[Check]

To add a shape: write the module, give its figures their role in statements.role() if they need a
new one, add it to SHAPES (the order matters only where a shape uses what an earlier one set: the
lists mark the parts that shares then refer to), and add its rows to tests/test_narrative_variants.py.
"""
from __future__ import annotations

from . import averages, comparisons, lists, names, pairs, scores, shares

SHAPES = (lists, comparisons, shares, averages, pairs, scores, names)
