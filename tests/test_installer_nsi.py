"""packaging/installer.nsi compiles with makensis against a stand-in of the Windows one-folder build
(skipped where makensis is not installed; the Windows workflow builds the real installer)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
from standin_layout import PROGRAMS, make_standin  # noqa: E402

MAKENSIS = shutil.which("makensis")


def _makensis(tmp_path: Path, **defines) -> subprocess.CompletedProcess:
    args = [MAKENSIS, "-INPUTCHARSET", "UTF8", "-V2", "-WX"]     # -WX: a warning fails the build
    args += [f"-D{k}={v}" for k, v in defines.items()]
    return subprocess.run(args + [str(ROOT / "packaging" / "installer.nsi")], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.skipif(MAKENSIS is None, reason="makensis (Debian package nsis) is not installed")
def test_installer_compiles_against_the_standin_layout(tmp_path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    src = make_standin(tmp_path)
    out = tmp_path / f"jsgk-workbench-{version}-installer.exe"
    done = _makensis(tmp_path, VERSION=version, SRCDIR=src, OUTFILE=out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes()[:2] == b"MZ"                 # a Windows executable

    (src / PROGRAMS[1]).unlink()                         # a build without the console program
    broken = _makensis(tmp_path, VERSION=version, SRCDIR=src, OUTFILE=tmp_path / "broken-installer.exe")
    assert broken.returncode != 0 and PROGRAMS[1] in broken.stdout + broken.stderr


def test_uninstaller_removes_only_the_program_files():
    """Unit files a user saved in the program folder survive: nothing but _internal is removed whole
    (the Windows workflow checks the same on a real machine, packaging/check_installer.ps1)."""
    script = (ROOT / "packaging" / "installer.nsi").read_text(encoding="utf-8-sig")
    recursive = [line.strip() for line in script.splitlines()
                 if line.strip().upper().startswith("RMDIR") and "/r" in line.split(";")[0]]
    assert recursive and all(line.split(";")[0].split()[-1] == '"$INSTDIR\\_internal"' for line in recursive)
    assert 'RMDir "$INSTDIR"' in script                  # the folder itself only when empty


def test_powershell_scripts_have_no_smart_quotes_and_carry_a_bom():
    """PowerShell reads “ ” ‘ ’ as quote characters (a Chinese message could end a string early), and
    Windows PowerShell 5.1 reads a script without a BOM in the ANSI code page (Chinese garbled)."""
    for script in (ROOT / "packaging").glob("*.ps1"):
        data = script.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), script.name
        assert not set(data.decode("utf-8-sig")) & set("\u201c\u201d\u2018\u2019\u201e"), script.name
