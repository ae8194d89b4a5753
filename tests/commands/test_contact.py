"""Email drafts, posts, call scripts and the walk through every channel."""

from __future__ import annotations

import datetime
import json
import urllib.parse
from email import policy
from email.parser import BytesParser

import pytest

from tests.builders import MADE_UP_UA, SHIPPED_UA
from ua_cli.campaign.catalog import load
from ua_cli.compose.posts import NETWORKS, grapheme_count, post_length


def _history(run) -> list[dict]:
    return json.loads(run("history", "--format", "json").stdout)


def test_email_draft_parses_with_names_subject_and_both_parts(run, today, tmp_path):
    out = tmp_path / "email.eml"
    result = run("email", "-t", "pcm", "-l", "es", "--email", "ana@example.org",
                 "--name", "Ana <b>Pérez</b>", "--variant", "1", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    message = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    assert message["To"] == "Señor Alberto Otárola Peñaranda <lotarola@pcm.gob.pe>"
    assert message["From"].addresses[0].addr_spec == "ana@example.org"
    assert (
        message["Subject"] == "Acción Urgente 106.23: derogación del Decreto Legislativo N.º 1582"
    )
    assert message["X-Unsent"] == "1"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.startswith("Señor presidente del Consejo de Ministros:\n\nMe dirijo a usted")
    assert "Le insto a derogar de inmediato el decreto y a cumplir plenamente" in text
    assert text.endswith("Atentamente,\n\nAna <b>Pérez</b>\nana@example.org\n")
    assert "Jirón Carabaya" not in text  # no postal blocks in an email
    assert "Ana &lt;b&gt;Pérez&lt;/b&gt;" in html
    assert "<p>Señor presidente del Consejo de Ministros:</p>" in html


def test_mailto_decodes_to_the_same_subject_and_body(run, today):
    result = run("email", "-t", "embassy", "-l", "en", "--mailto")
    url = result.stdout.strip()
    assert url.startswith("mailto:webadmin@embassyofperu.us?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["subject"] == [
        "Urgent Action 106.23: urging the repeal of Legislative Decree 1582"
    ]
    body = query["body"][0]
    assert body.startswith("Your Excellency,\n\nI am deeply concerned")
    assert "I ask you to convey my concern to your government" in body
    assert "some mail programs cut links" not in result.stderr
    long = run("email", "-t", "pcm", "-l", "es", "--mailto")  # accents take 6 characters each
    assert (
        "warning: the link is 2,307 characters; some mail programs cut links over about 2,000: use -o FILE.eml instead"
        in long.stderr
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_post_fits_and_names_the_official(lang):
    campaign = load(SHIPPED_UA)
    target = campaign.targets["pcm"]
    posts = campaign.posts_for(target, lang, target.twitter)
    assert len(posts) >= 3
    for post in posts:
        assert post.startswith("@AlbertoOtarolaP ")
        assert "1582" in post
        for network in NETWORKS.values():
            assert post_length(post, network) <= network.limit


def test_tweet_prints_the_post_and_an_intent_link(run, today):
    result = run("tweet", "-t", "pcm", "-l", "en", "--variant", "3")
    text, url = result.stdout.splitlines()
    assert text == (
        "@AlbertoOtarolaP I urge you to repeal Legislative Decree 1582 and to protect "
        "Venezuelan refugees in Peru from unlawful expulsions."
    )
    assert urllib.parse.unquote(url.removeprefix("https://twitter.com/intent/tweet?text=")) == text
    assert f"post 3 of 3: {post_length(text, NETWORKS['x'])}/280 characters as X counts them" in (
        result.stderr
    )


def test_the_default_post_varies_with_the_senders_name(run, today):
    chosen = {
        run("tweet", "-t", "pcm", "-l", "en", "--name", name).stdout
        for name in ("Ana", "Luis", "Eva", "Olga", "Iñaki")
    }
    assert len(chosen) > 1
    assert (
        run("tweet", "-t", "pcm", "-l", "en", "--name", "Ana").stdout
        == run("tweet", "-t", "pcm", "-l", "en", "--name", "Ana").stdout
    )
    out_of_range = run("tweet", "-t", "pcm", "--variant", "9")
    assert out_of_range.exit_code == 2  # a usage error
    assert "there are 3 post variants in 'es'; choose --variant 1 to 3" in out_of_range.stderr


@pytest.mark.parametrize(
    ("utc", "local", "state"),
    [
        (
            datetime.datetime(2026, 11, 25, 15, 0, tzinfo=datetime.UTC),
            "Wednesday 10:00",
            "probably open",
        ),
        (
            datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC),
            "Sunday 10:00",
            "probably closed",
        ),
    ],
)
def test_call_script_has_the_number_both_ways_and_the_local_time(
    run, today, clock, utc, local, state
):
    clock.now = utc
    result = run("call", "-t", "embassy", "-l", "en", "--name", "Ana Pérez", "--city", "Madrid")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3] == "Number:     +1 202-833-9860 (from abroad)"
    assert lines[4] == "            (202) 833-9860 (within the country)"
    assert lines[5].startswith(f"Local time: {local} (America/New_York), {state}")
    assert "   “Good morning. My name is Ana Pérez and I am calling from Madrid.”" in lines
    assert (
        "   “I urge you to convey my concern to the Peruvian government and call on it to "
        "immediately repeal Legislative Decree 1582.”"
    ) in lines
    assert any(line.startswith("If you reach voicemail") for line in lines)


