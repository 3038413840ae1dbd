"""A stand-in for the Windows one-folder build, to validate installer.nsi with makensis on Linux.

    python packaging/standin_layout.py DEST      → DEST/jsgk-workbench/ (prints that path)

Same layout as PyInstaller's dist/jsgk-workbench on Windows (see pyinstaller.spec): the windowed
jsgk-workbench.exe, the console jsgk.exe and _internal/ with resources/ mirrored by name from the
checkout. The files are small placeholders: the point is the installer script, not the program.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from domain.paths import resources_dir  # noqa: E402

APP = "jsgk-workbench"
PROGRAMS = (f"{APP}.exe", "jsgk.exe")          # what installer.nsi installs besides _internal/
RUNTIME = ("python311.dll", "base_library.zip", "PySide6/Qt6Core.dll", "PySide6/plugins/platforms/qwindows.dll")


def make_standin(dest: Path) -> Path:
    top = Path(dest) / APP
    internal = top / "_internal"
    for name in PROGRAMS:
        _write(top / name, b"MZ stand-in for " + name.encode())
    for name in RUNTIME:
        _write(internal / name, b"stand-in")
    for path in sorted(resources_dir().rglob("*")):
        if path.is_file():
            _write(internal / "resources" / path.relative_to(resources_dir()), b"stand-in")
    return top


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("用法：python packaging/standin_layout.py 目标文件夹")
    print(make_standin(Path(sys.argv[1])))
