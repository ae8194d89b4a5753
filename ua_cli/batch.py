"""Batches: one letter per signer and target, from a signer sheet, to files.

Planning composes every letter and collects every problem before anything is
written; writing puts each file in place atomically, and never outside the
folder it was given nor over an existing file unless asked.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ua_cli.campaign.model import Campaign, Target
from ua_cli.compose.letter import Letter, compose_letter
from ua_cli.config import Profile
from ua_cli.errors import Interrupted, OutputExists, Problem, UaError
from ua_cli.files import write_atomically
from ua_cli.signers import Sheet, Signer, safe_file_stem

if TYPE_CHECKING:
    from ua_cli.render.templates import Renderer

EXTENSIONS = {"pdf": "pdf", "text": "txt", "markdown": "md", "html": "html", "eml": "eml"}


class Plan(NamedTuple):
    """The letters a batch will write, who signs and what file each goes to, and
    the bad rows."""

    campaign: Campaign
    letters: list[Letter]
    senders: list[Profile]
    stems: list[str]
    problems: list[Problem]
    signers: int


class Written(NamedTuple):
    paths: list[Path]
    pages: int
    envelopes: Path | None = None


def write_envelopes(plan: Plan, path: Path, *, paper: str, force: bool) -> Path:
    """A PDF of envelopes for the batch's letters, in the same order."""
    from ua_cli.render import typeset

    if len(plan.letters) > typeset.LETTERS_PER_PART:
        raise UaError("envelopes are printed for at most 1,000 letters at a time; split the sheet")
    write_atomically(path, typeset.envelopes(plan.letters, paper=paper), force=force)
    return path


def plan_batch(
    campaign: Campaign,
    targets: Sequence[Target],
    sheet: Sheet,
    *,
    default_lang: str,
    sender: Profile,
    date: datetime.date,
    fmt: str,
) -> Plan:
    """Compose every letter; a row that cannot be written becomes a problem."""
    from ua_cli.render.typeset import undrawable

    if fmt == "eml":
        from ua_cli.compose.channels import require_channel

        for target in targets:
            require_channel(campaign, target, "email")
    problems = list(sheet.problems)
    writable = []
    for signer in sheet.signers:
        missing = undrawable(_printed_text(signer)) if fmt == "pdf" else ""
        if missing:
            message = (
                f"the PDF fonts cannot print {missing!r} (in {signer.name!r}); use --format text"
            )
            problems.append(Problem(signer.row, "", message))
        else:
            writable.append(signer)
    variants = _spread_variants(campaign, targets, writable, default_lang)
    letters: list[Letter] = []
    senders: list[Profile] = []
    stems: list[str] = []
    used: set[str] = set()
    for number, signer in enumerate(writable):
        profile = Profile(
            name=signer.name,
            city=signer.city or sender.city,
            country=signer.country or sender.country,
            email=signer.email,
            address=signer.address,
        )
        for target in targets:
            letters.append(
                compose_letter(
                    campaign,
                    target,
                    lang=signer.language or default_lang,
                    sender=profile,
                    date=date,
                    personal=signer.personal,
                    variant=variants[number, target.key],
                )
            )
            senders.append(profile)
            stems.append(_unique(f"{safe_file_stem(signer.name)}-{target.key}", used))
    signers = len(writable)
    problems.sort(key=lambda p: p.line)
    return Plan(campaign, letters, senders, stems, problems, signers)


def _spread_variants(
    campaign: Campaign, targets: Sequence[Target], signers: list[Signer], default_lang: str
) -> dict[tuple[int, str], int]:
    """Each signer's letter variant (from 1) per target: their own pick where it
    is free, so that the letters to one official in one language all differ."""
    from ua_cli.compose.variety import Variants

    chosen: dict[tuple[int, str], int] = {}
    for target in targets:
        for lang in dict.fromkeys(s.language or default_lang for s in signers):
            numbers = [n for n, s in enumerate(signers) if (s.language or default_lang) == lang]
            picks = Variants(campaign, target, lang).assign([signers[n].name for n in numbers])
            chosen.update(
                {(n, target.key): pick + 1 for n, pick in zip(numbers, picks, strict=True)}
            )
    return chosen


