"""Writing the 部门决算说明: wording.py (the year's template as data), amounts.py (figures and
增减 phrases), compose.py (the sections from the tables), merge.py (updating a clerk's text)."""