@pytest.mark.parametrize(
    ("hour_utc", "lang", "greeting"),
    [
        (14, "en", "Good morning."),
        (18, "en", "Good afternoon."),
        (23, "en", "Good evening."),  # 18:00 in Washington
        (23, "es", "Buenas tardes."),
        (1, "es", "Buenas noches."),  # 20:00 in Washington
    ],
)
def test_the_greeting_follows_the_office_clock(run, today, clock, hour_utc, lang, greeting):
    now = datetime.datetime(2026, 11, 25, hour_utc, 17, tzinfo=datetime.UTC)
    clock.now = now
    result = run("call", "-t", "embassy", "-l", lang)
    assert f"   “{greeting} " in result.stdout


def test_spanish_call_script(run, today, clock):
    clock.now = datetime.datetime(2026, 11, 25, 20, 0, tzinfo=datetime.UTC)
    result = run("call", "-t", "embassy", "-l", "es")
    assert "Número:     +1 202-833-9860 (desde el extranjero)" in result.stdout
    assert "Hora local: miércoles 15:00 (America/New_York), probablemente abierto" in result.stdout
    assert "   “Buenas tardes. Me llamo [su nombre].”" in result.stdout
    assert "Le pido que transmita mi preocupación al Gobierno peruano" in result.stdout


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ["email", "-t", "minister", "--ua", str(MADE_UP_UA)],
            "UA 999.01 gives no email address for minister; reach minister by: letter, fax",
        ),
        (
            ["tweet", "-t", "embassy"],
            "UA 106.23 gives no Twitter handle for embassy; reach embassy by: letter, email, call",
        ),
        (
            ["call", "-t", "pcm"],
            "UA 106.23 gives no phone number for pcm; reach pcm by: letter, email, tweet",
        ),
    ],
)
def test_a_missing_channel_names_the_ones_the_target_has(run, today, command, message):
    result = run(*command)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("command", "action"),
    [
        (["email", "-t", "pcm", "--mailto"], "email"),
        (["tweet", "-t", "pcm"], "tweet"),
        (["call", "-t", "embassy"], "call"),
    ],
)
def test_log_adds_exactly_one_entry_of_the_right_action(run, today, command, action):
    assert run(*command, "--log").exit_code == 0
    assert [(e["action"], e["count"]) for e in _history(run)] == [(action, 1)]


def test_targets_show_a_fax_number(run):
    result = run("targets", "--ua", str(MADE_UP_UA))
    assert "  fax:          +00 1 234 5678\n" in result.stdout


