"""What changed and why after every run: the settings changed and, by name, who moved between
tiers, who is new and who is gone, against the ranking a run replaces (also one of the same day)
and against last month's. Expected names come from the Ranking sheets of the runs compared, read
with openpyxl; the sentences are looked for in every sheet as python-calamine reads them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.helpers import SAMPLE, ranking_rows, run_cli
from xlclientrank.engine import TierRule
from xlclientrank.report import changes
from xlclientrank.stored.movement import Movement

LABELS = ("Ideal", "Core", "Poor")
RANKING = SimpleNamespace(tier_counts={"Ideal": 30, "Core": 45, "Poor": 75},
                          config=SimpleNamespace(tiers=TierRule()))


def texts(path: Path) -> list[str]:
    """Every text cell of every sheet."""
    wb = CalamineWorkbook.from_path(str(path))
    return [c for name in wb.sheet_names for row in wb.get_sheet_by_name(name).to_python()
            for c in row if isinstance(c, str)]


def tiers_of(path: Path) -> dict[str, str]:
    """Client -> tier, in rank order, from the Ranking sheet."""
    head, body = ranking_rows(path)
    return {r[head.index("Client")]: r[head.index("Tier")] for r in body}


def marks_of(path: Path) -> dict[str, str]:
    head, body = ranking_rows(path)
    return {r[head.index("Client")]: r[head.index("Since last time")] for r in body}


def expected(before: dict[str, str], now: dict[str, str]):
    """Movers grouped by (tier then, tier now) in this run's rank order; new (client, tier); gone (client, tier)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for name, tier in now.items():
        if name in before and before[name] != tier:
            groups.setdefault((before[name], tier), []).append(name)
    fresh = [(n, t) for n, t in now.items() if n not in before]
    gone = [(n, t) for n, t in before.items() if n not in now]
    return groups, fresh, gone


def listed(names: list[str], where: str) -> str:
    return ", ".join(names) + "." if len(names) <= 12 else \
        f"{', '.join(names[:12])} and {len(names) - 12:,} more: {where}."


def clients(n: int) -> str:
    return f"{n} client{'' if n == 1 else 's'}"


def up_down(groups) -> tuple[int, int]:
    up = sum(len(v) for (a, b), v in groups.items() if LABELS.index(a) > LABELS.index(b))
    return up, sum(len(v) for v in groups.values()) - up


def edit_settings(path: Path, weights: dict[str, float] | None = None, better: dict[str, str] | None = None,
                  shares: dict[str, float] | None = None, share_8020: float | None = None) -> dict[str, object]:
    """Changes cells of the settings sheet as the owner would (openpyxl); returns the values they
    held and the label of the 80/20 share's row, read from the sheet."""
    weights, better, shares = weights or {}, better or {}, shares or {}
    wb = load_workbook(path)
    ws = wb["ClientRank Settings"]
    old: dict[str, object] = {}
    rows = list(ws.iter_rows())
    factor_head = next(r for r in rows if r[0].value == "Factors")
    weight_at = [c.value for c in factor_head].index("Weight")
    better_at = [c.value for c in factor_head].index("Better when")
    tier_head = next(r for r in rows if r[0].value == "Tiers")
    share_at = [c.value for c in tier_head].index("Share of clients")
    # the factor table ends at the next label (the best-client table below it names the columns too)
    factors_end = next(r[0].row for r in rows if r[0].row > factor_head[0].row and r[0].value is not None)
    for r in rows:
        name = r[1].value
        in_factors = factor_head[0].row < r[0].row < factors_end
        if r[0].value is None and name in weights and in_factors:
            old[f"weight {name}"] = r[weight_at].value
            r[weight_at].value = weights[name]
        if r[0].value is None and name in better and in_factors:
            old[f"better {name}"] = r[better_at].value
            r[better_at].value = better[name]
        if r[0].value is None and name in shares and r[0].row > tier_head[0].row:
            old[f"share {name}"] = r[share_at].value
            r[share_at].value = shares[name]
        if share_8020 is not None and r[1].value == 0.8 and r[0].value and "80/20" in str(r[0].value):
            old["80/20 label"] = r[0].value
            r[1].value = share_8020
    wb.save(path)
    return old


# ---------------------------------------------------------------- the whole command

