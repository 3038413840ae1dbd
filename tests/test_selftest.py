"""`main.py --self-test`: passes on a working installation with the network cut off, and fails,
saying why, when a part is missing, an output is broken or anything tries to connect."""
from __future__ import annotations

import socket

import pytest

from cli import selftest
from cli.selftest import StepFailed, check_pdf, check_xlsx, run_self_test


@pytest.fixture
def no_network(monkeypatch):
    """Every way to reach another machine raises, and is recorded."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network attempt: {args!r}")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse)
    return attempts


def test_self_test_passes_offline(no_network, qapp, tmp_path):
    report = tmp_path / "自检报告.txt"
    code = run_self_test(report)
    text = report.read_text(encoding="utf-8")
    assert code == 0, text
    assert no_network == []
    assert text.rstrip().splitlines()[-1].startswith("自检通过")
    for step, _ in selftest.STEPS:
        assert f"通过  {step}" in text


def test_missing_export_fails_clearly(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(__import__("sys").modules, "export.pdf", None)   # as if not bundled
    exports = [s for s in selftest.STEPS if s[1] in (selftest.step_pdf, selftest.step_xlsx)]
    code = run_self_test(tmp_path / "r.txt", steps=exports)
    out = capsys.readouterr().out
    assert code == 1
    assert "失败  导出 PDF" in out and "程序缺少组件" in out
    assert "导出 Excel" not in out                      # stops at the first failure
    assert out.rstrip().splitlines()[-1].startswith("自检未通过")


def test_network_attempt_is_refused_and_fails(tmp_path, capsys):
    reached = []

    def phone_home(ctx):
        try:
            socket.create_connection(("updates.example.invalid", 443), timeout=1)
        except OSError:
            pass                                        # code that swallows the error is still caught
        reached.append(True)
        return "done"

    code = run_self_test(steps=[("联网的步骤", phone_home)])
    out = capsys.readouterr().out
    assert code == 1 and reached
    assert "程序尝试联网" in out and "updates.example.invalid" in out


def test_broken_outputs_are_refused(tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    garbage = tmp_path / "坏.pdf"
    garbage.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(StepFailed, match="不是完整的 PDF"):
        check_pdf(garbage)
    latin = tmp_path / "无中文字体.pdf"
    canvas = Canvas(str(latin))
    canvas.drawString(72, 720, "Helvetica only")
    canvas.save()
    with pytest.raises(StepFailed, match="没有嵌入中文字体"):
        check_pdf(latin)
    with pytest.raises(StepFailed, match="无法打开"):
        check_xlsx(garbage, "某单位")


def test_extra_arguments_are_refused(capsys):
    assert selftest.main(["a.txt", "b.txt"]) == 2
    assert "用法" in capsys.readouterr().err