def _printed_text(signer: Signer) -> str:
    fields = (
        signer.name, signer.city, signer.country, signer.email, signer.address, signer.personal,
    )  # fmt: skip
    return "".join(field or "" for field in fields)


def _unique(stem: str, used: set[str]) -> str:
    """`stem`, or `stem-2`, `stem-3`...: two Ana Pérez get two files."""
    candidate, number = stem, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem}-{number}"
    used.add(candidate.casefold())
    return candidate


class Destination(NamedTuple):
    """Where and how a batch is written: one file or a folder, in one format."""

    fmt: str
    output: Path | None
    out_dir: Path | None
    paper: str
    force: bool


def write_batch(
    plan: Plan,
    where: Destination,
    *,
    renderer: Renderer | None = None,
    progress: Callable[[int], None] | None = None,
    envelopes: bool = False,
) -> Written:
    """Write the planned letters: to one file (PDF in parts of at most 1,000
    letters), or to one file each in `out_dir`, and their envelopes if asked.
    Interrupted (Ctrl-C), it removes the files it had finished, so a rerun
    starts from a clean folder."""
    envelope_file = envelope_path(where.output, where.out_dir) if envelopes else None
    if envelope_file and envelope_file.exists() and not where.force:
        raise OutputExists(envelope_file)  # before any letter is written
    done: list[Path] = []
    try:
        written = _write_letters(plan, where, renderer, progress, done)
    except KeyboardInterrupt:
        for path in done:
            path.unlink(missing_ok=True)
        removed = f"; removed {_finished(done)}: {_some(done)}" if done else ""
        raise Interrupted(f"interrupted{removed}; nothing of this batch is left") from None
    if envelope_file:
        write_envelopes(plan, envelope_file, paper=where.paper, force=where.force)
    return written._replace(envelopes=envelope_file)


def _write_letters(
    plan: Plan,
    where: Destination,
    renderer: Renderer | None,
    progress: Callable[[int], None] | None,
    done: list[Path],
) -> Written:
    if where.out_dir is not None:
        return _write_each(plan, where, where.out_dir, renderer, progress, done)
    assert where.output is not None
    if where.fmt == "pdf":
        return _write_pdf_parts(plan.letters, where, where.output, progress, done)
    content = _lay_out(plan, slice(None), where.fmt, renderer)
    write_atomically(where.output, content, force=where.force)
    if progress:
        progress(len(plan.letters))
    return Written([where.output], 0)


def _finished(paths: list[Path]) -> str:
    return "the finished file" if len(paths) == 1 else f"the {len(paths)} finished files"


def _some(paths: list[Path]) -> str:
    shown = ", ".join(str(path) for path in paths[:3])
    return f"{shown} and {len(paths) - 3} more" if len(paths) > 3 else shown


def _write_pdf_parts(
    letters: list[Letter],
    where: Destination,
    output: Path,
    progress: Callable[[int], None] | None,
    done: list[Path],
) -> Written:
    from ua_cli.render.typeset import page_count, parts, typeset_parts

    runs = parts(letters)
    if len(runs) == 1:
        paths = [output]
    else:
        paths = [
            output.with_name(f"{output.stem}-part{i:02d}{output.suffix}")
            for i in range(1, len(runs) + 1)
        ]
    _refuse_existing(paths, where.force)
    pages = 0
    for run, path, pdf in zip(runs, paths, typeset_parts(runs, paper=where.paper), strict=True):
        pages += page_count(pdf)
        write_atomically(path, pdf, force=where.force)
        done.append(path)
        if progress:
            progress(len(run))
    return Written(paths, pages)


