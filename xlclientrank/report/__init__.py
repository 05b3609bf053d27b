"""What the owner reads about a ranking: summary.py (the figures and the sentences of the summary,
shared by the screen, the JSON and the Ranking sheet) and understood.py (what was understood about
their data, one line a kind, each with how to correct it)."""
