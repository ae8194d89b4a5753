"""The action log: one entry and the rules every entry keeps (entries.py), the
log's interface and its SQL (store.py) with its two backends (sqlite.py and
postgres.py, each turning its driver's errors into UaError), opening the one a
location names (opening.py), the schema's
migrations (migrations.py), reading export files (exchange.py, records.py checking
their records) and writing them (exports.py), reports
(report.py) and sending a local log to a shared one (sync.py).

Imports errors and files; never click, never campaign/ (a log may count UAs this
machine has no file for).
"""
