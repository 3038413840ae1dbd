"""An exported file is written whole, and readable by others as any new file would be (not mkstemp's 0600)."""
import os
import stat
import sys

import pytest

from export.target import write_atomically


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_an_export_gets_the_permissions_of_any_new_file(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    out = write_atomically(tmp_path / "公开.pdf", lambda p: p.write_bytes(b"%PDF-1.4"))
    assert out.read_bytes() == b"%PDF-1.4"
    assert stat.S_IMODE(os.stat(out).st_mode) == stat.S_IMODE(os.stat(plain).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".导出-")] == []