def test_a_same_day_run_after_changing_weights_names_the_settings_and_the_clients_that_changed_tier(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src, "--date", "2026-12-07")[0] == 0
    before = tiers_of(src)
    old = edit_settings(src, weights={"Revenue 2026": 5, "Orders": 0})
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(src, twin)
    code, out, _ = run_cli("rerank", src, "--date", "2026-12-07")
    assert code == 0
    now = tiers_of(src)
    groups, fresh, gone = expected(before, now)
    assert groups and not fresh and not gone
    up, down = up_down(groups)
    settings = f"Revenue 2026 weight {old['weight Revenue 2026']} -> 5; Orders weight {old['weight Orders']} -> 0"
    head = (f"Compared with the ranking this one replaces (2026-12-07, the same date): {settings}. "
            f"{up} moved up a tier, {down} moved down, 0 new, 0 gone.")
    said = texts(src)
    assert head in said and f"  Since last time: {head}" in out.splitlines()
    for (a, b), names in groups.items():
        way = "Up" if LABELS.index(a) > LABELS.index(b) else "Down"
        where = f"on the 'Ranking' sheet filter 'Since last time' on \"{way} from {a}\" and 'Tier' on {b}"
        line = f"{clients(len(names))} from {a} to {b}: {listed(names, where)}"
        assert line in said and line in out
    assert "First ranking" not in out
    marks = marks_of(src)
    for name, tier in now.items():
        assert marks[name] == ("Same" if before[name] == tier else
                               f"{'Up' if LABELS.index(before[name]) > LABELS.index(tier) else 'Down'} from "
                               f"{before[name]}")
    code, out, _ = run_cli("rerank", twin, "--date", "2026-12-07", "--json")
    got = json.loads(out)["changes"]
    assert got["compared_with"] == "2026-12-07" and got["same_day"] is True
    assert got["settings"] == settings.split("; ") and got["since_last_month"] is None
    for tier in LABELS:
        entered = {n for n in now if now[n] == tier and before[n] != tier}
        left = {n for n in now if before[n] == tier and now[n] != tier}
        assert set(got["tiers"].get(tier, {}).get("entered", [])) == entered
        assert set(got["tiers"].get(tier, {}).get("left", [])) == left


def change_data(path: Path, seed: int) -> tuple[str, str]:
    """A Poor-looking client's big year, one client deleted, one added; returns (deleted, added)."""
    wb = load_workbook(path)
    ws = wb["Clients"]
    rows = list(ws.iter_rows(min_row=2))
    small = min(rows[seed:], key=lambda r: r[2].value or 0)
    small[2].value, small[3].value, small[9].value = 500000, 250000, 5
    gone = ws.cell(5 + seed, 1).value
    ws.delete_rows(5 + seed)
    added = f"Brand New {seed} Ltd"
    ws.append([added, "new@example.com", 1000, 300, 1, dt.datetime(2026, 11, 1), dt.datetime(2026, 11, 20),
               5, 0, 0, 3])
    wb.save(path)
    return gone, added


def test_month_to_month_names_who_moved_who_is_new_and_who_is_gone_and_counts_last_months(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src, "--date", "2026-11-30")[0] == 0
    november = tiers_of(src)
    change_data(src, 0)
    assert run_cli("rerank", src, "--date", "2026-12-05")[0] == 0
    december = tiers_of(src)
    gone_name, added = change_data(src, 3)
    code, out, _ = run_cli("rerank", src, "--date", "2026-12-20")
    assert code == 0
    now = tiers_of(src)
    groups, fresh, gone = expected(december, now)
    assert groups and fresh == [(added, now[added])] and gone == [(gone_name, december[gone_name])]
    up, down = up_down(groups)
    said = texts(src)
    head = (f"Compared with the last ranking (2026-12-05): same settings; {up} moved up a tier, {down} moved down, "
            "1 new, 1 gone.")
    assert head in said and head in out
    hist = load_workbook(src, data_only=True)["Rank History"]
    rows = {r[0]: r for r in hist.iter_rows(min_row=2, max_col=9, values_only=True) if r[0] is not None}
    for (a, b), names in groups.items():
        where = f"in 'Rank History' filter 'Tier by run' with Text Filters, Ends With \"{a} | {b}\""
        line = f"{clients(len(names))} from {a} to {b}: {listed(names, where)}"
        assert line in said and line in out
        # the filter named finds exactly them
        assert {n for n, r in rows.items() if str(r[6]).endswith(f"{a} | {b}")} == set(names)
    assert f"1 client: {added} ({now[added]})." in said
    assert f"1 client: {gone_name} (was {december[gone_name]})." in said
    assert {n for n, r in rows.items() if r[5].date() == dt.date(2026, 12, 5)} == {gone_name}  # 'Last ranked'
    month_groups, month_fresh, month_gone = expected(november, now)
    m_up, m_down = up_down(month_groups)
    month = (f"Compared with last month's ranking (2026-11-30): {m_up} up, {m_down} down, {len(month_fresh)} new, "
             f"{len(month_gone)} gone.")
    assert month in said and f"  Since last month: {month}" in out.splitlines()


