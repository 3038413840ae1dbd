"""Starting the desktop app. `create_main_window(path)` builds the window for a unit file without
starting the event loop (tests and outside scripts drive it); `run(path)` is `python main.py [FILE]`."""
from __future__ import annotations

import os
import sys

EXIT_OK, EXIT_NO_DISPLAY = 0, 2
WINDOW_SIZE = (1366, 768)


def has_display() -> bool:
    """False on a Linux/BSD machine without X11 or Wayland (and no offscreen platform asked for)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _command() -> str:
    """How this program is started from a shell: the frozen executable, or python main.py."""
    return os.path.basename(sys.executable) if getattr(sys, "frozen", False) else "python main.py"


def application():
    """The QApplication (created once), with the Chinese font registered."""
    from PySide6.QtWidgets import QApplication

    from .fonts import ui_font
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("决算公开工作台")
        app.setOrganizationName("jsgk")
        from PySide6.QtGui import QIcon

        from domain.paths import resource
        app.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
    app.setFont(ui_font())
    _translate_qt(app)
    return app


def _translate_qt(app) -> None:
    """Qt's own words (是/否, 确定/取消 in message boxes and input dialogs, the file dialog) in Chinese:
    Qt's qtbase_zh_CN translation, shipped with PySide6 (collected into the frozen app with Qt)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    if app.property("jsgk-translated"):
        return
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Chinese, QLocale.China), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(translator)
        app.setProperty("jsgk-translated", True)


def create_main_window(path=None):
    """The main window with `path` open (None: the start page); shown by the caller."""
    window = _window()
    if path is not None and not window.open_file(path, recent=False):   # (scripts do not fill 最近打开)
        raise FileNotFoundError(str(path))
    return window


def run(path=None) -> int:
    if not has_display():
        print(f"没有可用的图形显示（未设置 DISPLAY），无法打开桌面界面；请使用命令行（{_command()} --help 列出全部命令）",
              file=sys.stderr)
        return EXIT_NO_DISPLAY
    app = application()
    from .errors import install_excepthook
    install_excepthook()                # an unexpected error: one line in a dialog, details in the log
    window = _window()
    window.show()
    from .review_panel import ask_on_first_start
    ask_on_first_start(window)          # name and role, once per operating-system user
    if path is not None:
        window.open_file(path)          # (a file that cannot be opened is said in a message box)
    return app.exec()


def _window():
    application()
    from .draft_actions import install as install_drafting
    from .main_window import MainWindow
    window = MainWindow()
    install_drafting(window)
    from .review_panel import install as install_review
    install_review(window)
    from .file_watch import install as install_file_watch
    install_file_watch(window)          # steps written elsewhere (command line, another window) are taken in
    window.resize(*WINDOW_SIZE)
    window.show_start_page()            # (hides the panels the installs above added)
    return window
