"""Shared by the review tests: identities kept in the test's folder, and a copy of a demo unit file."""
import shutil

import pytest

from domain.demo import build_demo
from storage.unit_file import UnitFile


@pytest.fixture(autouse=True)
def identity_folder(tmp_path, monkeypatch):
    """Who is working is saved under the test's folder, never the user's."""
    monkeypatch.setenv("JSGK_CONFIG_DIR", str(tmp_path / "config"))


def make_demo(folder):
    path = folder / "示例单位.jsgk"
    unit = build_demo()
    UnitFile.create(path, unit.meta, unit, action="demo").close()
    return path


def copy_to(template, tmp_path):
    path = tmp_path / template.name
    shutil.copy(template, path)
    return path
