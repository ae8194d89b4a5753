"""ua: turn a human-rights Urgent Action into letters, emails, tweets and call scripts."""

__version__ = "0.1.0"
