"""GUI tests drive the real window offscreen (QT_QPA_PLATFORM=offscreen) on a copy of the demo unit."""
import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from domain.demo import build_demo  # noqa: E402
from storage.unit_file import UnitFile  # noqa: E402


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "示例单位.jsgk"
    unit = build_demo()
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit, action="demo")
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path):
    path = tmp_path / "示例单位.jsgk"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Recent files and other settings go to the test's folder, not the user's."""
    from PySide6.QtCore import QSettings
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def window(qtbot, demo_path):
    from gui.app import create_main_window
    win = create_main_window(demo_path)
    qtbot.addWidget(win)
    win.show()
    win.wait_for_checks()
    yield win
    win.close()

