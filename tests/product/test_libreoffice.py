"""Every kind of workbook the command writes opens in LibreOffice Calc headless and converts to PDF.

All conversions run in one LibreOffice start (it takes seconds to start), so the outputs are made
first, by the same command the owner runs, and converted together.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import CORPUS, SAMPLE, libreoffice_convert, make_workbook, ranking_rows, run_cli
from tests.ooxml.test_preservation import excel_made_xlsm, rich_workbook

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("lo")
    made: dict[str, Path] = {}

    def rank(name: str, src: Path, *extra: str) -> None:
        out = tmp / f"{name}{src.suffix}"
        code, _, err = run_cli("rerank", src, "--out", out, *extra)
        assert code == 0, err
        made[name] = out

    rank("sample", SAMPLE)
    twice = tmp / "twice.xlsx"
    shutil.copyfile(made["sample"], twice)
    assert run_cli("rerank", twice)[0] == 0
    made["sample-ranked-twice"] = twice
    rank("rich", rich_workbook(tmp / "rich.xlsx"))
    rank("macro", excel_made_xlsm(tmp))
    for p in sorted(CORPUS.glob("*.xlsx")):
        rank(f"corpus-{p.stem}", p)
    names = ['=HYPERLINK("http://example.invalid","x")', "+44 Holdings", "Ünïcödé & Co <b>", "O'Brien"]
    rank("text", make_workbook(tmp / "text.xlsx", [["Customer", "Sales", "Tickets"]] +
                               [[n, 10.0 * (i + 1), i] for i, n in enumerate(names)]))
    return made


def test_every_output_converts_to_pdf(outputs):
    pdfs = libreoffice_convert(list(outputs.values()), "pdf")
    for name, src in outputs.items():
        pdf = pdfs[src]
        assert pdf.stat().st_size > 1000, name
        assert pdf.read_bytes().startswith(b"%PDF"), name


def test_libreoffice_reads_our_ranking_sheet(outputs):
    """LibreOffice re-saves the ranked sample; the Ranking sheet it read has every client, in order."""
    src = outputs["sample"]
    resaved = libreoffice_convert([src], "xlsx:Calc MS Excel 2007 XML")[src]
    head, body = ranking_rows(resaved)
    ours_head, ours_body = ranking_rows(src)
    assert head == ours_head
    assert [r[:2] for r in body] == [r[:2] for r in ours_body]
    assert [r[head.index("Tier")] for r in body] == [r[head.index("Tier")] for r in ours_body]
    # and ranking LibreOffice's copy again finds our sheets (marks survive) and gives the same table
    again = resaved.with_name("again.xlsx")
    code, _, err = run_cli("rerank", resaved, "--out", again)
    assert code == 0, err
    assert [r[:4] for r in ranking_rows(again)[1]] == [r[:4] for r in ours_body]
