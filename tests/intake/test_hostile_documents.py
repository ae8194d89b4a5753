"""Documents made to hurt the reader (tests/intake/hostile.py): hidden text
never wins over what a person sees, and every one is read or refused within
the bounds (4 s, 256 MiB more: under 300 MiB in all) with one line and no traceback."""

from __future__ import annotations

import pytest

from tests.intake import hostile

VISIBLE = hostile.VISIBLE_EMAIL


def _email_read(run, tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "ua.yaml"
    result = run("new", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert hostile.HIDDEN_EMAIL not in text
    assert f'email: "{VISIBLE}"' in text
    return text


@pytest.mark.parametrize(
    "how",
    ["tab", "font-size", "style-rule", "white", "rgb-white", "clear", "tiny", "faint",
     "css-comment", "off-screen", "scaled", "font-tag", "self-closed", "dialog"],
)  # fmt: skip
def test_text_a_page_hides_is_not_read(run, today, tmp_path, how):
    _email_read(run, tmp_path, "ua.html", hostile.html_with_hidden_email(how).encode())


@pytest.mark.parametrize(
    "how", ["invisible", "white", "near-white", "stroked-white", "transparent", "tiny", "off-page"]
)
def test_text_a_pdf_draws_invisibly_is_not_read(run, today, tmp_path, how):
    _email_read(run, tmp_path, "ua.pdf", hostile.pdf_with_hidden_email(how))


@pytest.mark.parametrize(
    "how", ["vanish", "near-white", "theme-background", "character-style", "paragraph-style"]
)
def test_a_hidden_word_run_is_not_read(run, today, tmp_path, how):
    path = hostile.docx_with_hidden_email(tmp_path, how)
    _email_read(run, tmp_path, "copy.docx", path.read_bytes())


def _refused(run, tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    result = run("new", str(path), "-o", str(tmp_path / "ua.yaml"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "ua.yaml").exists()
    [line] = result.stderr.splitlines()
    return line.replace(str(path), "FILE")


def test_markup_nested_past_reason_is_refused_at_once(run, tmp_path):
    line = _refused(run, tmp_path, "deep.html", hostile.html_unclosed_divs(200_000).encode())
    assert line == "Error: FILE has 399,999 lines of text; a UA is a few pages, not a book"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("operators.pdf", lambda: hostile.pdf_many_operators(20_000_000)),
        ("lines.pdf", lambda: hostile.pdf_many_lines(5000)),
        ("bomb.pdf", lambda: hostile.pdf_flate_bomb(700 << 20)),
    ],
)
def test_a_pdf_that_would_take_minutes_or_gigabytes_is_refused_at_the_bound(
    run, tmp_path, name, make
):
    line = _refused(run, tmp_path, name, make())
    assert line in (
        "Error: FILE needs more than 256 MiB to read; it is not a UA as sections publish them",
        "Error: FILE takes more than 4 s to read; it is not a UA as sections publish them "
        "(save its text, or print it to a new PDF, and try that)",
    )


def test_a_word_file_understating_its_size_is_refused_as_it_inflates(run, tmp_path):
    path = hostile.docx_understating_its_size(tmp_path, 200 << 20)
    line = _refused(run, tmp_path, "bomb.docx", path.read_bytes())
    assert line.startswith("Error: cannot read FILE as a Word file: ")


@pytest.mark.parametrize("how", ["encrypted", "method", "deflate"])
def test_a_damaged_word_file_is_refused_in_one_line(run, tmp_path, how):
    line = _refused(run, tmp_path, "damaged.docx", hostile.docx_damaged(tmp_path, how))
    assert line.startswith("Error: cannot read FILE as a Word file: ")
