"""The Excel side: the ribbon buttons (live.py the logic; macro.py, platforms.py and run_status.py
the xlwings side), the add-in build (build.py, udf_module.py, ovba_compression.py), installation
(install.py) and the check on a computer with Excel (selftest/). Only macro.py, platforms.py and
selftest/adapter.py talk to Excel, through xlwings' open-source API; everything else is tested
without Excel."""
