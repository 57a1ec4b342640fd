"""The 内容 menu: 政策检索 (Ctrl+K) lists items and clauses with the match highlighted, jurisdiction and
validity; 导入内容包 shows the signer's fingerprint and the changes, imports, or refuses in one line;
受信任的公钥 adds a key after showing its fingerprint and removes one."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.content.keys import TrustStore, generate_key, load_public_key, short_fingerprint
from desktop.content.packs import build_pack
from desktop.context import AppContext, build_context
from desktop.core.model import Applicant
from desktop.services.packs import preview_pack
from desktop.ui import content_actions
from desktop.ui.dialogs.content_pack import PackImportDialog
from desktop.ui.dialogs.policy_search import MARK, PolicySearchDialog
from desktop.ui.dialogs.trusted_keys import TrustedKeysDialog
from desktop.ui.main_window import MODE_SELF, MainWindow
from tests.ui.gui import unnamed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"


def test_ctrl_k_opens_the_policy_search_and_highlights_matches(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.case_list.table.setFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(PolicySearchDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.search("公章")
    assert len({h.checklist for h in dialog.hits}) > 1
    html = dialog.results.toHtml()
    assert "公章" in html and "#ffe58f" in html and "适用地区" in html and "有效性" in html
    assert MARK.startswith("background-color:#ffe58f")
    assert dialog.count.text().startswith("找到")
    dialog.show_detail(0)
    assert dialog.hits[0].title in dialog.detail.toPlainText()
    dialog.search("不存在的词语甲乙丙")
    assert dialog.hits == [] and "没有找到" in dialog.count.text()
    assert content_actions.open_search(window) is dialog  # one dialog per window, kept
    window.close()
    ctx.close()


def _shipped(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(FIXTURES, tmp_path / "shipped")
    return tmp_path / "shipped" / "checklists", tmp_path / "shipped" / "sources"


def _pack(tmp_path: Path, key: Path, checklists: Path, sources: Path) -> Path:
    source = tmp_path / "pack"
    shutil.copytree(checklists, source / "checklists")
    shutil.copytree(sources, source / "sources")
    kaiban = source / "checklists" / "fx-kaiban.toml"
    kaiban.write_text(kaiban.read_text(encoding="utf-8").replace('title = "免费刻制公章"', 'title = "公章免费刻制"'),
                      encoding="utf-8")
    (source / "pack.toml").write_text('id = "shifan"\ntitle = "示例清单"\nversion = 1\npublisher = "示例单位"\n'
                                      "date = 2026-12-01\n", encoding="utf-8")
    out = tmp_path / "shifan.zip"
    build_pack(source, key, out)
    return out


def _setup(tmp_path: Path, trusted: bool = True) -> tuple[AppContext, Path, Path]:
    """The fixture content shipped, a signed 示例 pack of it, a data dir over it (the key trusted, or not):
    returns the context, the pack and the publisher's key file."""
    checklists, sources = _shipped(tmp_path)
    key = tmp_path / "publisher.key"
    generate_key(key)
    pack = _pack(tmp_path, key, checklists, sources)
    ctx = build_context(tmp_path / "data", checklists, sources)
    if trusted:
        trust(ctx.data_dir, key)
    return ctx, pack, key


def trust(data: Path, key: Path) -> None:
    TrustStore(data).add(load_public_key(Path(f"{key}.pub")), "示例单位")


def test_import_pack_shows_the_changes_then_imports(qtbot: QtBot, tmp_path: Path) -> None:
    ctx, pack, key = _setup(tmp_path, trusted=False)
    data = ctx.data_dir
    cl = ctx.catalog.checklists["fx-kaiban"]
    case_id = ctx.repo.create_case(Applicant("示例"), [(cl.id, cl.version)], dt.date(2026, 11, 25), "", "", "示例")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    refused = content_actions.import_pack(window, pack, confirm=False)
    assert refused.startswith("内容包未导入：") and "不受信任" in refused and "\n" not in refused
    assert ctx.release is not None and ctx.release.label == "程序自带内容"

    trust(data, key)
    preview = preview_pack(ctx, pack)
    dialog = PackImportDialog(preview, window)
    qtbot.addWidget(dialog)
    assert short_fingerprint(preview.pack.key.fingerprint) in dialog.head.text()
    assert "变更：公章免费刻制（名称）" in dialog.changes.toPlainText()
    window.open_case(case_id)
    done = content_actions.import_pack(window, pack, confirm=False)
    assert done == "已导入内容包 示例清单 第1版；1 件办理中的办件已更新到新版本。"
    assert window.case_view is None and window.stack.currentWidget() is window.case_list
    case = ctx.repo.get_case(case_id)
    assert case is not None and case.versions["fx-kaiban"] == ctx.catalog.checklists["fx-kaiban"].version != cl.version
    window.close()
    ctx.close()


def test_import_pack_in_self_check_mode_shows_the_new_content(qtbot: QtBot, tmp_path: Path) -> None:
    ctx, pack, _key = _setup(tmp_path)
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.set_mode(MODE_SELF)
    old_view = window.self_view
    assert content_actions.import_pack(window, pack, confirm=False).startswith("已导入内容包 示例清单 第1版")
    assert window.self_view is not None and window.self_view is not old_view
    assert window.stack.currentWidget() is window.self_view
    kaiban = window.self_view.snap.catalog.checklists.get("fx-kaiban")
    assert kaiban is not None and kaiban.item("A02").title == "公章免费刻制"  # type: ignore[union-attr]
    window.close()
    ctx.close()


def test_trusted_keys_dialog_adds_and_removes_a_key(qtbot: QtBot, tmp_path: Path) -> None:
    key = tmp_path / "publisher.key"
    _pub, fp = generate_key(key)
    dialog = TrustedKeysDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.empty.isVisibleTo(dialog) and dialog.table.rowCount() == 0
    message = dialog.add_key(Path(f"{key}.pub"), confirm=False, name="示例单位")
    assert message == f"已添加：示例单位　指纹 {short_fingerprint(fp)}"
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == short_fingerprint(fp)
    assert dialog.add_key(Path(f"{key}.pub"), confirm=False, name="x").startswith("该公钥已在信任列表中")
    assert "私钥" in dialog.add_key(key, confirm=False, name="x")
    dialog.table.selectRow(0)
    dialog.remove_selected(confirm=False)
    assert dialog.table.rowCount() == 0 and TrustStore(tmp_path).keys() == []


def test_every_control_of_the_content_dialogs_has_a_name(qtbot: QtBot, tmp_path: Path) -> None:
    ctx, pack, _key = _setup(tmp_path)
    dialogs: list[QWidget] = [PolicySearchDialog(ctx), PackImportDialog(preview_pack(ctx, pack)),
                              TrustedKeysDialog(ctx.data_dir)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed(dialog) == [], type(dialog).__name__
    ctx.close()
