"""The advisor's copies each have their own name, none is ever written over silently, and the owner
is told exactly what an anonymous copy is and where its who-is-who list lives."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from tests.helpers import SAMPLE, make_workbook, ranking_rows, run_cli
from xlclientrank.ooxml.package import Package

COPIES = {(): "clients - for advisor.xlsx",
          ("--whole-workbook",): "clients - whole workbook for advisor.xlsx",
          ("--anonymize",): "clients - for advisor (anonymous).xlsx",
          ("--anonymize", "--whole-workbook"): "clients - whole workbook for advisor (anonymous).xlsx"}
WHO_IS_WHO = ("The who-is-who list is in your own workbook, sheet 'ClientRank Aliases' (a visible sheet, so that you "
              "can look clients up): do not send 'clients.xlsx' itself.")


@pytest.fixture
def clients(tmp_path):
    src = tmp_path / "clients.xlsx"
    shutil.copyfile(SAMPLE, src)
    return src


def test_the_four_copies_have_four_names_and_none_replaces_another(clients):
    folder = clients.parent
    for args, name in COPIES.items():
        code, out, err = run_cli("share", clients, *args)
        assert code == 0, err
        said = out.splitlines()[-1]
        if "--anonymize" in args:
            assert said == (f"Wrote the anonymous copy for your advisor: {folder / name}. Clients are shown as "
                            f"Client 001, Client 002, ... {WHO_IS_WHO}")
        else:
            assert said == f"Wrote the copy for your advisor: {folder / name}"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*COPIES.values(), "clients.xlsx"])
    named = ranking_rows(folder / COPIES[()])[1]
    anonymous = ranking_rows(folder / COPIES[("--anonymize",)])[1]
    assert [r[1] for r in anonymous[:3]] == ["Client 001", "Client 002", "Client 003"]
    assert named[0][1] not in {r[1] for r in anonymous}  # the named copy was not overwritten by the anonymous one
    aliases = load_workbook(clients, read_only=True)["ClientRank Aliases"]
    assert aliases.sheet_state == "visible"
    who = {r[0]: r[1] for r in aliases.iter_rows(min_row=4, values_only=True)}
    assert who["Client 001"] == named[0][1]


def test_a_second_share_keeps_the_first_copy_and_numbers_the_new_one(clients):
    first = clients.with_name("clients - for advisor.xlsx")
    assert run_cli("share", clients)[0] == 0
    first.write_bytes(b"the first copy, as the advisor left it")
    for k in (2, 3):
        code, out, err = run_cli("share", clients)
        assert code == 0, err
        new = clients.with_name(f"clients - for advisor ({k}).xlsx")
        assert out.splitlines()[-2:] == [
            f"Wrote the copy for your advisor: {new}",
            f"'clients - for advisor.xlsx' was already there and is kept; this copy is '{new.name}' (add --replace to "
            "write over it instead)."]
        assert load_workbook(new, read_only=True).sheetnames[:2] == ["Summary", "Ranking"]
    assert first.read_bytes() == b"the first copy, as the advisor left it"
    anonymous = clients.with_name("clients - for advisor (anonymous).xlsx")
    anonymous.write_bytes(b"an older anonymous copy")
    code, out, err = run_cli("share", clients, "--anonymize")
    assert code == 0, err
    assert f"Wrote the anonymous copy for your advisor: {anonymous.with_name(anonymous.stem + ' (2).xlsx')}." in out
    assert anonymous.read_bytes() == b"an older anonymous copy"


def test_replace_writes_over_the_default_name_instead_of_numbering(clients):
    first = clients.with_name("clients - for advisor.xlsx")
    first.write_bytes(b"an old copy")
    code, out, err = run_cli("share", clients, "--replace")
    assert code == 0, err
    assert out.splitlines()[-1] == f"Wrote the copy for your advisor: {first}"
    assert Package.read(first).parts and sorted(p.name for p in clients.parent.iterdir()) == [
        "clients - for advisor.xlsx", "clients.xlsx"]


def test_out_naming_a_file_that_is_there_is_refused_unless_replace(clients):
    there = clients.with_name("for Anna.xlsx")
    there.write_bytes(b"Anna's copy")
    code, out, err = run_cli("share", clients, "--out", there)
    assert code == 3 and out == ""
    assert err == (f"xlclientrank: {there}: is already there and was not changed; choose another name with --out, "
                   "delete or rename the old file, or add --replace to write over it\n")
    assert there.read_bytes() == b"Anna's copy"
    assert "ClientRank Aliases" not in load_workbook(clients, read_only=True).sheetnames
    code, out, err = run_cli("share", clients, "--out", there, "--replace", "--anonymize")
    assert code == 0, err
    assert ranking_rows(there)[1][0][1] == "Client 001"


def test_the_message_names_former_clients_and_a_short_list_has_no_dots(tmp_path):
    src = make_workbook(tmp_path / "shop.xlsx", [["Client", "Sales"], ["Ann", 900], ["Bob", 500], ["Cid", 100]])
    assert run_cli("rerank", src, "--date", "2026-01-31")[0] == 0
    wb = load_workbook(src)
    wb["Clients"].delete_rows(4)  # Cid has left
    wb.save(src)
    assert run_cli("rerank", src, "--date", "2026-02-28")[0] == 0
    code, out, err = run_cli("share", src, "--anonymize")
    assert code == 0, err
    assert out.splitlines()[-1] == (
        f"Wrote the anonymous copy for your advisor: {tmp_path / 'shop - for advisor (anonymous).xlsx'}. Clients are "
        "shown as Client 001, Client 002, clients of earlier rankings as Former client 001. The who-is-who list is in "
        "your own workbook, sheet 'ClientRank Aliases' (a visible sheet, so that you can look clients up): do not "
        "send 'shop.xlsx' itself.")
    who = {r[0]: r[1] for r in load_workbook(src, read_only=True)["ClientRank Aliases"].iter_rows(
        min_row=4, values_only=True)}
    assert who == {"Client 001": "Ann", "Client 002": "Bob", "Former client 001": "Cid"}


def test_an_anonymous_copy_whose_who_is_who_list_cannot_be_kept_is_not_left_behind(clients, monkeypatch):
    write = Package.write_atomic

    def the_owners_file_is_locked(self, target, mode_from=None):
        if str(target) == str(clients):
            raise PermissionError("locked by another program")
        write(self, target, mode_from)

    monkeypatch.setattr(Package, "write_atomic", the_owners_file_is_locked)
    before = clients.read_bytes()
    code, out, err = run_cli("share", clients, "--anonymize")
    assert code != 0 and "locked by another program" in err
    assert sorted(p.name for p in clients.parent.iterdir()) == ["clients.xlsx"] and clients.read_bytes() == before
