"""A sidecar completes what a document lacks, never overrides it, and is refused when invalid."""

import copy
from pathlib import Path

import pytest

from pop.catalogue.parser import (
    DUPLICATE_TIPS,
    KADER_SPLIT,
    LEVEL_ROW_READ_AS_SCALE,
    MISSING_COMPETENCY_NAME,
    MISSING_FAMILY,
    MISSING_TITLE,
    NAVIGATION_LABEL_AS_FAMILY,
    ParseError,
    parse,
)
from pop.catalogue.sidecar import (
    COMPETENCIES_NOT_TABLE,
    FAMILY_IGNORED,
    INVALID_POSITION,
    INVALID_TOML,
    NAME_IGNORED,
    NOT_TEXT,
    POSITION_OUT_OF_RANGE,
    TITLE_IGNORED,
    UNKNOWN_KEY,
    Sidecar,
    apply_sidecar,
    load_sidecar,
    sidecar_path,
)

SEED = Path(__file__).parents[2] / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"

TWO_COMPETENCIES = """\
Functiebeschrijving
Accountmanager
Functiefamilie
Doel
Klanten helpen.
Competenties
Klantgerichtheid
Omschrijving
Wensen van klanten herkennen.
Ontwikkeltips
• Vraag feedback.
Omschrijving
Gericht op resultaat.
Niveaus
8
"""


