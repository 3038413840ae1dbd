"""The desktop app (PySide6) over the domain core and the unit file; it changes a unit only through
the core's edit session.

app.py            create_main_window(path) (the automation entry), run(path) for `python main.py [FILE]`
main_window.py    navigator | editor pages | findings panel; menus, toolbar, live checks
open_unit.py      the open unit file and its UnitSession: every edit, undo and redo
file_watch.py     steps written to the open file elsewhere (command line, another window) reloaded
table_model.py    a table's layout grid as a Qt model (body) and its header rows
table_editor.py   one table's editor: frozen multi-level header, spreadsheet keys, paste, row bar
entry.py          what a clerk types → the value of a cell (or a Chinese refusal)
narrative_editor.py  the 说明 with the checker's marks and tooltips
checker.py        checks on a shadow copy in a worker thread; results → cell and span marks
findings_panel.py the findings list: filters, counts, search, jump
start_page.py     the start page and the recent-files list; unit_info.py 单位信息; dialogs.py
fonts.py          the bundled CJK font, or 微软雅黑/宋体 on Windows
errors.py         an unexpected error: the CLI's one line in a dialog, the traceback in the log file
review_panel.py   review mode: flags, threads, explanations, sign-off, marks, verification banner;
                  identity_dialog.py asks who is working (name, 填报人/审核人)
"""
