"""How it looks: Jinja2 templates for text, Markdown, HTML, emails and call
scripts, in a sandbox (templates.py), and print-ready PDFs, envelopes and report
pages through Typst (typeset.py); output.py lays several letters out as one
document.

Imports compose/ (what to lay out) and paths; never click.
"""
