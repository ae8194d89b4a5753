"""`ua new`: a UA file from a UA document, or a skeleton to fill in by hand."""

from pathlib import Path

import click

from ua_cli.commands.common import Command, FilePath, force_option, note, session
from ua_cli.errors import UaError


@click.command(cls=Command)
@click.argument("document", required=False, metavar="DOCUMENT|URL")
@click.option(
    "--output",
    "-o",
    type=FilePath(dir_okay=False),
    help="Write the UA file here ('-': standard output). Default: the uas/ folder every command searches.",
)
@force_option
@click.option("--blank", is_flag=True, help="Write a commented skeleton to fill in by hand.")
def new(document: str | None, output: str | None, force: bool, blank: bool) -> None:
    """Make a UA file from a UA document (text, PDF, Word or web page).

    DOCUMENT may also be the UA's web address (http or https): the page is read
    once, and nothing else is sent anywhere.

    Reads the UA's number, title, targets (names, addresses, emails, phones,
    faxes, handles, salutations), sample letter, deadline and languages, and
    writes them as a UA file that says on which line of the document each value
    was found, and marks with TODO what a person must still check or add.

    \b
    Examples:
      ua new docs/examples/ua-88-27.pdf
      ua new https://www.example.org/urgent-action-88-27 -o ua.yaml
      ua new ua.docx -o my_ua.yaml
      ua new --blank -o my_ua.yaml
    """
    if blank == (document is not None):
        raise click.UsageError("give a UA document to read, or --blank for a skeleton")
    if blank:
        _write_blank(output, force)
    else:
        _write_from(_source(document or ""), output, force)


def _write_blank(output: str | None, force: bool) -> None:
    from ua_cli.files import write_atomically
    from ua_cli.intake.writing import BLANK

    if not output:
        raise click.UsageError("give -o FILE.yaml for the skeleton")
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(Path(output), BLANK.encode(), force=force)
    note(f"wrote {output}; fill in each TODO, then run: ua validate {output}")


def _source(document: str) -> Path | str:
    """A web address as it is; a file checked as every file input is."""
    from ua_cli.intake.fetching import is_web_address

    if is_web_address(document):
        return document
    return Path(FilePath(exists=True, dir_okay=False).convert(document, None, None))


def _write_from(document: Path | str, output: str | None, force: bool) -> None:
    from ua_cli.files import check_output, write_atomically

    if output and output != "-":
        check_output(Path(output), force=force)
    written = _read(document)
    note(f"found {written.summary}")
    _show_table(written.table)
    if output == "-":
        click.echo(written.text, nl=False)
        return
    target = Path(output) if output else _default_path(written)
    check_output(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, written.text.encode(), force=force)
    note(f"wrote {target}")
    _next_steps(target, written)


def _read(document: Path | str):  # -> Written
    from ua_cli.campaign.yaml_source import YAML_LIMIT
    from ua_cli.intake.bounds import bounded
    from ua_cli.intake.documents import document_lines, read_document
    from ua_cli.intake.fetching import fetch
    from ua_cli.intake.reading import read_draft
    from ua_cli.intake.writing import is_a_ua, ua_file

    if isinstance(document, str):
        lines = document_lines(document, fetch(document))
    else:
        lines = read_document(document)
    with bounded(document):  # the lines, like the bytes, may be crafted to take minutes
        draft = read_draft(lines)
    if not is_a_ua(draft):
        raise UaError(
            f"{document} does not read as an Urgent Action: no targets and no deadline found; "
            "nothing written"
        )
    if len(draft.targets) > MAX_TARGETS:
        raise UaError(
            f"{document} names {len(draft.targets):,} officials; a UA names a few: is it one?"
        )
    with bounded(document):
        written = ua_file(draft, getattr(document, "name", document), session().today)
    if len(written.text.encode()) > YAML_LIMIT:
        raise UaError(f"{document} gives more text than a UA file holds; is it one UA?")
    return written


def _show_table(rows: list[tuple[str, ...]]) -> None:
    """The targets at a glance, for the author to check before anything else
    ("?" marks what the reader doubts; a copy's key is in brackets)."""
    if len(rows) < 2:
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        note("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _ua_number(load, path: Path) -> str | None:  # noqa: ANN001 (catalog.load)
    try:
        return load(path).id
    except UaError:
        return None  # a broken file is for `ua validate` to name


# Far more than any UA names (they name one to five, and a few copies).
MAX_TARGETS = 50


def _default_path(written) -> Path:  # noqa: ANN001 (Written, imported lazily)
    """Where every command finds the UA: only a complete one, never a second
    file with the number of a UA ua knows (either could hold a wrong address)."""
    from ua_cli.campaign.catalog import Catalog
    from ua_cli.paths import user_uas_dir

    if written.ua_id is None or not written.complete:
        raise UaError(
            "the document lacks what a UA file needs (see 'not found'); write it with "
            "-o FILE.yaml, fill in the TODOs, and use it with --ua FILE.yaml"
        )
    path = user_uas_dir() / f"urgent_action_{written.ua_id.replace('.', '_')}.yaml"
    from ua_cli.campaign.catalog import load

    for known in Catalog.in_folders(session().data_dirs).files():
        if known != path and (known.stem == path.stem or _ua_number(load, known) == written.ua_id):
            raise UaError(
                f"UA {written.ua_id} is already in {known}; write this one with -o FILE.yaml "
                "and compare them"
            )
    return path


def _uas_folder() -> Path:
    from ua_cli.paths import user_uas_dir

    return user_uas_dir()


def _next_steps(path: Path, written) -> None:  # noqa: ANN001 (Written, imported lazily)
    if not written.complete:
        note(f"next: fill in what was not found (the TODO comments), then: ua validate {path}")
        return
    target = f" --target {written.first_target}" if written.first_target else ""
    note("next: check the TODO comments, then:")
    note(f"  ua validate {path}")
    note(f"  ua letter --ua {path}{target} --lang {written.language}")
    if written.ua_id and path.parent == _uas_folder():
        # With two UAs, commands ask which one; this makes the new one the answer.
        note(f"  ua config set ua {written.ua_id}   (to make it the UA every command uses)")
