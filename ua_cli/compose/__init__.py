"""What to say: a letter for one target, language and sender (letter.py), and
the other channels (channels.py): email drafts, posts within each platform's
limit, call scripts with the office's local time, the steps of `ua act`.

Imports campaign/ and config; never click, never render/ (the words, not how
they look).
"""