def test_act_walks_through_every_channel_and_logs_what_was_done(run, today, interactive):
    result = run("act", "--target", "pcm", "--lang", "en", input="\ny\nn\ny\n")
    assert result.exit_code == 0, result.stderr
    assert "Why does this matter to you? One sentence for your letter, or press Enter to skip" in (
        result.stderr
    )
    # the PDF of the same letter, as the step says to make it
    assert (
        "Print and post this letter (ua letter --target pcm --lang en --variant 1 --personal '' "
        "--format pdf -o letter.pdf makes a PDF):"
    ) in result.stderr
    assert "== 1/3: letter ==" in result.stderr
    assert "== 3/3: tweet ==" in result.stderr
    assert "Dear Mr. Otárola Peñaranda," in result.stdout
    assert "mailto:lotarola@pcm.gob.pe?" in result.stdout
    assert sorted(e["action"] for e in _history(run)) == ["letter", "tweet"]


@pytest.mark.parametrize(
    ("lang", "question", "closing"),
    [
        ("en", "Why does this matter to you?", "Yours sincerely,"),
        ("es", "¿Por qué le importa esto?", "Atentamente,"),
        (
            "fr",
            "Pourquoi cela vous tient-il à cœur\u202f?",
            "Je vous prie d’agréer, Monsieur le Président",
        ),
    ],
)
def test_act_asks_for_a_sentence_of_ones_own_in_the_letters_language(
    run, today, interactive, lang, question, closing
):
    mine = "I volunteer with Venezuelan families in Lima, and I have seen what this decree does."
    result = run("act", "-t", "pcm", "-l", lang, "--name", "Ana", input=f"  {mine}  \nn\nn\nn\n")
    assert result.exit_code == 0, result.stderr
    assert question in result.stderr
    # the sentence is a paragraph of the letter, before its closing, and in the email's link
    assert f"\n\n{mine}\n\n" in result.stdout
    assert result.stdout.index(mine) < result.stdout.index(closing)
    assert urllib.parse.quote(mine) in result.stdout


def test_a_letter_asks_for_the_sentence_only_where_none_was_given(run, today, interactive):
    given = run("letter", "-t", "pcm", "-l", "en", "--personal", "", input="ignored\n")
    assert "Why does this matter" not in given.stderr
    assert "ignored" not in given.stdout
    asked = run("letter", "-t", "pcm", "-l", "en", input="It matters to me.\n")
    assert "Why does this matter to you?" in asked.stderr
    assert "\n\nIt matters to me.\n\n" in asked.stdout


def test_act_asks_whom_to_reach(run, today, interactive):
    result = run("act", "--lang", "en", input="embassy\n\nn\nn\nn\n")
    assert result.exit_code == 0, result.stderr
    assert "== 3/3: call ==" in result.stderr
    assert "nothing logged" in result.stderr