def _write_each(
    plan: Plan,
    where: Destination,
    folder: Path,
    renderer: Renderer | None,
    progress: Callable[[int], None] | None,
    done: list[Path],
) -> Written:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UaError(f"cannot create the folder {folder}: {error.strerror}") from None
    paths = [_inside(folder, f"{stem}.{EXTENSIONS[where.fmt]}") for stem in plan.stems]
    _refuse_existing(paths, where.force)
    pages = 0
    for index, (letter, sender, path) in enumerate(
        zip(plan.letters, plan.senders, paths, strict=True)
    ):
        if where.fmt == "pdf":
            from ua_cli.render.typeset import page_count, typeset

            content: str | bytes = typeset([letter], paper=where.paper)
            pages += page_count(content)
        elif where.fmt == "eml":
            from ua_cli.render.output import email_draft

            assert renderer is not None
            content = email_draft(renderer, plan.campaign, letter, sender).as_bytes()
        else:
            content = _lay_out(plan, slice(index, index + 1), where.fmt, renderer)
        write_atomically(path, content, force=where.force)
        done.append(path)
        if progress:
            progress(1)
    return Written(paths, pages)


def _inside(folder: Path, name: str) -> Path:
    """`folder/name`, after making sure it cannot lead anywhere else."""
    path = folder / name
    if path.resolve().parent != folder.resolve():
        raise UaError(
            f"refusing to write {name!r} outside {folder}"
        )  # safe_file_stem prevents this
    return path


def _refuse_existing(paths: list[Path], force: bool) -> None:
    """Check every output before writing any, so a refusal writes nothing."""
    if force:
        return
    existing = [path for path in paths if path.exists()]
    if existing:
        if len(existing) == 1:
            raise OutputExists(existing[0])
        raise UaError(
            f"{len(existing)} of the files already exist (e.g. {existing[0]}); "
            "use --force to overwrite them"
        )


def _lay_out(plan: Plan, letters: slice, fmt: str, renderer: Renderer | None) -> str:
    from ua_cli.render.output import lay_out_letters

    assert renderer is not None  # every format but PDF needs one
    return lay_out_letters(
        plan.letters[letters], fmt, renderer=renderer, campaign=plan.campaign,
        senders=plan.senders[letters], title="Letters",
    )  # fmt: skip


def envelope_path(output: Path | None, out_dir: Path | None) -> Path:
    """Where a batch's envelopes go: beside one output file, or into the folder."""
    if out_dir is not None:
        return out_dir / "envelopes.pdf"
    assert output is not None
    return output.with_name(f"{output.stem}-envelopes.pdf")


def letters_per_target(plan: Plan) -> dict[str, int]:
    """How many letters the batch writes to each target, to log (never who signed)."""
    from collections import Counter

    return dict(Counter(letter.target for letter in plan.letters))


def distinct_letters(letters: Sequence[Letter]) -> int:
    """How many different texts the letters have, the signers' names and
    addresses aside: what an official would see as different letters."""
    return len(
        {(x.target, x.lang, x.subject, x.paragraphs, x.personal, x.closing) for x in letters}
    )


def summary(plan: Plan, written: Written, *, output: Path | None, out_dir: Path | None) -> str:
    """'wrote 4 letters (4 pages) for 2 signers to event.pdf; skipped row 4'."""
    from ua_cli.actionlog.entries import plural

    pages = f" ({plural(written.pages, 'page')})" if written.pages else ""
    if len(written.paths) == 1:
        where = str(written.paths[0])
    else:
        where = f"{len(written.paths)} files in {out_dir or (output.parent if output else '')}"
    skipped = ""
    if plan.problems:
        rows = "row" if len(plan.problems) == 1 else "rows"
        skipped = f"; skipped {rows} {', '.join(str(p.line) for p in plan.problems)}"
    sentence = (
        f"wrote {plural(len(plan.letters), 'letter')}{pages} for {plural(plan.signers, 'signer')} "
        f"to {where}{skipped}"
    )
    if len(plan.letters) > 1:
        sentence += f"\n{plural(distinct_letters(plan.letters), 'different letter')} (the wording varies by signer)"
    if len(written.paths) > 1 and output:
        parts = ", ".join(map(str, written.paths))
        sentence += f"\nthe letters are in parts (a PDF of at most 1,000 letters each): {parts}"
    if written.envelopes:
        sentence += f"\nwrote {plural(len(plan.letters), 'envelope')} to {written.envelopes}"
    return sentence