def write(tmp_path: Path, text: str, name: str = "functie.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> ParseError:
    with pytest.raises(ParseError) as caught:
        load_sidecar(path)
    return caught.value


def test_sidecar_path_is_the_document_path_with_toml_suffix():
    assert sidecar_path(Path("seeds/functions/000_a.txt")) == Path("seeds/functions/000_a.toml")


def test_missing_sidecar_loads_as_none(tmp_path):
    assert load_sidecar(tmp_path / "afwezig.toml") is None


def test_seed_sidecar_is_loaded():
    sidecar = load_sidecar(sidecar_path(SEED))
    assert sidecar == Sidecar(
        title="Accountmanager dienstverlening",
        family="Dienstverlening",
        competency_names={
            1: "Schriftelijke uitdrukkingsvaardigheid",
            2: "Omgevingsbewustzijn",
            3: "Klantgerichtheid",
            4: "Resultaatgerichtheid",
        },
        filename="000_86635a2c460ee1b5.toml",
    )


def test_seed_sidecar_fills_title_family_and_names_and_answers_their_warnings():
    result = apply_sidecar(parse(SEED.read_bytes(), SEED.name), load_sidecar(sidecar_path(SEED)))
    description = result.description
    assert description.title == "Accountmanager dienstverlening"
    assert description.family == "Dienstverlening"
    assert [competency.name for competency in description.competencies] == [
        "Schriftelijke uitdrukkingsvaardigheid",
        "Omgevingsbewustzijn",
        "Klantgerichtheid",
        "Resultaatgerichtheid",
    ]
    assert {warning.template for warning in result.warnings} == {
        DUPLICATE_TIPS,
        KADER_SPLIT,
        LEVEL_ROW_READ_AS_SCALE,
    }


def test_no_sidecar_leaves_the_result_as_it_is():
    result = parse(SEED.read_bytes())
    assert apply_sidecar(result, None) is result


def test_applying_does_not_change_the_parsed_result():
    result = parse(SEED.read_bytes())
    before = copy.deepcopy(result)
    apply_sidecar(result, Sidecar("Titel", "Familie", {1: "Naam"}))
    assert result == before


def test_document_wins_and_the_ignored_sidecar_value_is_reported():
    result = parse(TWO_COMPETENCIES)
    applied = apply_sidecar(result, Sidecar("Adviseur", None, {1: "Klantgericht"}))
    assert applied.description.title == "Accountmanager"
    assert applied.description.competencies[0].name == "Klantgerichtheid"
    ignored = [str(w) for w in applied.warnings if w.template in (TITLE_IGNORED, NAME_IGNORED)]
    assert ignored == [
        "titel 'Adviseur' uit het bijbestand genegeerd; het document heeft de titel "
        "'Accountmanager'",
        "naam 'Klantgericht' voor competentie 1 uit het bijbestand genegeerd; het document "
        "noemt haar 'Klantgerichtheid'",
    ]


def test_same_value_in_document_and_sidecar_is_not_reported():
    result = parse(TWO_COMPETENCIES)
    applied = apply_sidecar(result, Sidecar("Accountmanager", None, {}))
    assert applied.warnings == result.warnings


def test_only_missing_names_are_filled_and_only_their_warnings_dropped():
    result = parse(TWO_COMPETENCIES)
    assert [
        w.params.get("position") for w in result.warnings if w.template == MISSING_COMPETENCY_NAME
    ] == [2]
    applied = apply_sidecar(result, Sidecar(None, None, {2: "Resultaatgerichtheid"}))
    names = [competency.name for competency in applied.description.competencies]
    assert names == ["Klantgerichtheid", "Resultaatgerichtheid"]
    assert MISSING_COMPETENCY_NAME not in [w.template for w in applied.warnings]
    assert MISSING_FAMILY in [w.template for w in applied.warnings]


def test_name_for_one_position_does_not_answer_another_positions_warning():
    result = parse(SEED.read_bytes())
    applied = apply_sidecar(result, Sidecar(None, None, {3: "Klantgerichtheid"}))
    missing = [
        w.params["position"] for w in applied.warnings if w.template == MISSING_COMPETENCY_NAME
    ]
    assert missing == [1, 2, 4]


def test_family_from_sidecar_answers_the_navigation_label_warning():
    result = parse(SEED.read_bytes())
    applied = apply_sidecar(result, Sidecar(None, "Dienstverlening", {}))
    templates = [w.template for w in applied.warnings]
    assert NAVIGATION_LABEL_AS_FAMILY not in templates
    assert MISSING_TITLE in templates
    assert FAMILY_IGNORED not in templates


def test_position_beyond_the_documents_competencies_is_refused():
    sidecar = Sidecar(None, None, {5: "Vijfde"}, filename="functie.toml")
    with pytest.raises(ParseError) as caught:
        apply_sidecar(parse(SEED.read_bytes()), sidecar)
    assert caught.value.template == POSITION_OUT_OF_RANGE
    assert str(caught.value) == (
        "functie.toml: positie 5 onder [competencies] bestaat niet; "
        "het document heeft 4 competenties"
    )


def test_invalid_toml_is_refused_naming_file_and_line(tmp_path):
    error = refusal(write(tmp_path, 'title = "Adviseur"\nfamily = Dienstverlening\n'))
    assert (error.filename, error.line, error.template) == ("functie.toml", 2, INVALID_TOML)
    assert str(error).startswith("functie.toml, regel 2: het bijbestand is geen geldige TOML")


def test_sidecar_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "functie.toml"
    path.write_bytes('title = "Coördinator"\n'.encode("latin-1"))
    error = refusal(path)
    assert (error.filename, error.line) == ("functie.toml", 1)


@pytest.mark.parametrize("key", ["0", "-1", "een", "1.5", "01"])
def test_position_that_is_not_a_positive_integer_is_refused(tmp_path, key):
    error = refusal(write(tmp_path, f'title = "Adviseur"\n\n[competencies]\n"{key}" = "Naam"\n'))
    assert (error.line, error.template, error.params) == (4, INVALID_POSITION, {"key": key})
    assert f"functie.toml, regel 4: ongeldige positie '{key}'" in str(error)


@pytest.mark.parametrize(
    ("toml", "template"),
    [
        ("title = 5\n", NOT_TEXT),
        ('family = ""\n', NOT_TEXT),
        ("[competencies]\n1 = true\n", NOT_TEXT),
        ('competencies = "Klantgerichtheid"\n', COMPETENCIES_NOT_TABLE),
        ('titel = "Adviseur"\n', UNKNOWN_KEY),
    ],
)
def test_wrong_keys_and_types_are_refused_naming_the_file(tmp_path, toml, template):
    error = refusal(write(tmp_path, toml))
    assert (error.filename, error.template) == ("functie.toml", template)
    assert error.line == toml.count("\n")
    assert str(error).startswith(f"functie.toml, regel {error.line}: ")


def test_sidecar_values_are_whitespace_normalised(tmp_path):
    sidecar = load_sidecar(write(tmp_path, 'title = "  Account\u00a0manager  "\n'))
    assert sidecar == Sidecar("Account manager", None, {}, filename="functie.toml")
