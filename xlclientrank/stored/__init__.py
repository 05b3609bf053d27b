"""What xlclientrank keeps in the owner's workbook between runs, as data: the settings the owner
edits (settings.py), the Rank History of every run (history.py) and the calibration the cell
formulas score a row with (calibration.py). Each module reads its sheet back and says what to write;
render/ writes the sheets."""
