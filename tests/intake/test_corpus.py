"""`ua new` on the corpus of documents in every layout sections publish
(tests/data/intake): the issue's goals, held. bench/new.py --score prints the
same figures per document."""

from __future__ import annotations

import datetime

from tests.intake.scoring import score_corpus

TODAY = datetime.date(2026, 11, 29)


def test_the_corpus_is_read_to_the_goals():
    scores = score_corpus(TODAY)
    right = sum(s.right for s in scores)
    present = sum(s.present for s in scores)
    wrong = [f"{s.document}: {f}" for s in scores for f in s.wrong]
    invented = [f"{s.document}: {f}" for s in scores for f in s.invented]
    assert len(scores) >= 15
    assert all(s.written for s in scores), [s.document for s in scores if not s.written]
    assert right / present >= 0.90, (right, present)
    assert len(wrong) / present <= 0.02, wrong
    assert invented == []


def test_every_layout_and_language_is_in_the_corpus():
    from tests.intake.scoring import CORPUS

    names = [p.name for p in (CORPUS / "docs").iterdir()]
    suffixes = {name.rsplit(".", 1)[1] for name in names if not name.endswith((".typ", ".md"))}
    assert {"txt", "html", "pdf", "docx"} <= suffixes
    assert {name[:3] for name in names} >= {"es_", "fr_", "de_"}
