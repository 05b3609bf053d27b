"""Who the best clients are in the summary: a line after the tiers' lines, and ``--json``'s
``"profile"``, on a client list whose answer is known by construction."""

from __future__ import annotations

import pandas as pd

from xlclientrank.engine import Factor, RankConfig, rank
from xlclientrank.report import profile as who
from xlclientrank.report import summary


def test_the_summary_says_who_the_ideal_clients_are():
    # 100 clients; the 20 with the highest revenue are Ideal; 6 of them and 4 others are Veterinary
    industry = ["Veterinary"] * 6 + ["Other"] * 14 + ["Veterinary"] * 4 + ["Other"] * 76
    frame = pd.DataFrame({"Client": [f"Client {i}" for i in range(100)], "Revenue": [1000.0 - i for i in range(100)],
                          "Industry": industry})
    ranking = rank(frame, RankConfig(factors=(Factor("Revenue", 1.0, True, "revenue"),), pareto_column="Revenue"),
                   "Client")
    p = who.of_ranking(ranking, frame, {"Client": "text", "Revenue": "number", "Industry": "text"}, "Client")
    they_are = who.sentences(p)
    assert they_are == ["Veterinary (Industry): 30 % of your Ideal clients, 10 % of all clients."]
    lines = summary.lines(ranking, who=they_are)
    labels = [line.label for line in lines]
    at = labels.index("Who your Ideal clients are")
    assert labels[at - 3:at] == ["Ideal", "Core", "Poor"] and lines[at].sentence == they_are[0]
    js = summary.summary(ranking, file="f", sheet="s", profile=p)
    assert js["profile"] == [{"column": "Industry", "category": "Veterinary", "best": 6, "all": 10,
                              "best_share": 0.3, "all_share": 0.1}]
    assert they_are[0] in js["verdict"]
    assert summary.summary(ranking, file="f", sheet="s")["profile"] == []