def test_a_batch_writes_one_email_draft_per_signer(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Name,Email,Language\nAna Pérez,ana@example.org,es\nJohn Smith,,en\n", encoding="utf-8"
    )
    folder = tmp_path / "drafts"
    result = run(
        "batch", "--signers", str(sheet), "-t", "pcm", "--format", "eml", "--out-dir", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["Ana-Pérez-pcm.eml", "John-Smith-pcm.eml"]
    ana = BytesParser(policy=policy.default).parsebytes((folder / "Ana-Pérez-pcm.eml").read_bytes())
    assert ana["From"].addresses[0].addr_spec == "ana@example.org"
    assert ana["To"] == "Señor Alberto Otárola Peñaranda <lotarola@pcm.gob.pe>"
    john = BytesParser(policy=policy.default).parsebytes(
        (folder / "John-Smith-pcm.eml").read_bytes()
    )
    assert john["From"] is None
    assert (
        john.get_body(preferencelist=("plain",))
        .get_content()
        .startswith("Dear Mr. Otárola Peñaranda,")
    )
    one_file = run(
        "batch",
        "--signers",
        str(sheet),
        "-t",
        "pcm",
        "--format",
        "eml",
        "-o",
        str(tmp_path / "x.eml"),
    )
    assert one_file.exit_code == 2
    assert "email drafts are one file each: use --out-dir DIR" in one_file.stderr
    no_email = run("batch", "--signers", str(sheet), "-t", "minister", "--ua", str(MADE_UP_UA),
                   "--format", "eml", "--out-dir", str(tmp_path / "none"))  # fmt: skip
    assert no_email.exit_code == 1
    assert "gives no email address for minister" in no_email.stderr


def test_posts_on_mastodon_and_bluesky_with_their_handles_limits_and_links(run, today, tmp_path):
    text = SHIPPED_UA.read_text(encoding="utf-8").replace(
        '    twitter: "@AlbertoOtarolaP"\n',
        '    twitter: "@AlbertoOtarolaP"\n    mastodon: "@otarola@mastodon.example"\n'
        '    bluesky: "@otarola.bsky.social"\n',
    )
    ua = tmp_path / "ua.yaml"
    ua.write_text(text, encoding="utf-8")
    common = ["-t", "pcm", "-l", "en", "--variant", "3", "--ua", str(ua)]
    sky = run("post", "--network", "bluesky", *common)
    post, url = sky.stdout.splitlines()
    assert post.startswith("@otarola.bsky.social I urge you to repeal Legislative Decree 1582")
    assert url.startswith("https://bsky.app/intent/compose?text=%40otarola.bsky.social%20I%20urge")
    assert urllib.parse.unquote(url.split("text=")[1]) == post
    assert f"post 3 of 3: {len(post)}/300 characters (graphemes)" in sky.stderr
    toot = run(
        "post", "--network", "mastodon", "--instance", "https://social.example.org/", *common
    )
    post, url = toot.stdout.splitlines()
    assert post.startswith("@otarola@mastodon.example I urge you")
    assert url.startswith("https://social.example.org/share?text=%40otarola%40mastodon.example%20")
    # A mention counts as its user name on Mastodon: "@otarola", not the server.
    assert f"post 3 of 3: {len(post) - len('@mastodon.example')}/500" in toot.stderr
    no_server = run("post", "--network", "mastodon", *common)
    assert no_server.exit_code == 2
    assert "give --instance (e.g. mastodon.social)" in no_server.stderr
    run("config", "set", "instance", "social.example.org")
    assert run("post", "--network", "mastodon", *common).stdout == toot.stdout
    for bad in ("user:pass@evil.example", "evil.example/path", "evil.example:8080", "x"):
        refused = run("post", "--network", "mastodon", "--instance", bad, *common)
        assert refused.exit_code == 2, bad
        assert "is not a server name such as mastodon.social" in refused.stderr


def _with_posts(tmp_path, posts: list[str]):
    """The shipped UA with these English posts (in a file of its own)."""
    from tests.builders import PROJECT

    text = (PROJECT / "data" / "urgent_action_106_23.yaml").read_text(encoding="utf-8")
    start = text.index("tweets:\n  en:\n")
    end = text.index("  es:\n", start)
    lines = "".join(f"    - {json.dumps(post)}\n" for post in posts)
    path = tmp_path / "ua.yaml"
    path.write_text(text[:start] + "tweets:\n  en:\n" + lines + text[end:], encoding="utf-8")
    return path


def test_a_network_without_the_officials_handle_posts_without_one(run, today, tmp_path):
    result = run("post", "--network", "bluesky", "-t", "pcm", "-l", "en", "--variant", "3")
    assert result.stdout.startswith("Alberto Otárola Peñaranda: I urge you to repeal Legislative")
    assert (
        "note: UA 106.23 gives no Bluesky handle for pcm; the post names the official by name"
        in result.stderr
    )
    inline = run("post", "--network", "bluesky", "-t", "pcm", "-l", "en", "--variant", "1",
                 "--ua", str(_with_posts(tmp_path, ["I urge {handle} to repeal the decree."])))  # fmt: skip
    assert inline.stdout.startswith("I urge Alberto Otárola Peñaranda to repeal the decree.\n")
    french = run("post", "--network", "bluesky", "-t", "pcm", "-l", "fr", "--variant", "1")
    assert french.stdout.startswith("Alberto Otárola Peñaranda\u00a0: Le Pérou")  # French colon
    spanish = run("post", "--network", "bluesky", "-t", "pcm", "-l", "es", "--variant", "1")
    assert spanish.stdout.split("\n")[0].count(":") == 1  # one colon, after the name
    embassy = run("post", "--network", "bluesky", "-t", "embassy", "-l", "en")
    assert embassy.exit_code == 1  # the UA asks no one to post to the ambassador
    assert embassy.stdout == ""
    assert (
        run("tweet", "-t", "pcm", "-l", "en", "--variant", "3").stdout
        == run("post", "--network", "x", "-t", "pcm", "-l", "en", "--variant", "3").stdout
    )


def test_a_handle_must_have_its_networks_form(run, tmp_path):
    text = SHIPPED_UA.read_text(encoding="utf-8").replace(
        '    twitter: "@AlbertoOtarolaP"\n',
        '    twitter: "@AlbertoOtarolaP"\n    mastodon: "@otarola"\n    bluesky: "otarola"\n',
    )
    ua = tmp_path / "ua.yaml"
    ua.write_text(text, encoding="utf-8")
    result = run("validate", str(ua))
    assert result.exit_code == 1
    assert f"{ua}:" in result.stderr
    assert "targets.pcm.mastodon: a Mastodon handle: '@name@server'" in result.stderr
    assert "targets.pcm.bluesky: a Bluesky handle: '@name.bsky.social'" in result.stderr


@pytest.mark.parametrize(
    ("text", "graphemes"),
    [("abc", 3), ("e\u0301", 1), ("👍🏽", 1), ("👨\u200d👩\u200d👧", 1), ("🇵🇪🇺🇸", 2), ("ñ", 1)],
)
def test_bluesky_counts_what_a_reader_sees_as_one_character(text, graphemes):
    assert grapheme_count(text) == graphemes


@pytest.mark.parametrize(
    ("service", "prefix", "subject_field"),
    [
        ("gmail", "https://mail.google.com/mail/?view=cm&fs=1&to=lotarola%40pcm.gob.pe&su=", "su"),
        ("outlook", "https://outlook.live.com/mail/0/deeplink/compose?to=lotarola%40pcm.gob.pe&subject=", "subject"),
    ],
)  # fmt: skip
def test_webmail_links_carry_recipient_subject_and_body(run, today, service, prefix, subject_field):
    result = run("email", "-t", "pcm", "-l", "en", "--variant", "1", "--webmail", service)
    assert result.exit_code == 0, result.stderr
    url = result.stdout.strip()
    assert url.startswith(prefix)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query[subject_field] == [
        "Urgent Action 106.23: urging the repeal of Legislative Decree 1582"
    ]
    assert query["body"][0].startswith("Dear Mr. Otárola Peñaranda,\n\nI am deeply concerned")
    spanish = run("email", "-t", "pcm", "-l", "es", "--webmail", service)  # accents: 6 characters
    assert "some browsers and mail services cut links over about 2,000" in spanish.stderr
    both = run("email", "-t", "pcm", "--webmail", service, "--mailto")
    assert both.exit_code == 2


def test_act_asks_how_a_call_went(run, today, interactive):
    result = run("act", "--target", "embassy", "--lang", "en", input="\nn\nn\ny\nvoicemail\n")
    assert result.exit_code == 0, result.stderr
    assert "How did the call go?" in result.stderr
    assert [(e["action"], e["detail"]) for e in _history(run)] == [("call", "voicemail")]
    busy = run("act", "--target", "embassy", "--lang", "en", input="\nn\nn\ny\nbusy\n")
    assert "logged 1 call attempt (busy), not counted as a call" in busy.stderr
    assert "the office opens next on" in busy.stderr


@pytest.mark.parametrize(
    "name",
    ["José, <evil@x.com>", "Ána evil@x.com", 'Ana "the" Pérez; <a@b.c>,', "Plain Name"],
)
def test_a_senders_name_never_becomes_another_address(run, today, tmp_path, name):
    out = tmp_path / "email.eml"
    result = run("email", "-t", "pcm", "--name", name, "--email", "ok@x.com", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    message = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (name, "ok@x.com")
    [official] = message["To"].addresses
    assert official.addr_spec == "lotarola@pcm.gob.pe"


def test_a_signers_name_in_a_batch_never_becomes_another_address(run, today, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text('Name,Email\n"José, <evil@x.com>",ok@x.com\n', encoding="utf-8")
    folder = tmp_path / "drafts"
    result = run(
        "batch", "--signers", str(sheet), "-t", "pcm", "--format", "eml", "--out-dir", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    [draft] = folder.iterdir()
    message = BytesParser(policy=policy.default).parsebytes(draft.read_bytes())
    assert [a.addr_spec for a in message["From"].addresses] == ["ok@x.com"]
    assert message["From"].addresses[0].display_name == "José, <evil@x.com>"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Alberto Otárola, <evil@attacker.example>", ", < > @"),
        ("Alberto Otárola ＜evil＠attacker.example＞", "< > @"),  # full-width forms too
    ],
)
def test_an_officials_name_with_an_address_in_it_is_refused(run, today, tmp_path, name, said):
    from tests.builders import SHIPPED_UA

    ua = tmp_path / "ua.yaml"
    ua.write_text(
        SHIPPED_UA.read_text(encoding="utf-8").replace(
            "name: Alberto Otárola Peñaranda", f"name: '{name}'"
        ),
        encoding="utf-8",
    )
    result = run("email", "--ua", str(ua), "-t", "pcm", "-o", str(tmp_path / "email.eml"))
    assert result.exit_code == 1
    assert f"targets.pcm.name: holds {said}: a name or title, never an address" in result.stderr
    assert not (tmp_path / "email.eml").exists()


@pytest.mark.parametrize("lang", ["es", "fr", "de", "en"])
def test_a_long_accented_title_and_name_reads_back_whole(run, today, tmp_path, lang):
    out = tmp_path / "email.eml"
    result = run("email", "-t", "embassy", "-l", lang, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    message = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    [official] = message["To"].addresses
    assert official.display_name.endswith("Gustavo Adolfo Meza-Cuadra Velásquez")


@pytest.mark.parametrize(
    ("lang", "written"),
    [
        ("en", "Wednesday 15:14"),
        ("fr", "mercredi 15 h 14"),
        ("de", "Mittwoch, 15:14 Uhr"),
        ("nl", "woensdag 15.14 uur"),
        ("pt", "quarta-feira, 15h14"),
    ],
)
def test_a_call_script_writes_the_time_as_its_language_does(run, today, clock, lang, written):
    clock.now = datetime.datetime(2026, 11, 25, 20, 14, tzinfo=datetime.UTC)  # 15:14 in Washington
    result = run("call", "-t", "embassy", "-l", lang, "--name", "Claire")
    assert result.exit_code == 0, result.stderr
    assert f"{written} (America/New_York)" in result.stdout.replace("\u202f", " ").replace(
        "\u00a0", " "
    )


def test_an_unknown_language_lists_those_the_ua_has_and_the_packs_waiting(run, today):
    from tests.builders import MADE_UP_UA

    result = run("letter", "--ua", str(MADE_UP_UA), "-t", "minister", "--lang", "xx")
    assert result.exit_code == 2
    assert (
        "unknown language 'xx'; choose from: en, es. Packs without UA 999.01's texts yet: "
        f"ar, de, fr, it, nl, pt (make them with: ua translate export --ua {MADE_UP_UA} "
        "--lang CODE -o CODE.po)"
    ) in " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("lang", "about", "ask"),
    [
        (
            "en",
            "“I am calling about Peru’s Legislative Decree 1582 and the Venezuelan refugees it "
            "puts at risk of expulsion.”",
            "repeal Legislative Decree 1582",
        ),
        (
            "es",
            "“Llamo en relación con el Decreto Legislativo número 1582 del Perú y las personas "
            "refugiadas venezolanas a las que pone en riesgo de expulsión.”",
            "derogar de inmediato el Decreto Legislativo número 1582",
        ),
        (
            "de",
            "„Mein Anruf betrifft das peruanische Gesetzesdekret Nummer 1582 und die Geflüchteten "
            "aus Venezuela, denen dadurch die Ausweisung droht.“",
            "das Gesetzesdekret Nummer 1582 unverzüglich aufzuheben",
        ),
    ],
)
def test_a_call_names_the_case_in_plain_words_and_says_abbreviations_in_full(
    run, today, lang, about, ask
):
    result = run("call", "-t", "embassy", "-l", lang)
    assert result.exit_code == 0, result.stderr
    assert f"   {about}" in result.stdout.splitlines()
    assert ask in result.stdout
    assert "N.º" not in result.stdout and "Nr." not in result.stdout
    assert "106.23" in result.stdout  # as a reference, if asked for one
