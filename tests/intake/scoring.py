"""How well `ua new` reads a document: each fact a careful person takes from it
(tests/data/intake/truth/*.json, beside the documents) against the UA file
written. A fact is right, missing (absent, or marked TODO) or wrong (present,
not marked, different); a name, contact or salutation the document does not
give, written without a TODO, is invented. bench/new.py --score prints the
totals; tests/intake/test_corpus.py holds them to the issue's goals."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

import yaml

CORPUS = Path(__file__).resolve().parents[1] / "data" / "intake"
TARGET_FIELDS = ("name", "position", "organisation", "address", "country", "email", "fax",
                 "phone", "twitter", "salutation", "copy")  # fmt: skip
INVENTED_FIELDS = ("name", "email", "fax", "phone", "salutation")


class Score(NamedTuple):
    document: str
    right: int
    present: int
    wrong: list[str]
    invented: list[str]
    written: bool

    def line(self) -> str:
        return (f"{self.document}: {self.right}/{self.present}, wrong {len(self.wrong)}, "
                f"invented {len(self.invented)}{'' if self.written else ', refused'}")  # fmt: skip


def ua_file_for(document: Path, today: datetime.date) -> str | None:
    """The UA file `ua new` writes for a document, or None if it refuses it."""
    from ua_cli.errors import UaError
    from ua_cli.intake.documents import read_document
    from ua_cli.intake.reading import read_draft
    from ua_cli.intake.writing import is_a_ua, ua_file

    try:
        draft = read_draft(read_document(document))
    except UaError:
        return None
    return ua_file(draft, document.name, today).text if is_a_ua(draft) else None


def score_corpus(today: datetime.date) -> list[Score]:
    scores = []
    for truth_path in sorted((CORPUS / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        text = ua_file_for(CORPUS / truth["doc"], today)
        scores.append(score(truth, text))
    return scores


# -- comparing ----------------------------------------------------------------------


def _norm(text: Any) -> str:
    text = unicodedata.normalize("NFC", str(text))
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "), ("–", "-")):
        text = text.replace(a, b)
    return re.sub(r"[\s,:;]+$", "", re.sub(r"\s+", " ", text).strip().casefold())


def _squash(text: Any) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", str(text)).casefold() if c.isalnum())


def _digits(text: Any) -> str:
    return "".join(c for c in str(text) if c.isdigit())


def _matches(field: str, truth: Any, got: Any) -> bool:
    if field == "address":
        want, have = (
            _squash(" ".join(truth)),
            _squash(" ".join(got if isinstance(got, list) else [got])),
        )
        if want == have:
            return True
        # A line naming the country, added or left out, is the same address.
        if not (have.startswith(want) or want.startswith(have)):
            return False
        rest = have[len(want) :] if len(have) > len(want) else want[len(have) :]
        return rest in _country_names()
    if isinstance(got, list):
        return False
    if field in ("fax", "phone"):
        return bool(_digits(truth)) and _digits(truth) == _digits(got)
    if field == "twitter":
        return _norm(truth).lstrip("@") == _norm(got).lstrip("@")
    if field == "id":
        parts = lambda v: [p.lstrip("0") or "0" for p in re.split(r"[./]", str(v))]  # noqa: E731
        return parts(truth) == parts(got)
    return _norm(truth) == _norm(got)


def _country_names() -> set[str]:
    from ua_cli.intake.cues import country_names

    return {_squash(name) for name in country_names()} | {"usa", "uk"}


# -- reading the UA file with its comments --------------------------------------------


class _File:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.root = yaml.compose(text, Loader=yaml.SafeLoader)

    def value(self, mapping: Any, key: str) -> tuple[list[Any], bool] | None:
        """The candidates a field holds (one per language, or the address's
        lines) and whether a TODO marks it."""
        node = next((v for k, v in getattr(mapping, "value", []) if k.value == key), None)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return None
        if isinstance(node, yaml.SequenceNode):
            candidates: list[Any] = [[item.value for item in node.value]]
        elif isinstance(node, yaml.MappingNode):
            candidates = [v.value for _, v in node.value if isinstance(v, yaml.ScalarNode)]
        else:
            candidates = [node.value]
        rows = list(range(node.start_mark.line - 1, node.end_mark.line + 1))
        above = node.start_mark.line - 2  # the comments just above the key
        while above >= 0 and self.lines[above].lstrip().startswith("#"):
            rows.append(above)
            above -= 1
        todo = any("TODO" in self._comment(r, key) for r in rows if 0 <= r < len(self.lines))
        return candidates, todo

    def _comment(self, row: int, key: str) -> str:
        line = self.lines[row]
        if line.lstrip().startswith("#"):
            return line if re.search(rf"\b{key}\b|check it", line) else ""
        return line.split("  # ", 1)[1] if "  # " in line else ""

    def targets(self) -> list[tuple[str, Any]]:
        node = next((v for k, v in self.root.value if k.value == "targets"), None)
        return [(k.value, v) for k, v in node.value] if isinstance(node, yaml.MappingNode) else []


def _verdict(field: str, truths: list[Any], got: tuple[list[Any], bool] | None) -> str:
    if got is None:
        return "missing"
    candidates = [c for c in got[0] if "TODO" not in str(c)]
    if not candidates:
        return "missing"
    if any(_matches(field, t, c) for t in truths for c in candidates):
        return "right"
    return "missing" if got[1] else "wrong"


def score(truth: dict, text: str | None) -> Score:
    verdicts: list[tuple[str, str]] = []
    invented: list[str] = []
    document = truth["doc"]
    if text is None:
        present = _count_facts(truth)
        return Score(document, 0, present, [], [], False)
    ua = _File(text)
    for key in ("id", "country", "deadline"):
        if truth.get(key) is not None:
            verdicts.append((key, _verdict(key, [truth[key]], ua.value(ua.root, key))))
    people_node = next((v for k, v in ua.root.value if k.value == "people_at_risk"), None)
    names_node = next((v for k, v in getattr(people_node, "value", []) if k.value == "name"), None)
    people = ua.value(people_node, "name") if names_node is not None else None
    blob = " | ".join(_norm(c) for c in (people[0] if people else []) if "TODO" not in str(c))
    alts = (truth.get("alt") or {}).get("people_at_risk", {})
    for name in truth.get("people_at_risk") or []:
        found = any(_norm(n) in blob for n in [name, *alts.get(name, [])])
        verdicts.append(("people_at_risk", "right" if found else "missing"))
    wanted = truth.get("preferred_languages") or []
    got = ua.value(ua.root, "preferred_language")
    given = {c for c in got[0] if "TODO" not in str(c)} if got and not got[1] else set()
    for lang in wanted:
        verdict = (
            "right"
            if lang in given
            else "wrong"
            if given and not given & set(wanted)
            else "missing"
        )
        verdicts.append(("preferred_language", verdict))
    first = truth.get("letter_first_words")
    if first:
        paragraphs = re.findall(r"- id: p1\n\s+text:\n\s+\w+: (\".*\")", text)
        opening = json.loads(paragraphs[0]) if paragraphs else ""
        right = _norm(opening).startswith(_norm(first))
        verdicts.append(("letter_first_words", "right" if right else "missing"))
    targets = ua.targets()
    pairs = _pairs(truth.get("targets") or [], targets, ua)
    for index, expected in enumerate(truth.get("targets") or []):
        node = targets[pairs[index]][1] if index in pairs else None
        alt = expected.get("alt") or {}
        for field in TARGET_FIELDS:
            want = expected.get(field)
            if field == "copy":
                got = ua.value(node, "copy") if node is not None else None
                is_copy = bool(got) and str(got[0][0]).lower() == "true"
                verdicts.append(
                    (
                        f"{field}",
                        "right" if node is not None and is_copy == bool(want) else "missing",
                    )
                )
                continue
            got = ua.value(node, field) if node is not None else None
            if want is None:
                if field in INVENTED_FIELDS and got and not got[1]:
                    values = [c for c in got[0] if "TODO" not in str(c)]
                    if values and not any(
                        _matches(field, a, v) for a in alt.get(field, []) for v in values
                    ):
                        invented.append(f"{field} {values[0]!r}")
                continue
            verdicts.append((field, _verdict(field, [want, *alt.get(field, [])], got)))
    wrong = [field for field, verdict in verdicts if verdict == "wrong"]
    right = sum(verdict == "right" for _, verdict in verdicts)
    return Score(document, right, len(verdicts), wrong, invented, True)


def _count_facts(truth: dict) -> int:
    count = sum(truth.get(key) is not None for key in ("id", "country", "deadline"))
    count += len(truth.get("people_at_risk") or []) + bool(truth.get("letter_first_words"))
    count += len(truth.get("preferred_languages") or [])
    for target in truth.get("targets") or []:
        count += sum(target.get(f) is not None or f == "copy" for f in TARGET_FIELDS)
    return count


def _pairs(expected: list[dict], targets: list[tuple[str, Any]], ua: _File) -> dict[int, int]:
    """Each expected official to the target in the file that shares its email,
    a number, or most words of its name and office."""

    def words(value: Any) -> set[str]:
        return {w for w in re.findall(r"\w+", _norm(value)) if len(w) > 2}

    scores = []
    for i, want in enumerate(expected):
        for j, (_, node) in enumerate(targets):
            got = {f: (ua.value(node, f) or ([], False))[0] for f in TARGET_FIELDS}
            score_ = 1000 * any(_matches("email", want.get("email") or "", e) for e in got["email"])
            score_ += 100 * any(
                want.get(f) and _matches(f, want[f], n) for f in ("fax", "phone") for n in got[f]
            )
            wanted = set().union(
                *(words(want.get(f) or "") for f in ("name", "organisation", "position"))
            )
            have = set().union(
                *(words(v) for f in ("name", "organisation", "position") for v in got[f])
            )
            score_ += len(wanted & have)
            if score_:
                scores.append((score_, i, j))
    pairs: dict[int, int] = {}
    for _, i, j in sorted(scores, reverse=True):
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs
