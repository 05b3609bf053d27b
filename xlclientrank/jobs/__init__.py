"""The jobs the command and the ribbon buttons run, each from a file to a file: rerank.py (read,
rank, write our sheets; load.py gathers what it needs, csvbook.py the workbook made for a .csv,
progress.py the steps it reports), share.py (the advisor's copy) and quickstart.py (the template
and the sample copied out)."""
