"""The 部门决算说明: reading its figures, checking them, drafting it.

flow.py        text pasted from a PDF or Word re-flowed (soft line breaks, extraction spaces), spans
               mapped back to the text as written
figures.py     every figure with its exact span, value, unit and decimals; malformed figures
sections.py    parts (第X部分), sections (一、（一）1.（1）) and blocks of the text
phrases.py     the phrase families (words → quantity key), where each quantity lives in the tables,
               identities and bounds between quantities — data, one entry per family
model.py       Statement (what one figure states), Context, BlockReading
text.py        sentences, brackets, clauses, list markers; the window sizes
functional.py  支出功能分类 names and codes as the text writes them
statements.py  one Statement per figure of a block: its role and quantity key
shapes/        one module per sentence shape (lists, comparisons, shares, averages, pairs, scores, names):
               its words, the relations its sentences establish, how they are checked
relations.py   Relation, Check, interval-exact judging, the evaluator registry, repeats and bounds
reader.py      the whole text, cached per block: statements, cross-block relations, internal checks
table_rules.py keyed statements vs the table cells / extra inputs (N-TABLE, N-PRIOR, N-UNFILLED)
text_rules.py  the internal checks as rules (N-SUM, N-SHARE, N-CHANGE, N-RATE, N-RATIO, …)
coverage.py    how many figures were checked (N-COVERAGE) and which were not (N-UNBOUND)
report.py      one report per (text, tables) state, shared by all N- rules
leftovers.py   template leftovers and required sections; chart placeholders (where the PDF draws a chart)
draft.py       a narrative written from the tables in the Beijing template's wording
"""
