import pytest

from solidair.letters.composing import templating


def test_it_parses_paragraphs_headings_lists_and_block_fields():
    blocks = templating.parse(
        "Eerste regel\ntweede regel.\n\n## Titel\n\n- een\n- twee\n\n{persoonlijke_alinea}\n"
    )
    assert [b.kind for b in blocks] == ["paragraph", "heading", "list", "field"]
    assert blocks[0].lines == (("Eerste regel tweede regel.",),)
    assert len(blocks[2].lines) == 2
    assert blocks[3].field == "persoonlijke_alinea"


def test_fields_and_footnotes_become_tokens():
    (block,) = templating.parse("Als inwoners van {gemeente}.^[{ledenlijst}]")
    tokens = block.lines[0]
    assert tokens[1] == templating.Field("gemeente")
    assert tokens[3] == templating.Note((templating.Field("ledenlijst"),))


def test_double_braces_are_literal():
    (block,) = templating.parse("Een {{accolade}}.")
    assert block.lines == (("Een {accolade}.",),)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Hallo {voornaam}", "onbekend veld {voornaam}"),
        ("Hallo {gemeente", "losse accolade"),
        ("Hallo }", "losse accolade"),
        ("Noot ^[zonder einde", "niet gesloten"),
        ("Noot ^[in ^[noot]]", "geen voetnoot bevatten"),
        ("Tekst {voorkeuren} en meer", "alleen op een regel"),
    ],
)
def test_it_refuses_broken_templates_in_dutch(source, message):
    with pytest.raises(templating.TemplateError) as error:
        templating.parse(source)
    assert message in str(error.value)
    assert str(error.value).startswith("Regel 1:")


def test_block_fields_are_refused_where_only_text_is_allowed():
    with pytest.raises(templating.TemplateError):
        templating.parse("{voorkeuren}", allow_blocks=False)


def test_every_error_is_reported_with_its_line():
    with pytest.raises(templating.TemplateError) as error:
        templating.parse("{a}\n\n{b}")
    assert [m.split(":")[0] for m in error.value.messages] == ["Regel 1", "Regel 3"]


def test_footnotes_are_refused_in_headings_and_one_line_fields():
    with pytest.raises(templating.TemplateError, match="tussentitel"):
        templating.parse("## Titel^[noot]")
    with pytest.raises(templating.TemplateError, match="voetnoot"):
        templating.parse("Geachte^[noot]", allow_blocks=False)
