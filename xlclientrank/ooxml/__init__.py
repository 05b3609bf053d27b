"""The owner's .xlsx/.xlsm file part by part: package.py (the zip's parts, each read when first
needed), files.py (checks before writing, atomic replace, the owner's read-only and locked files),
ns.py (the namespaces), book.py and splice.py (our sheets put in, every other part left byte for
byte), guard.py (the owner's protection), styles.py and rows.py (the cells we write), freeze.py,
macros.py, scrub.py and anonymize/ (the advisor's copies)."""
