"""Reading UA documents (`ua new`), a pipeline of small stages: documents.py
(a file or page as the lines a person sees), blocks.py (lines made ready:
labels run together split), cues.py (the words of four languages that say what
a block is), reading.py (zones, the sample letter, the draft), contacts.py with
labels.py and run_on.py (the officials), fields.py (number, country, deadline,
languages, people), keys.py (targets' keys), draft.py (what was found, with its
line and any doubt) and writing.py (the UA file, each value with its line, TODOs)."""
