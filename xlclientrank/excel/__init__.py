"""The Excel side: the Re-rank button's macro (live.py, macro.py), the add-in build (build.py) and
installation (install.py). Only macro.py and install.py talk to Excel, through xlwings' open-source
API; everything else is tested without Excel."""
