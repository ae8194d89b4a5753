"""What tests share besides fixtures: where the project, its shipped UA and the
tests' made-up UA are."""

from __future__ import annotations

from pathlib import Path

from ua_cli.actionlog.entries import Entry

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SHIPPED_UA = PROJECT / "data" / "urgent_action_106_23.yaml"
MADE_UP_UA = TESTS / "data" / "urgent_action_999_01.yaml"

ID_A = "11111111-1111-4111-8111-111111111111"
ID_B = "22222222-2222-4222-8222-222222222222"
ID_C = "33333333-3333-4333-8333-333333333333"


def entry(
    id_: str, action: str = "letter", target: str = "pcm", count: int = 1, date: str = "2026-11-20"
) -> Entry:
    """A log entry for UA 106.23, logged 2026-11-20 at 10:00 UTC."""
    return Entry(id_, "106.23", action, target, count, date, "2026-11-20T10:00:00.000Z", None)
