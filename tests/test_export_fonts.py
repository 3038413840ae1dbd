"""Which fonts the PDF uses: the Windows 宋体/仿宋/黑体 when present, else the bundled TrueType font."""
from domain.paths import resource
from export.fonts import BUNDLED, font_files


def test_windows_fonts_are_preferred_and_the_bundled_font_fills_the_gaps(tmp_path):
    assert set(font_files(None).values()) == {resource(*BUNDLED)}
    (tmp_path / "simsun.ttc").write_bytes(b"")
    (tmp_path / "simhei.ttf").write_bytes(b"")
    files = font_files(tmp_path)
    assert files == {"song": tmp_path / "simsun.ttc", "fang": tmp_path / "simsun.ttc", "hei": tmp_path / "simhei.ttf"}
    (tmp_path / "simfang.ttf").write_bytes(b"")
    assert font_files(tmp_path)["fang"] == tmp_path / "simfang.ttf"
    (tmp_path / "simhei.ttf").unlink()
    assert font_files(tmp_path)["hei"] == resource(*BUNDLED)


def test_a_system_font_that_cannot_be_read_falls_back_to_the_bundled_one(tmp_path, monkeypatch):
    import export.fonts as fonts
    (tmp_path / "Fonts").mkdir()
    (tmp_path / "Fonts" / "simhei.ttf").write_bytes(b"not a font")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    monkeypatch.setattr(fonts, "_fonts", None)
    chosen = fonts.pdf_fonts()
    assert chosen.hei == chosen.song == chosen.fang == "jsgk-wqy-microhei"      # all three from the bundled file
