"""The ``ClientRank Methodology`` sheet: in plain words, how this ranking was made, every data note,
and the data behind the 80/20 charts (:mod:`.chart_data`)."""

from __future__ import annotations

import numpy as np

from xlclientrank.engine import Ranking
from xlclientrank.names import METHODOLOGY_SHEET, NOTES_SHEET, SETTINGS_SHEET
from xlclientrank.render import chart_data, who_table
from xlclientrank.render.formats import Formats
from xlclientrank.report import best_clients
from xlclientrank.report.profile import Profile
from xlclientrank.stored.settings import Settings
from xlclientrank.stored.settings_words import DATE_DIRECTION_NAMES, DIRECTION_NAMES

HOW_SCORES = "How values become scores"
BIGGEST_VS_SMALLEST = "Biggest vs smallest client"


def spread_label(column: str) -> str:
    """The plain name of the Gini coefficient of ``column``."""
    return f"Spread of {column} (0 = all equal, 1 = one client has everything)"


def _sentences(ranking: Ranking, settings: Settings) -> list[tuple[str, list[str]]]:
    cfg = ranking.config
    t = cfg.tiers
    col = cfg.pareto_column or "(none)"
    if cfg.scale == "percentile":
        scale = ("Each column is scored 0 to 100 by its percentile: the share of clients with a lower value (a "
                 "higher value, in a column where less is better). The best value gets 100, the worst 0, and equal "
                 "values share the same score.")
    else:
        scale = ("Each column is scored 0 to 100 in proportion (min-max): the smallest value gets 0, the largest "
                 "100 (the other way round where less is better).")
    missing = ("A blank or unusable value scores 0 for that column: it never counts as good."
               if cfg.missing == "worst" else
               "A blank or unusable value is left out: the client is scored on its other columns.")
    if t.method == "shares":
        tiers = "Clients are put in tiers by rank: " + ", ".join(
            f"{label} the next {share * 100:g} %" if i else f"{label} the top {share * 100:g} %"
            for i, (label, share) in enumerate(zip(t.labels, t.shares))) + \
            " (whole clients, rounding halves up; at least one in the first tier)."
    elif t.method == "thresholds":
        tiers = "Clients are put in tiers by score: " + ", ".join(
            f"{label} from {th:g}" for label, th in zip(t.labels, t.thresholds)) + f", {t.labels[-1]} below."
    else:
        tiers = (f"Tiers by value (ABC) on {col}: sorted by value, a client is in the first tier while the clients "
                 "before it hold less than " + ", then ".join(
                     f"{s * 100:g} %" for s in np.cumsum(t.value_shares)[:-1]) + " of the total.")
    return [
        (HOW_SCORES, [scale, missing, *_notes_sentences(settings),
                      "The score is the weighted mean of the columns' scores (weights above). Rank 1 is the highest "
                      "score; equal scores are ordered by " + col + ", then by name."]),
        ("Tiers", [tiers]),
        ("Best clients", best_clients.methodology(settings, t)),
        ("80/20 and other figures", [
            f"The 80/20 group is the smallest number of top clients by {col} whose combined {col} reaches "
            f"{cfg.pareto_target * 100:g} % of the total; its cut-off is the {col} of its last client.",
            f"Top 20 % share: the share of {col} held by the top 20 % of clients by {col}.",
            f"{BIGGEST_VS_SMALLEST}: the largest {col} divided by the smallest above 0.",
            f"{spread_label(col)}: how unevenly {col} is spread over your clients (economists call it the Gini "
            "coefficient).",
            "Concentration risk: one client with 10 % or more of the total.",
            "Why (on the Ranking): the columns whose scores moved the client's score furthest above or below a "
            "middling 50, weighted, each with the client's value.",
        ]),
    ]


def _notes_sentences(settings: Settings) -> list[str]:
    """How the owner's own ratings in the notes sheet count (:mod:`xlclientrank.stored.notes`), in
    lines no longer than the others of the sheet."""
    waiting = sorted(settings.left_out)
    return [f"Your ratings in '{NOTES_SHEET}' (Fit, Complaints, Referrals, and columns of numbers you add there) "
            "count like the columns of your list.",
            "A client you have not rated has a blank value, scored as just said"
            + (f"; not counted yet, as no client has a value: {', '.join(waiting)}." if waiting else ".")
            + " A Decision you choose there is the client's Action on the Ranking."]


def write(ws, fmt: Formats, ranking: Ranking, settings: Settings, understood=(),
          value_format=None, profile: Profile | None = None) -> chart_data.ChartRefs | None:
    """Writes the sheet; returns where the 80/20 charts' data is (:mod:`.chart_data`), or None.
    ``value_format``: the 80/20 column's cell format. ``profile``: who the best tier's clients are
    (a section of its own, :mod:`.who_table`, after the figures' definitions).
    ``understood``: what was understood about the owner's data, one line each (shown first)."""
    cfg = ranking.config
    ws.fit_to_pages(1, 0)
    ws.set_footer("&L&D&CHow this ranking works&RPage &P of &N")
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 4, 12)
    ws.write_string(0, 0, "How this ranking works", fmt.title)
    ws.write_string(1, 0, f"Made by Client Rank from the settings in '{SETTINGS_SHEET}'.", fmt.note)
    r = 3
    if understood:
        ws.write_string(r, 0, "What was understood", fmt.heading)
        for line in understood:
            r += 1
            ws.write_string(r, 0, line)
        r += 2
    ws.write_string(r, 0, "Factors and weights", fmt.heading)
    r += 1
    for j, h in enumerate(("Column", "Measures", "Weight", "Share of score", "Better when")):
        ws.write_string(r, j, h, fmt.head)
    total = sum(f.weight for f in cfg.weighted)
    kinds = {f.column: f.kind.label for f in settings.factors}
    for f in cfg.weighted:
        r += 1
        ws.write_string(r, 0, f.column)
        ws.write_string(r, 1, kinds.get(f.column, "Other"))
        ws.write_number(r, 2, f.weight)
        ws.write_number(r, 3, f.weight / total, fmt.percent)
        better = DATE_DIRECTION_NAMES if f.column in settings.date_columns else DIRECTION_NAMES
        ws.write_string(r, 4, better[f.higher_is_better])
    unused = [f.column for f in settings.factors if f.weight == 0] + list(settings.unused)
    if unused:
        r += 1
        ws.write_string(r, 0, "Not used: " + ", ".join(unused), fmt.note)
    for heading, lines in _sentences(ranking, settings):
        r += 2
        ws.write_string(r, 0, heading, fmt.heading)
        for line in lines:
            r += 1
            ws.write_string(r, 0, line)
    if profile is not None:
        r = who_table.write(ws, fmt, profile, r + 2) - 1
    r += 2
    ws.write_string(r, 0, "Data notes", fmt.heading)
    for note in ranking.warnings or ["None: every row and value was used as it was."]:
        r += 1
        ws.write_string(r, 0, note)
    return chart_data.write(ws, fmt, ranking, r + 2, METHODOLOGY_SHEET, value_format)
