"""The cell formulas' logic (functions.py: CLIENT_TIER, CLIENT_SCORE, PARETO_COUNT, ... on a row or a
range, against the calibration the last Re-rank stored) and its one cache of calibrations
(cache.py). xlclientrank/udfs.py hands them to Excel through xlwings; nothing here imports xlwings."""
