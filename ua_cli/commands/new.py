"""`ua new`: a UA file from a UA document, or a skeleton to fill in by hand."""

from pathlib import Path

import click

from ua_cli.commands.common import Command, FilePath, force_option, note, session
from ua_cli.errors import UaError


@click.command(cls=Command)
@click.argument("document", required=False, type=FilePath(exists=True, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=FilePath(dir_okay=False),
    help="Write the UA file here. Default: the uas/ folder every command searches.",
)
@force_option
@click.option("--blank", is_flag=True, help="Write a commented skeleton to fill in by hand.")
def new(document: str | None, output: str | None, force: bool, blank: bool) -> None:
    """Make a UA file from a UA document (text, PDF, Word or web page).

    Reads the UA's number, title, targets (names, addresses, emails, phones,
    faxes, handles, salutations), sample letter, deadline and languages, and
    writes them as a UA file that says on which line of the document each value
    was found, and marks with TODO what a person must still check or add.

    \b
    Examples:
      ua new ua-88-27.pdf
      ua new ua.docx -o my_ua.yaml
      ua new --blank -o my_ua.yaml
    """
    from ua_cli.files import check_output, write_atomically

    if blank == (document is not None):
        raise click.UsageError("give a UA document to read, or --blank for a skeleton")
    if blank:
        from ua_cli.intake.writing import BLANK

        if not output:
            raise click.UsageError("give -o FILE.yaml for the skeleton")
        write_atomically(Path(output), BLANK.encode(), force=force)
        note(f"wrote {output}; fill in each TODO, then run: ua validate {output}")
        return
    if output:
        check_output(Path(output), force=force)
    written = _read(Path(document or ""))
    target = Path(output) if output else _default_path(written.ua_id)
    check_output(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, written.text.encode(), force=force)
    note(f"found {written.summary}")
    note(f"wrote {target}")
    _next_steps(target, written)


def _read(document: Path):  # -> Written
    from ua_cli.intake.documents import read_document
    from ua_cli.intake.reading import read_draft
    from ua_cli.intake.writing import is_a_ua, ua_file

    draft = read_draft(read_document(document))
    if not is_a_ua(draft):
        raise UaError(
            f"{document} does not read as an Urgent Action: no targets and no deadline found; "
            "nothing written"
        )
    return ua_file(draft, document.name, session().today)


def _default_path(ua_id: str | None) -> Path:
    from ua_cli.paths import user_uas_dir

    if ua_id is None:
        raise UaError("the document gives no UA number to name the file after: give -o FILE.yaml")
    return user_uas_dir() / f"urgent_action_{ua_id.replace('.', '_')}.yaml"


def _next_steps(path: Path, written) -> None:  # noqa: ANN001 (Written, imported lazily)
    if not written.complete:
        note(f"next: fill in what was not found (the TODO comments), then: ua validate {path}")
        return
    target = f" --target {written.first_target}" if written.first_target else ""
    note("next: check the TODO comments, then:")
    note(f"  ua validate {path}")
    note(f"  ua letter --ua {path}{target} --lang en")
