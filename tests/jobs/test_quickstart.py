"""``xlclientrank quickstart [FOLDER]``: the template and the sample out of the installed package,
never over a file of the owner's (the installed-wheel run is in tests/product/test_wheel.py)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_cli
from xlclientrank import bundled
from xlclientrank.jobs import quickstart


def test_writes_the_template_and_the_sample_and_says_what_to_open(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("quickstart")
    assert code == 0, err
    for f in (bundled.TEMPLATE, bundled.SAMPLE):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes()
    assert f"Open {tmp_path / 'ClientRank.xlsm'} in Excel" in out
    assert f'xlclientrank rerank "{tmp_path / "sample_clients.xlsx"}"' in out and "xlclientrank install" in out


def test_says_to_install_the_add_in_before_opening_the_template_and_what_works_without_it(tmp_path):
    code, out, _ = run_cli("quickstart", tmp_path)
    assert code == 0
    lines = out.splitlines()

    def first(text: str) -> int:
        return next(i for i, line in enumerate(lines) if text in line)

    install = first("the add-in once:  xlclientrank install")
    restart = first("then quit Excel and start it again")
    open_template = first(f"2. Open {tmp_path / 'ClientRank.xlsm'} in Excel")
    without = first("3. Without the add-in (or without Excel)")
    command = first(f'xlclientrank rerank "{tmp_path / "sample_clients.xlsx"}" --out '
                    f'"{tmp_path / "sample_ranked.xlsx"}"')
    own = first("4. Your own client list: xlclientrank rerank YOUR-FILE.xlsx")
    assert install < restart < open_template < without < command < own
    assert lines[install - 1].startswith("1. For the Client Rank tab (Re-rank, Share with advisor) and the live")
    assert "Open this first" not in out
    assert "opens without the add-in too and shows the ranking" in out and "#NAME?" in out


def test_a_file_already_there_is_left_as_it_is(tmp_path):
    (tmp_path / "sample_clients.xlsx").write_bytes(b"the owner's own list")
    code, out, _ = run_cli("quickstart", tmp_path)
    assert code == 0
    assert (tmp_path / "sample_clients.xlsx").read_bytes() == b"the owner's own list"
    assert (tmp_path / "ClientRank.xlsm").read_bytes() == bundled.TEMPLATE.read_bytes()
    assert "Wrote ClientRank.xlsm in" in out and "sample_clients.xlsx is already in" in out


def test_a_new_folder_is_made_and_a_file_is_not_taken_for_one(tmp_path):
    code, _, _ = run_cli("quickstart", tmp_path / "a" / "b")
    assert code == 0 and (tmp_path / "a" / "b" / "ClientRank.xlsm").exists()
    (tmp_path / "notes.txt").write_text("x")
    code, out, err = run_cli("quickstart", tmp_path / "notes.txt")
    assert code == 2 and "is a file, not a folder" in err and "Traceback" not in err
    assert (tmp_path / "notes.txt").read_text() == "x"


def test_a_copy_cut_short_leaves_no_half_file(tmp_path, monkeypatch):
    def broken(src, dst, *a):
        dst.write(b"half")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(quickstart.shutil, "copyfileobj", broken)
    code, _, err = run_cli("quickstart", tmp_path)
    assert code == 2 and "No space left on device" in err and "choose a folder" in err
    assert list(Path(tmp_path).iterdir()) == []
