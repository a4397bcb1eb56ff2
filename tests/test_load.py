"""graph.load: every input format, headers, boilerplate, encodings, ids and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.load import Boilerplate, article_id, detect_lang, iter_articles, load_file
from graph.model import Article

FRENCH = (
    "Le pôle de compétitivité Route des Lasers et le laboratoire national d'optoélectronique "
    "de Wuhan ont signé un protocole d'accord pour une plate-forme technologique commune. "
    "La société Amplitude Systèmes produit à Pessac des lasers à impulsions brèves."
)
ENGLISH = (
    "Glasgow-based satellite manufacturer Kelvin Orbital and the French start-up Nanoptere "
    "have signed a strategic partnership to co-develop a constellation of nanosatellites "
    "for maritime surveillance, the companies announced on Thursday."
)


def load(*paths: Path) -> tuple[list[Article], list[BadInput], list[str]]:
    warnings: list[str] = []
    items = list(iter_articles(paths, on_warning=warnings.append))
    articles = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, BadInput)]
    return articles, bad, warnings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def one_article(path: Path) -> Article:
    articles, bad, _ = load(path)
    assert not bad, bad
    assert len(articles) == 1
    return articles[0]


# --------------------------------------------------------------------------- text and markdown


def test_txt_title_is_first_line_and_id_is_the_stem(tmp_path: Path) -> None:
    path = write(tmp_path / "000_f9f87ba7564bb30f.txt", f"Un titre\n\n{FRENCH}\n")
    article = one_article(path)
    assert article.title == "Un titre"
    assert article.text == FRENCH
    assert article.id == "article:000_f9f87ba7564bb30f"
    assert article.lang == "fr"
    assert article.published is None
    assert article.path == str(path)


def test_txt_header_block(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Title: Partnership in Glasgow\nDate: 15 juin 2011\n"
                 "URL: https://news.example.com/a\nLang: en-GB\n\n" + ENGLISH)
    article = one_article(path)
    assert article.title == "Partnership in Glasgow"
    assert article.published == "2011-06-15"
    assert article.url == "https://news.example.com/a"
    assert article.lang == "en"
    assert article.text == ENGLISH
    assert article.id == article_id(explicit=None, url="https://news.example.com/a", stem="a")


def test_a_txt_that_is_one_paragraph_is_text_not_a_title(tmp_path: Path) -> None:
    paragraph = ("La société Orvelis, installée à Nantes, a signé un accord avec le pôle "
                 "Vallée des Capteurs. Elle exposera au salon Agrivia en juin.")
    article = one_article(write(tmp_path / "p.txt", paragraph + "\n"))
    assert article.text == paragraph
    assert article.title.startswith("La société Orvelis")


def test_a_first_line_that_is_a_sentence_of_sixteen_words_is_text(tmp_path: Path) -> None:
    lead = ("Kelvora Motors has signed an agreement with Tarnside Robotics for building small "
            "electric farm tractors together.")
    rest = "The two companies will open a plant in Leeds."
    article = one_article(write(tmp_path / "s.txt", f"{lead}\n{rest}\n"))
    assert article.text == f"{lead}\n{rest}"
    headline = one_article(write(tmp_path / "h.txt", f"Kelvora signs with Tarnside.\n{rest}\n"))
    assert headline.text == rest  # a short line ending in a full stop is still a headline


def test_the_date_stamp_a_saved_page_opens_with_is_no_part_of_the_text(tmp_path: Path) -> None:
    paragraph = "Le Groupe Orvelis fédère les écoles. Une convention a été signée avec Kervalis."
    month = one_article(write(tmp_path / "m.txt", f" date 2020-02 {paragraph}\n"))
    assert (month.text, month.published) == (paragraph, None)  # a month alone is no date
    day = one_article(write(tmp_path / "d.txt", f"date 2021-05-14 {paragraph}\n"))
    assert (day.text, day.published) == (paragraph, "2021-05-14")
    kept = one_article(write(tmp_path / "k.txt", f"Le date 2020-02 {paragraph}\n"))
    assert kept.text.startswith("Le date 2020-02")


def test_a_first_line_of_several_sentences_is_the_first_paragraph(tmp_path: Path) -> None:
    first = "Orvelis signe avec Kervalis. Les deux sociétés sont à Nantes."
    article = one_article(write(tmp_path / "p.txt", f"{first}\nUne seconde ligne suit.\n"))
    assert article.text.startswith(first)


def test_a_header_block_without_title_is_still_read(tmp_path: Path) -> None:
    body = "Orvelis of Leeds signed a partnership with Kervalis. It is based in Leeds."
    article = one_article(write(tmp_path / "h.txt", f"Date: 2024-03-01\nLang: en\n\n{body}\n"))
    assert (article.published, article.lang, article.text) == ("2024-03-01", "en", body)


def test_a_one_line_english_text_is_read_as_english() -> None:
    assert detect_lang("Orvelis signed a deal with Kervalis in Leeds.") == "en"
    assert detect_lang("Orvelis signe un accord avec Kervalis à Nantes.") == "fr"


def test_a_title_with_a_colon_is_not_a_header(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"Bordeaux: la Route des Lasers en Chine\n\n{FRENCH}")
    article = one_article(path)
    assert article.title == "Bordeaux: la Route des Lasers en Chine"
    assert article.text == FRENCH


def test_header_id_wins_over_url(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"Id: rdl-2011\nURL: https://x.example/a\n\nTitre\n{FRENCH}")
    article = one_article(path)
    assert article.id == "article:rdl-2011"
    assert article.title == "Titre"


def test_markdown_front_matter_headings_and_bold(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", f"---\nTitle: Le titre\nDate: 2024-11-13\n---\n\n"
                 f"**Lyon, 2 juin** — {FRENCH}\n\n## Un intertitre\n\nSuite du texte.\n")
    article = one_article(path)
    assert article.title == "Le titre"
    assert article.published == "2024-11-13"
    assert article.text.startswith("Lyon, 2 juin — Le pôle")
    assert "\nUn intertitre\n" in article.text
    assert "*" not in article.text and "#" not in article.text


def test_markdown_title_from_first_heading(tmp_path: Path) -> None:
    article = one_article(write(tmp_path / "a.md", f"# Offshore wind\n\n{ENGLISH}\n"))
    assert article.title == "Offshore wind"
    assert article.lang == "en"


def test_boilerplate_lines_are_dropped(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"Titre\n\nMis en ligne le 12 mai 2011\n\n{FRENCH}\n\n"
                 "Informations annexes au site\nPartager cet article")
    article = one_article(path)
    assert article.text == FRENCH


def test_boilerplate_is_data_an_analyst_extends(tmp_path: Path) -> None:
    rules_file = write(tmp_path / "rules.txt", "# comment\nFin de l'article\nSource :*\n")
    rules = Boilerplate.from_file(rules_file)
    article_path = write(tmp_path / "a.txt", f"Titre\n{FRENCH}\nFIN DE L'ARTICLE\n"
                         "Source : AFP\nFin de l'article, suite.")
    items = list(load_file(article_path, boilerplate=rules))
    assert isinstance(items[0], Article)
    assert items[0].text == f"{FRENCH}\nFin de l'article, suite."


def test_legacy_encoding_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(f"Été à Pessac\r\n\r\n{FRENCH}\r\n".encode("cp1252"))
    articles, bad, warnings = load(path)
    assert not bad
    assert articles[0].title == "Été à Pessac"
    assert articles[0].text == FRENCH
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: not UTF-8; decoded as ")
    assert "cp1252" in warnings[0] or "1252" in warnings[0]


def test_utf8_with_a_few_bad_bytes_stays_utf8_with_a_count(tmp_path: Path) -> None:
    path = tmp_path / "bad-bytes.txt"
    path.write_bytes(f"Titre\n\n{FRENCH} ".encode() + b"\xff\xfe\x80" + b" Fin.")
    articles, bad, warnings = load(path)
    assert not bad
    assert "pôle de compétitivité Route des Lasers" in articles[0].text  # not pÃ´le
    assert articles[0].text.endswith("\ufffd\ufffd\ufffd Fin.")
    assert warnings == [f"{path}: 3 invalid UTF-8 byte sequences replaced by U+FFFD"]


def test_lone_surrogate_escapes_in_json_become_replacement_characters(tmp_path: Path) -> None:
    path = write(tmp_path / "s.json", json.dumps({"title": "T\ud800", "text": FRENCH + "\udfff"}))
    articles, bad, warnings = load(path)
    assert not bad
    assert articles[0].title == "T\ufffd" and articles[0].text.endswith("\ufffd")
    assert len(articles[0].content_hash) == 64  # a lone surrogate cannot be hashed
    assert len(warnings) == 2 and all("lone surrogate" in w for w in warnings)


def test_text_past_the_cap_is_one_line_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.load

    monkeypatch.setattr(graph.load, "MAX_ARTICLE_CHARS", 1000)
    body = "\n\n".join([FRENCH] * 10)
    write(tmp_path / "a_huge.txt", f"Titre\n\n{body}")
    write(tmp_path / "b_good.txt", f"Titre\n\n{FRENCH}")
    articles, bad, _ = load(tmp_path)
    assert [a.id for a in articles] == ["article:b_good"]
    assert [str(b) for b in bad] == [
        f"{tmp_path / 'a_huge.txt'}: text of {len(body):,} characters is longer than the 1,000 an "
        "article may hold; split it"
    ]


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(f"Titre\n{FRENCH}".encode("utf-16"))
    assert one_article(path).text == FRENCH


# --------------------------------------------------------------------------- html


def test_html_main_text_title_date_and_lang(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{s}.</p>" for s in ENGLISH.split(", "))
    html = (
        '<html lang="en"><head><title>Site | Kelvin and Nanoptere</title>'
        '<meta property="article:published_time" content="2024-11-12T09:30:00+01:00"></head>'
        "<body><nav><a href='/'>Home</a> | <a href='/s'>Subscribe</a></nav><article>"
        f"<h1>Kelvin and Nanoptere team up</h1>{paragraphs}<p>Share this article</p></article>"
        "<footer>Contact us | Privacy policy</footer></body></html>"
    )
    article = one_article(write(tmp_path / "page.html", html))
    assert article.title == "Kelvin and Nanoptere team up"
    assert article.published == "2024-11-12"
    assert article.lang == "en"
    assert article.text.startswith("Glasgow-based satellite manufacturer")
    for chrome in ("Subscribe", "Privacy", "Share this article", "team up"):
        assert chrome not in article.text


def test_html_without_main_text_is_bad_input(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.html", "<html><head><title>Accueil</title>"
                 "<script>var x = 1;</script></head><body><img src='logo.png'></body></html>")
    _, bad, _ = load(path)
    assert [str(b) for b in bad] == [f"{path}: no article text found in the HTML"]


# --------------------------------------------------------------------------- json and jsonl


def test_json_object_with_fields(tmp_path: Path) -> None:
    record = {"id": 42, "title": "T", "text": ENGLISH, "published": "2024-03-05T10:00:00Z",
              "url": "https://x.example/a", "lang": "English"}
    article = one_article(write(tmp_path / "a.json", json.dumps(record)))
    assert (article.id, article.title, article.published, article.lang) == (
        "article:42", "T", "2024-03-05", "en")


def test_json_list_keeps_good_items_when_one_has_no_text(tmp_path: Path) -> None:
    records = [{"title": "A", "text": FRENCH}, {"title": "B", "text": "  "},
               {"title": "C", "text": ENGLISH, "url": "https://x.example/c"}]
    path = write(tmp_path / "feed.json", json.dumps(records))
    articles, bad, _ = load(path)
    assert [a.title for a in articles] == ["A", "C"]
    assert articles[0].id == "article:feed-1"
    assert articles[1].id.startswith("article:url-")
    assert [str(b) for b in bad] == [f"{path}[2]: no text"]


def test_jsonl_broken_line_among_good_ones(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "A", "text": FRENCH}), '{"title": "B", "text": ',
             "", json.dumps({"title": "C"}), json.dumps({"id": "x-9", "text": ENGLISH}),
             json.dumps(["not", "an", "object"])]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    articles, bad, _ = load(path)
    assert [a.id for a in articles] == ["article:feed-1", "article:x-9"]
    assert articles[1].title == ENGLISH.split("\n")[0][:120]
    problems = [str(b) for b in bad]
    assert problems[0].startswith(f"{path}:2: malformed JSON (")
    assert problems[1:] == [f"{path}:4: no text", f"{path}:6: expected an article object"]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n \t\n", "empty file"),
        ("binary.txt", b"PK\x03\x04\x00\x00binary",
         "binary file (contains NUL bytes), not an article"),
        ("garbage.txt", bytes(range(0x80, 0x100)) * 3,
         "undecodable bytes: not UTF-8 and no known encoding fits"),
        ("title_only.txt", b"Un titre seul\n\nMis en ligne le\n", "no text"),
        ("bad.json", b'{"title": "x", "text": }',
         "malformed JSON (Expecting value, line 1 column 24)"),
        ("scalar.json", b'"just a string"', "expected an article object or a list of them"),
        ("notext.json", b'{"title": "x", "text": ""}', "no text"),
        ("x.gold.json", b'{"entities": []}',
         "an evaluation gold file, not an article (see kg eval)"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf' (expected one of .txt, .md, "
                                     ".html, .htm, .json, .jsonl)"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    articles, bad, _ = load(path)
    assert articles == []
    assert [str(b) for b in bad] == [f"{path}: {problem}"]
    assert "\n" not in str(bad[0])


def test_missing_path_is_bad_input(tmp_path: Path) -> None:
    _, bad, _ = load(tmp_path / "nope.txt")
    assert [str(b) for b in bad] == [f"{tmp_path / 'nope.txt'}: no such file or directory"]


def test_one_broken_file_never_stops_the_rest(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", f"A\n{FRENCH}")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01")
    write(tmp_path / "c.txt", f"C\n{ENGLISH}")
    articles, bad, _ = load(tmp_path)
    assert [a.title for a in articles] == ["A", "C"]
    assert [b.path for b in bad] == [str(tmp_path / "b.txt")]


# --------------------------------------------------------------------------- folders and ids


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "b" / "z.txt", f"Z\n{FRENCH}")
    write(tmp_path / "a.md", f"# A\n{FRENCH}")
    write(tmp_path / "b" / "a.txt", f"BA\n{FRENCH}")
    write(tmp_path / "a.gold.json", '{"entities": [], "relations": []}')
    write(tmp_path / ".hidden" / "x.txt", f"X\n{FRENCH}")
    write(tmp_path / "notes.csv", "a,b")
    articles, bad, _ = load(tmp_path)
    assert not bad
    assert [a.title for a in articles] == ["A", "BA", "Z"]
    assert [a.title for a in load(tmp_path)[0]] == ["A", "BA", "Z"]


def test_ids_survive_edits_and_url_variants(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"URL: https://News.example.com/a/#top\n\nT\n{FRENCH}")
    before = one_article(path)
    write(path, f"URL: https://news.example.com/a\n\nT (corrigé)\n{FRENCH} Ajout.")
    after = one_article(path)
    assert before.id == after.id
    assert before.content_hash != after.content_hash


def test_unreadable_date_warns_and_is_left_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"Date: bientôt\n\nT\n{FRENCH}")
    articles, _, warnings = load(path)
    assert articles[0].published is None
    assert warnings == [f"{path}: unrecognised date 'bientôt'; published left empty"]


def test_unsupported_declared_language_falls_back_to_detection(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"Lang: de\n\nT\n{ENGLISH}")
    articles, _, warnings = load(path)
    assert articles[0].lang == "en"
    assert warnings == [f"{path}: language 'de' not supported (fr, en); detected from the "
                        "text instead"]


def test_language_detection_is_deterministic_and_defaults_to_french() -> None:
    assert {detect_lang(ENGLISH) for _ in range(5)} == {"en"}
    assert {detect_lang(FRENCH) for _ in range(5)} == {"fr"}
    assert detect_lang("Airbus Toulouse") == "fr"  # too short to tell
    assert detect_lang("Der Cluster in Dresden hat viele Mitglieder und Partner in "
                       "Sachsen, die zusammen arbeiten wollen und werden.") == "fr"