def test_a_first_ranking_says_so_and_a_ranking_without_change_says_nothing_changed(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    code, out, _ = run_cli("rerank", src, "--date", "2026-11-30", "--json")
    assert json.loads(out)["changes"]["compared_with"] is None
    first = "First ranking: the next one shows who moved and why."
    assert first in texts(src)
    code, out, _ = run_cli("rerank", src, "--date", "2026-12-31")
    nothing = "Nothing changed since 2026-11-30: same settings, same tiers."
    assert code == 0 and f"  Since last time: {nothing}" in out.splitlines()
    said = texts(src)
    assert nothing in said and first not in said
    assert not any(s.startswith(("Moved", "Compared with")) for s in said)
    assert set(marks_of(src).values()) == {"Same"}


def test_the_same_data_ranked_twice_the_same_day_shows_what_the_first_run_showed(tmp_path):
    """A same-day run that changes nothing is shown as the run it replaced was: the same sheets."""
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src, "--date", "2026-10-31")[0] == 0
    edit_settings(src, weights={"Revenue 2026": 5})
    assert run_cli("rerank", src, "--date", "2026-11-30")[0] == 0
    first = texts(src), marks_of(src)
    assert run_cli("rerank", src, "--date", "2026-11-30")[0] == 0
    said = texts(src)
    assert "Nothing changed since 2026-11-30, the same date: same settings, same tiers." not in said
    assert marks_of(src) == first[1]  # still against 2026-10-31, the movers named as then
    assert [t for t in said if "moved up:" in t.lower()] == [t for t in first[0] if "moved up:" in t.lower()]
    assert any(t.startswith("Compared with the last ranking (2026-10-31)") for t in said)


def test_tier_shares_the_80_20_share_and_a_direction_changed_are_named(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src, "--date", "2026-11-30")[0] == 0
    old = edit_settings(src, better={"Hours spent": "Higher"}, shares={"Ideal": 0.1, "Poor": 0.6}, share_8020=0.7)
    assert old["better Hours spent"] == "Lower" and (old["share Ideal"], old["share Poor"]) == (0.2, 0.5)
    code, out, _ = run_cli("rerank", src, "--date", "2026-12-31", "--json")
    assert json.loads(out)["changes"]["settings"] == [
        "Hours spent better when lower -> higher", "Ideal share of clients 20 % -> 10 %",
        "Poor share of clients 50 % -> 60 %", f"{old['80/20 label']} 80 % -> 70 %"]


def test_settings_an_older_workbook_did_not_keep_are_not_said_to_have_changed(tmp_path):
    src = tmp_path / "c.xlsx"
    shutil.copyfile(SAMPLE, src)
    assert run_cli("rerank", src, "--date", "2026-11-30")[0] == 0
    wb = load_workbook(src)
    del wb["ClientRank Calibration"]   # where a run keeps the settings it used
    wb.save(src)
    edit_settings(src, weights={"Revenue 2026": 5})
    code, out, _ = run_cli("rerank", src, "--date", "2026-11-30", "--json")
    got = json.loads(out)["changes"]
    assert got["settings"] is None and got["compared_with"] == "2026-11-30"
    head = next(s for s in texts(src) if s.startswith("Compared with"))
    assert head.startswith("Compared with the ranking this one replaces (2026-11-30, the same date): ")
    assert "weight" not in head and "same settings" not in head


# ---------------------------------------------------------------- the lines, from a movement

def test_a_long_list_names_twelve_then_counts_the_rest_and_names_the_filter():
    names = [f"Client {i:02d}" for i in range(40)]
    m = Movement(dt.date(2026, 11, 30), ["Up from Core"] * 40, up=40, moved=[(n, "Core", "Ideal") for n in names],
                 gone=[(f"Old {i}", "Poor") for i in range(13)], settings=[])
    got = {line.label: line.sentence for line in changes.lines(RANKING, m)}
    assert got["Moved up"] == ("40 clients from Core to Ideal: " + ", ".join(names[:12]) + " and 28 more: in "
                               "'Rank History' filter 'Tier by run' with Text Filters, Ends With \"Core | Ideal\".")
    assert got["Gone"] == ("13 clients: " + ", ".join(f"Old {i} (was Poor)" for i in range(12)) + " and 1 more: in "
                           "'Rank History' filter 'Last ranked' on 2026-11-30.")
    same_day = Movement(dt.date(2026, 11, 30), ["Down from Ideal"], down=1, moved=[("A", "Ideal", "Poor")],
                        same_day=True, settings=["Sales weight 3 -> 5"])
    lines = changes.lines(RANKING, same_day)
    assert [(x.label, x.sentence) for x in lines] == [
        ("Since last time", "Compared with the ranking this one replaces (2026-11-30, the same date): "
                            "Sales weight 3 -> 5. 0 moved up a tier, 1 moved down, 0 new, 0 gone."),
        ("Moved down", "1 client from Ideal to Poor: A.")]


def test_settings_changed_with_every_client_in_the_same_tier_say_so():
    m = Movement(dt.date(2026, 11, 30), ["Same"], settings=["Jobs weight 1 -> 2"], first_tier_before=30)
    assert [x.sentence for x in changes.lines(RANKING, m)] == [
        "Compared with the last ranking (2026-11-30): Jobs weight 1 -> 2. Every client is in the same tier.",
        "30 Ideal clients, the same as the 30 last time (the top 20 % of your clients: it moves with their number)."]
