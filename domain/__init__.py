"""决算公开工作台 domain core: table templates, codes, unit values, checks, narrative reader.

Pure Python. Nothing in this package imports Qt, sqlite or any storage detail, so the CLI,
the GUI, import, export and the tests all share it.
"""
