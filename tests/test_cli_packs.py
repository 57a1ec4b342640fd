"""The content commands: ``search`` (JSON contract), ``pack keygen/build/verify/import`` and ``trust
add/list/remove`` — key files owner-only, fingerprints printed, refusals in one line, imports shown first."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from desktop import paths
from desktop.app import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "内部错误" not in err
    return code, out, err


def test_search_finds_items_in_more_than_one_checklist(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "公章", "--json")
    assert code == 0
    hits = json.loads(out)
    assert len({h["checklist"] for h in hits}) > 1
    for h in hits:
        assert {"checklist", "item", "title", "source", "wenhao", "snippet"} <= h.keys()
        assert "公章" in h["snippet"]
    assert any(h["kind"] == "item" and h["title"] == "刻制公章" for h in hits)
    code, out, _ = run(capsys, "search", "国办发〔2020〕42号", "--json")
    assert code == 0 and json.loads(out) and all(h["wenhao"] == "国办发〔2020〕42号" for h in json.loads(out))
    code, out, _ = run(capsys, "search", "不存在的词语甲乙丙")
    assert code == 0 and "没有找到" in out


@pytest.fixture
def fixture_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "checklists", tmp_path / "shipped" / "checklists")
    shutil.copytree(FIXTURES / "sources", tmp_path / "shipped" / "sources")
    monkeypatch.setattr(paths, "checklist_dir", lambda: tmp_path / "shipped" / "checklists")
    monkeypatch.setattr(paths, "source_dir", lambda: tmp_path / "shipped" / "sources")
    return tmp_path / "shipped"


def test_a_pack_from_keygen_to_import(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      fixture_content: Path) -> None:
    key = tmp_path / "keys" / "publisher.key"
    key.parent.mkdir()
    code, out, _ = run(capsys, "pack", "keygen", "-o", str(key))
    assert code == 0 and stat.S_IMODE(key.stat().st_mode) == 0o600
    fingerprint = out.split("指纹：")[1].strip()
    assert len(fingerprint.split()) == 6 and all(len(g) == 4 for g in fingerprint.split())
    code, _, err = run(capsys, "pack", "keygen", "-o", str(key))
    assert code == 2 and "不会覆盖" in err

    source = tmp_path / "pack"
    shutil.copytree(fixture_content, source)
    (source / "checklists" / "README.md").write_text("说明", encoding="utf-8")
    kaiban = source / "checklists" / "fx-kaiban.toml"
    kaiban.write_text(kaiban.read_text(encoding="utf-8").replace('title = "免费刻制公章"', 'title = "公章免费刻制"'),
                      encoding="utf-8")
    (source / "pack.toml").write_text('id = "shifan"\ntitle = "示例清单"\nversion = 1\npublisher = "示例单位"\n'
                                      "date = 2026-12-01\n", encoding="utf-8")
    pack = tmp_path / "shifan-1.zip"
    code, out, err = run(capsys, "pack", "build", str(source), "-k", str(key), "-o", str(pack))
    assert code == 0 and "内容包 示例清单 第1版" in out and fingerprint in out
    assert "已忽略 checklists/README.md" in err

    code, _, err = run(capsys, "pack", "verify", str(pack))
    assert code == 1 and err.count("\n") == 1 and "不受信任" in err and fingerprint in err
    code, out, _ = run(capsys, "trust", "add", str(key) + ".pub", "--name", "示例单位")
    assert code == 0 and fingerprint in out and "电话核对" in out
    code, out, _ = run(capsys, "trust", "list", "--json")
    assert [k["fingerprint"] for k in json.loads(out)] == [fingerprint]

    code, out, _ = run(capsys, "pack", "verify", str(pack))
    assert code == 0 and "变更：公章免费刻制（名称）" in out and "校验通过" in out
    code, out, err = run(capsys, "pack", "import", str(pack))  # not a terminal: the changes, then a refusal
    assert code == 1 and "变更：公章免费刻制（名称）" in out and "--yes" in err
    code, out, _ = run(capsys, "pack", "import", str(pack), "--yes")
    assert code == 0 and "已导入内容包 示例清单 第1版" in out
    code, out, _ = run(capsys, "show", "fx-kaiban", "--json")
    assert any(i["title"] == "公章免费刻制" for i in json.loads(out)["items"])
    code, _, err = run(capsys, "pack", "import", str(pack), "--yes")
    assert code == 1 and "拒绝回退" in err and err.count("\n") == 1

    code, out, _ = run(capsys, "trust", "remove", fingerprint.split()[0])
    assert code == 0 and "不再信任" in out
    code, out, _ = run(capsys, "trust", "list")
    assert "没有受信任的公钥" in out


def test_trust_add_refuses_a_private_key_and_garbage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    key = tmp_path / "k"
    run(capsys, "pack", "keygen", "-o", str(key))
    code, _, err = run(capsys, "trust", "add", str(key))
    assert code == 2 and "私钥" in err
    junk = tmp_path / "junk.pub"
    junk.write_text("not a key", encoding="utf-8")
    code, _, err = run(capsys, "trust", "add", str(junk))
    assert code == 2 and "不是可用的公钥文件" in err
