"""`ua translate`: a UA's texts as gettext PO files for translators' tools."""

import io
from pathlib import Path

import click

from ua_cli.commands.common import (
    Command,
    FilePath,
    Group,
    force_option,
    note,
    output_option,
    session,
    ua_option,
    write_or_echo,
)
from ua_cli.errors import UaError


@click.group(cls=Group)
def translate() -> None:
    """Translate a UA's texts with translators' tools (gettext PO files).

    \b
    Examples:
      ua translate export --lang fr -o fr.po
      ua translate import fr.po
      ua translate status
    """


@translate.command(cls=Command, name="export")
@click.option("--lang", "-l", required=True, metavar="CODE", help="The language to translate into.")
@output_option("Write the PO file here. Default: standard output.")
@force_option
@ua_option
def export_po(lang: str, output: str | None, force: bool, ua: str | None) -> None:
    """Write every text of the UA as a PO file to translate (Poedit, Weblate...).

    Texts already translated are carried in; those whose source changed since
    are marked fuzzy, with the old source beside them.

    \b
    Example:
      ua translate export --ua 106.23 --lang it -o it.po
    """
    from babel.messages.pofile import write_po

    from ua_cli.campaign import translations
    from ua_cli.campaign.choice import check_pack

    check_pack(lang)
    campaign = session().campaign(ua, session().profile())
    overlay = translations.overlays(campaign.id).get(lang)
    existing = translations.read_catalog(overlay) if overlay else None
    catalog = translations.catalog_for(campaign, lang, existing)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True)
    write_or_echo(buffer.getvalue(), output, force)
    done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
    note(f"UA {campaign.id} in '{lang}': {len(catalog)} texts, {done} translated, {fuzzy} fuzzy")


@translate.command(cls=Command, name="import")
@click.argument("file", type=FilePath(exists=True, dir_okay=False))
@ua_option
def import_po(file: str, ua: str | None) -> None:
    """Check a translated PO file and keep it beside its UA: letters in its
    language use it from then on (the UA file itself is not changed).

    \b
    Examples:
      ua translate import it.po
      ua translate import --ua urgent_action_45_27.yaml it.po
    """
    from ua_cli.campaign import translations
    from ua_cli.campaign.pofiles import read_po_file
    from ua_cli.files import write_atomically
    from ua_cli.packs import packs

    path = Path(file)
    po = read_po_file(path)
    campaign = session().campaign(ua) if ua else _campaign_of(po.catalog, path)
    lang = translations.check_catalog(campaign, po.catalog, path, packs())
    if lang in campaign.languages:
        raise UaError(f"UA {campaign.id} gives its '{lang}' texts in its own file; edit them there")
    stored = translations.overlay_folders(campaign.id)[0] / f"{lang}.po"
    stored.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(stored, po.raw, force=True)  # the bytes checked, not a second reading
    note(f"stored {stored}")
    for line in translations.imported(campaign, lang, stored, ua=ua or campaign.id):
        note(line)


def _campaign_of(catalog: object, path: Path):
    """The UA a translator's file is for, as its header names it: by its number
    among the UAs here, never by a path the header might name."""
    from ua_cli.campaign.translations import ua_of
    from ua_cli.errors import FileProblems, Problem, UnknownChoice

    number = ua_of(catalog)
    if number is None:
        project = (getattr(catalog, "project", "") or "").strip()
        message = (
            f"not a translation of a UA: its Project-Id-Version is {project!r}, "
            "not 'UA <number>' (such as 'UA 106.23')"
        )
        raise FileProblems(path, [Problem(1, "", message)])
    try:
        return session().campaign(number)
    except UnknownChoice:
        raise UaError(
            f"{path} is for UA {number}, which is not among the UAs here; give its file: "
            f"ua translate import --ua FILE {path}"
        ) from None


@translate.command(cls=Command, name="status")
@ua_option
def translation_status(ua: str | None) -> None:
    """Show, per language, how many of the UA's texts are translated, fuzzy or missing.

    \b
    Example:
      ua translate status --ua 106.23
    """
    from ua_cli.campaign import translations

    campaign = session().campaign(ua, session().profile())
    rows = [("LANG", "TRANSLATED", "FUZZY", "MISSING", "WHERE")]
    rows += [
        (s.lang, str(s.translated), str(s.fuzzy), str(s.missing), s.where)
        for s in translations.status(campaign)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [
            row[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(row[1:4], widths[1:], strict=True)),
        ]
        click.echo("  ".join([*cells, row[4]]))
