"""The CJK font search: documented order, explicit choice honoured, clear error, never unembedded."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.reports import fonts
from desktop.reports.fonts import ENV_VAR, FontNotFound, find_font, pdf_font, system_fonts


def test_bundled_font_ships_with_its_licence() -> None:
    folder = paths.resource_path("fonts")
    assert (folder / "wqy-microhei.ttc").is_file()
    licence = (folder / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")
    assert "Apache License" in licence and "WenQuanYi" in licence


def test_bundled_font_wins_without_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    path, ttf = find_font()
    assert path == paths.resource_path("fonts", "wqy-microhei.ttc")
    assert ttf.fontName.startswith("QingdanCJK")


def test_env_var_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    copy = tmp_path / "mine.ttc"
    copy.write_bytes(paths.resource_path("fonts", "wqy-microhei.ttc").read_bytes())
    path, _ = find_font(env={ENV_VAR: str(copy)})
    assert path == copy


def test_env_var_to_missing_file_is_an_error_not_a_fallback() -> None:
    with pytest.raises(FontNotFound, match=f"{ENV_VAR}.*不存在"):
        find_font(env={ENV_VAR: "/nonexistent/font.ttf"})


def test_env_var_to_a_non_truetype_file_is_an_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"OTTO" + b"\0" * 200)  # a CFF (OpenType/PostScript) signature
    with pytest.raises(FontNotFound, match="不是可嵌入的 TrueType 字体"):
        find_font(env={ENV_VAR: str(bogus)})


def test_no_font_anywhere_says_where_it_looked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bogus = tmp_path / "simsun.ttc"
    bogus.write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "bundled_fonts", lambda: [])
    monkeypatch.setattr(fonts, "system_fonts", lambda platform, env: [tmp_path / "msyh.ttc", bogus])
    with pytest.raises(FontNotFound) as exc:
        find_font(platform="linux", env={})
    message = str(exc.value)
    assert "找不到可嵌入的 TrueType 中文字体" in message
    for where in (ENV_VAR, "随附字体", "wqy-microhei.ttc", "/usr/share/fonts", "simsun.ttc"):
        assert where in message, where
    assert "\n" not in message


def test_windows_candidates_in_documented_order() -> None:
    found = system_fonts("win32", {"WINDIR": "D:/Win"})
    assert [p.name for p in found] == ["msyh.ttc", "msyhbd.ttc", "simsun.ttc", "simhei.ttf"]
    assert all(str(p).replace("\\", "/").startswith("D:/Win/Fonts") for p in found)


def test_linux_search_finds_system_wqy_when_installed() -> None:
    system = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if not system.is_file():
        pytest.skip("fonts-wqy-microhei not installed")
    assert system in system_fonts("linux", {})


def test_registration_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    calls = []
    real = fonts.find_font
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setattr(fonts, "find_font", lambda: calls.append(1) or real())
    first = pdf_font()
    assert pdf_font() is first and calls == [1]
