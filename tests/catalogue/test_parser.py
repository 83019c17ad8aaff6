"""The parser reads the seed and every messiness of real documents, and refuses what isn't one."""

from pathlib import Path

import pytest

from pop.catalogue.parser import (
    AREA_PART_WITHOUT_AREA,
    BULLET_BEFORE_SECTIONS,
    BULLET_OUTSIDE_LIST,
    COMPETENCY_LIST_WITHOUT_COMPETENCY,
    DUPLICATE_ACTIVITIES,
    DUPLICATE_TIPS,
    EMPTY_DOCUMENT,
    KADER_SPLIT,
    LEVEL_ROW_GLUED,
    LEVEL_ROW_GLUED_SCALE,
    LEVEL_ROW_INVALID_SCALE,
    LEVEL_ROW_READ_AS_SCALE,
    LEVEL_ROW_WITHOUT_NUMBER,
    MISSING_COMPETENCY_NAME,
    MISSING_FAMILY,
    MISSING_PURPOSE,
    MISSING_TITLE,
    NAVIGATION_LABEL_AS_FAMILY,
    NO_SECTIONS,
    NOT_UTF8,
    SKIPPED_TEXT,
    LevelData,
    Message,
    ParseError,
    content_hash,
    parse,
    render,
)

SEED = Path(__file__).parents[2] / "seeds" / "functions" / "000_86635a2c460ee1b5.txt"

MINIMAL = """\
Functiebeschrijving
Accountmanager
Functiefamilie
Dienstverlening
Doel
Klanten helpen.
Resultaatgebieden
Kernactiviteit
Verwerven van opdrachten
Kader
Beleid van de dienst
Resultaat
Voldoende werk
Activiteit
• Leggen van contacten
Competenties
Klantgerichtheid
Omschrijving
Wensen van klanten herkennen.
Gedragsindicatoren
• Stelt zich dienstverlenend op.
Toetsvragen
• Wanneer was een klant tevreden?
Ontwikkeltips
• Vraag feedback.
Niveaus
NiveauSchaal
Medewerker\t8
"""


def minimal(old: str, new: str) -> str:
    """The minimal document with one part replaced."""
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1)


def templates(result) -> list[str]:
    return [warning.template for warning in result.warnings]


def refusal(source: str | bytes, filename: str = "fout.txt") -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(source, filename)
    return caught.value


# The seed document


@pytest.fixture(scope="module")
def seed():
    return parse(SEED.read_bytes(), SEED.name)


def test_seed_has_no_title_and_no_family(seed):
    assert seed.description.title is None
    assert seed.description.family is None


def test_seed_purpose_is_read(seed):
    assert seed.description.purpose.startswith("Inventariseren en analyseren van de wensen")
    assert seed.description.purpose.endswith("budgetbeheersing en dienstverlening.")


def test_seed_has_eleven_result_areas(seed):
    areas = seed.description.result_areas
    assert len(areas) == 11
    assert areas[0].core_activity == (
        "Verwerven van nieuwe of aanvullende opdrachten in een concurrerende omgeving"
    )
    assert areas[0].result == "Voldoende werk en/of inkomsten voor de dienst en/of afdeling"
    assert len(areas[0].activities) == 3


def test_seed_has_four_unnamed_competencies(seed):
    competencies = seed.description.competencies
    assert [competency.name for competency in competencies] == [None] * 4
    assert competencies[2].description == (
        "Wensen en behoeften van klanten herkennen en hiervan blijk geven in het handelen."
    )


def test_seed_tips_are_deduplicated(seed):
    tips = [competency.tips for competency in seed.description.competencies]
    assert [len(competency_tips) for competency_tips in tips] == [8, 7, 9, 11]
    assert all(len(set(competency_tips)) == len(competency_tips) for competency_tips in tips)
    assert (
        tips[0][0]
        == "Lees je tekst na met de vraag: welke formuleringen kunnen korter en kernachtiger."
    )


def test_seed_indicators_and_questions_are_read(seed):
    competencies = seed.description.competencies
    assert [len(competency.indicators) for competency in competencies] == [6, 6, 6, 6]
    assert [len(competency.questions) for competency in competencies] == [6, 5, 4, 9]


def test_seed_warns_once_per_repeated_tips_list(seed):
    repeats = [w for w in seed.warnings if w.template == DUPLICATE_TIPS]
    assert [(w.params["position"], w.params["count"]) for w in repeats] == [
        (1, 8),
        (2, 7),
        (3, 9),
        (4, 11),
    ]


def test_seed_result_has_no_lost_line_break_markers(seed):
    assert "~~" not in repr(seed.description)
    activities = seed.description.result_areas[10].activities
    assert (
        "Met de klant bespreken van voor hen relevante ontwikkelingen binnen de eigen dienst "
        "(waaronder nieuwe diensten en/of producten)"
    ) in activities


def test_seed_glued_kader_is_split_in_two(seed):
    assert seed.description.result_areas[3].frameworks == [
        "Planning(en) van de betrokken afdeling(en) binnen de dienst",
        "Wensen/eisen van de klant",
    ]


def test_seed_three_glued_kader_items_are_split(seed):
    assert seed.description.result_areas[4].frameworks == [
        "Doelstellingen van de dienst en/of afdeling(en)",
        "Wensen/eisen van de klant",
        "Budgettaire doelstellingen",
    ]


def test_seed_kader_splits_are_each_listed_as_a_warning(seed):
    splits = [warning for warning in seed.warnings if warning.template == KADER_SPLIT]
    assert [(warning.line, warning.params["count"]) for warning in splits] == [
        (54, 2),
        (68, 3),
        (154, 2),
    ]
    assert splits[1].params["parts"] == (
        "'Doelstellingen van de dienst en/of afdeling(en)', 'Wensen/eisen van de klant', "
        "'Budgettaire doelstellingen'"
    )


def test_seed_space_separated_kader_stays_one_item(seed):
    assert seed.description.result_areas[7].frameworks == [
        "Afdelingsdoelstellingen Gebruikerwensen en -eisen"
    ]
    assert seed.description.result_areas[9].frameworks == [
        "Wet- en regelgeving Interne normen en (kwaliteits-)richtlijnen Rapportagesystemen"
    ]


def test_seed_has_one_level_read_as_scale_11(seed):
    assert seed.description.levels == [LevelData(name="", scale="11")]
    read_as = Message(LEVEL_ROW_READ_AS_SCALE, {"row": "110", "scale": "11", "rest": "0"}, 310)
    assert seed.warnings[-1] == read_as
    assert str(read_as) == "regel 310: niveaurij '110' gelezen als schaal 11; '0' genegeerd"


def test_seed_warns_about_missing_title_family_and_names(seed):
    warnings = templates(seed)
    assert warnings.count(MISSING_TITLE) == 1
    assert warnings.count(NAVIGATION_LABEL_AS_FAMILY) == 1
    names = [w.params["position"] for w in seed.warnings if w.template == MISSING_COMPETENCY_NAME]
    assert names == [1, 2, 3, 4]


def test_seed_warning_text_is_specific(seed):
    texts = [str(warning) for warning in seed.warnings]
    assert texts[0].startswith("regel 1: de functie heeft geen titel")
    assert "Functies per Functiefamilie, met aantal medewerkers" in texts[1]
    assert texts[2].startswith(
        "regel 54: kaderregel 'Planning(en) van de betrokken afdeling(en) binnen de "
        "dienstWensen/eisen van de klant' gesplitst in 2 items: 'Planning(en) van de "
        "betrokken afdeling(en) binnen de dienst', 'Wensen/eisen van de klant'"
    )
    assert texts[5].startswith("regel 166: competentie 1 heeft geen naam")


def test_seed_reads_the_same_from_text_and_bytes(seed):
    assert parse(SEED.read_text(encoding="utf-8")).description == seed.description


def test_seed_survives_render_and_parse(seed):
    assert parse(render(seed.description)).description == seed.description


def test_content_hash_is_sha256_of_the_raw_bytes():
    assert content_hash(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert content_hash(SEED.read_bytes()) != content_hash(SEED.read_bytes() + b"\n")


# Messiness that real documents show


def test_minimal_document_is_read_without_warnings():
    result = parse(MINIMAL)
    description = result.description
    assert result.warnings == []
    assert (description.title, description.family) == ("Accountmanager", "Dienstverlening")
    assert description.competencies[0].name == "Klantgerichtheid"
    assert description.levels == [LevelData("Medewerker", "8")]


def test_windows_line_endings_are_read():
    assert parse(MINIMAL.replace("\n", "\r\n")).description == parse(MINIMAL).description


def test_lone_carriage_returns_are_read():
    assert parse(MINIMAL.replace("\n", "\r")).description == parse(MINIMAL).description


def test_utf8_byte_order_mark_is_dropped():
    source = "\ufeff" + MINIMAL
    assert parse(source.encode("utf-8")).description == parse(MINIMAL).description
    assert parse(source).description == parse(MINIMAL).description


def test_non_breaking_spaces_become_normal_spaces():
    source = minimal("Klanten helpen.", "Klanten\u00a0helpen\u202fgoed.")
    assert parse(source).description.purpose == "Klanten helpen goed."


def test_non_breaking_space_around_a_header_still_makes_it_a_header():
    source = minimal("Doel\n", "\u00a0Doel\u00a0\n")
    assert parse(source).description.purpose == "Klanten helpen."


def test_trailing_blanks_are_ignored():
    source = "\n".join(line + " \t " for line in MINIMAL.split("\n"))
    assert parse(source).description == parse(MINIMAL).description


def test_tabs_inside_text_become_spaces():
    source = minimal("Klanten helpen.", "Klanten\thelpen.")
    assert parse(source).description.purpose == "Klanten helpen."


def test_headers_match_whatever_their_case():
    source = minimal("Doel\n", "DOEL\n").replace("Omschrijving", "omschrijving")
    assert parse(source).description == parse(MINIMAL).description


@pytest.mark.parametrize("bullet", ["•", "-", "*", "·", "–", "  •", "\t-", "•\u00a0"])
def test_every_bullet_kind_starts_a_list_item(bullet):
    source = minimal("• Vraag feedback.\n", f"{bullet} Vraag feedback.\n{bullet} Lees na.\n")
    assert parse(source).description.competencies[0].tips == ["Vraag feedback.", "Lees na."]


def test_bullet_glued_to_its_text_is_a_bullet():
    source = minimal("• Vraag feedback.\n", "•Vraag feedback.\n")
    assert parse(source).description.competencies[0].tips == ["Vraag feedback."]


def test_dash_glued_to_a_word_is_text_not_a_bullet():
    source = minimal("Klanten helpen.", "-eisen van klanten.")
    assert parse(source).description.purpose == "-eisen van klanten."


def test_lost_line_break_marker_becomes_one_space():
    source = minimal(
        "• Vraag feedback.", "• binnen de eigen dienst~~(waaronder nieuwe) ~~ diensten"
    )
    tips = parse(source).description.competencies[0].tips
    assert tips == ["binnen de eigen dienst (waaronder nieuwe) diensten"]


def test_glued_kader_items_are_split():
    source = minimal(
        "Beleid van de dienst", "Doelstellingen van de afdeling(en)Wensen van de klantBudget"
    )
    assert parse(source).description.result_areas[0].frameworks == [
        "Doelstellingen van de afdeling(en)",
        "Wensen van de klant",
        "Budget",
    ]


@pytest.mark.parametrize(
    "kader",
    [
        "Wet- en regelgeving RvIG",
        "Normenkader DigiD en eHerkenning",
        "• Normenkader DigiD en eHerkenning",
        "Basisregistratie Personen (BRP)",
        "ICT-beleid van de gemeente",
        "Vergaderen met iBabs",
        "Wet WOZ-waarde en MijnOverheid",
        "Richtlijnen van de RvIG voor de BRP",
    ],
)
def test_kader_names_with_inner_capitals_stay_whole(kader):
    result = parse(minimal("Beleid van de dienst", kader))
    assert result.description.result_areas[0].frameworks == [kader.removeprefix("• ")]
    assert KADER_SPLIT not in templates(result)


def test_kader_seam_after_a_lowercase_word_splits_beside_a_name():
    result = parse(
        minimal("Beleid van de dienst", "• Normenkader DigiD en eHerkenning van de dienstWet BRP")
    )
    assert result.description.result_areas[0].frameworks == [
        "Normenkader DigiD en eHerkenning van de dienst",
        "Wet BRP",
    ]


def test_each_kader_split_is_a_warning_on_its_line():
    result = parse(minimal("Beleid van de dienst", "Beleid van de dienstICT-beleid"))
    assert result.description.result_areas[0].frameworks == ["Beleid van de dienst", "ICT-beleid"]
    split = next(warning for warning in result.warnings if warning.template == KADER_SPLIT)
    assert split.line == 11
    assert str(split) == (
        "regel 11: kaderregel 'Beleid van de dienstICT-beleid' gesplitst in 2 items: "
        "'Beleid van de dienst', 'ICT-beleid'; controleer of hier kaderitems aan elkaar vastzaten"
    )


def test_kader_hyphenated_parenthesis_is_not_split():
    source = minimal("Beleid van de dienst", "Interne normen en (kwaliteits-)richtlijnen")
    frameworks = parse(source).description.result_areas[0].frameworks
    assert frameworks == ["Interne normen en (kwaliteits-)richtlijnen"]


def test_kader_items_one_per_line_bulleted_or_not():
    source = minimal("Beleid van de dienst\n", "Beleid van de dienst\n• Procedures\nRichtlijnen\n")
    frameworks = parse(source).description.result_areas[0].frameworks
    assert frameworks == ["Beleid van de dienst", "Procedures", "Richtlijnen"]


def test_repeated_lists_keep_the_first_occurrence_and_warn_once():
    tips = "• Vraag feedback.\n• Lees na.\n"
    source = minimal("• Vraag feedback.\n", tips + tips + "• Lees na.\n")
    result = parse(source)
    assert result.description.competencies[0].tips == ["Vraag feedback.", "Lees na."]
    repeats = [w for w in result.warnings if w.template == DUPLICATE_TIPS]
    assert len(repeats) == 1
    assert str(repeats[0]) == "regel 27: competentie 1: 3 dubbele ontwikkeltips overgeslagen"


def test_repeated_activities_are_deduplicated():
    source = minimal("• Leggen van contacten\n", "• Leggen van contacten\n• Leggen van contacten\n")
    result = parse(source)
    assert result.description.result_areas[0].activities == ["Leggen van contacten"]
    assert DUPLICATE_ACTIVITIES in templates(result)


def test_missing_title_is_none_with_a_warning():
    result = parse(minimal("Functiebeschrijving\nAccountmanager\n", "Functiebeschrijving\n\n"))
    assert result.description.title is None
    assert result.warnings == [Message(MISSING_TITLE, {}, 1)]


def test_line_before_functiebeschrijving_is_the_title():
    source = "Accountmanager\n" + minimal("Accountmanager\n", "")
    assert parse(source).description.title == "Accountmanager"


def test_missing_family_is_none_with_a_warning():
    result = parse(minimal("Dienstverlening\n", ""))
    assert result.description.family is None
    assert templates(result) == [MISSING_FAMILY]


def test_navigation_label_is_not_a_family():
    label = "functies  per functiefamilie, MET aantal medewerkers"
    result = parse(minimal("Dienstverlening", label))
    assert result.description.family is None
    assert templates(result) == [NAVIGATION_LABEL_AS_FAMILY]


def test_missing_purpose_is_empty_with_a_warning():
    result = parse(minimal("Doel\nKlanten helpen.\n", ""))
    assert result.description.purpose == ""
    assert templates(result) == [MISSING_PURPOSE]


def test_purpose_spanning_lines_is_joined_with_spaces():
    source = minimal("Klanten helpen.", "Klanten helpen\nen adviseren,\n\nbinnen de kaders.")
    assert parse(source).description.purpose == "Klanten helpen en adviseren, binnen de kaders."


def test_line_before_omschrijving_names_the_competency():
    second = "Resultaatgerichtheid\nOmschrijving\nGericht op resultaat.\n"
    source = minimal("Niveaus\n", second + "Niveaus\n")
    names = [competency.name for competency in parse(source).description.competencies]
    assert names == ["Klantgerichtheid", "Resultaatgerichtheid"]


def test_name_after_a_tips_list_is_not_a_continuation_of_the_last_tip():
    source = minimal("Niveaus\n", "Resultaatgerichtheid\nOmschrijving\nGericht op resultaat.\n")
    first, second = parse(source).description.competencies
    assert first.tips == ["Vraag feedback."]
    assert second.name == "Resultaatgerichtheid"


def test_missing_competency_name_is_none_with_a_warning():
    result = parse(minimal("Klantgerichtheid\n", ""))
    assert result.description.competencies[0].name is None
    assert result.warnings == [Message(MISSING_COMPETENCY_NAME, {"position": 1}, 17)]
    assert str(result.warnings[0]).startswith("regel 17: competentie 1 heeft geen naam")


def test_list_item_continues_on_following_lines():
    source = minimal("• Vraag feedback.\n", "• Vraag feedback\n  aan een collega.\n• Lees na.\n")
    tips = parse(source).description.competencies[0].tips
    assert tips == ["Vraag feedback aan een collega.", "Lees na."]


def test_activiteiten_is_accepted_for_activiteit():
    source = minimal("Activiteit\n", "Activiteiten\n")
    assert parse(source).description == parse(MINIMAL).description


def test_text_under_a_header_without_text_is_skipped_with_a_warning():
    result = parse(minimal("Resultaatgebieden\n", "Resultaatgebieden\nZie hieronder.\n"))
    assert result.description == parse(MINIMAL).description
    assert result.warnings[0].template == SKIPPED_TEXT
    assert result.warnings[0].params == {"text": "Zie hieronder.", "section": "Resultaatgebieden"}


@pytest.mark.parametrize(
    "header", ["NiveauSchaal", "Niveau Schaal", "Niveau\tSchaal", "niveauschaal"]
)
def test_level_table_header_variants(header):
    source = minimal("NiveauSchaal\n", header + "\n")
    assert parse(source).description.levels == [LevelData("Medewerker", "8")]


def test_one_level_row_of_only_a_scale():
    source = minimal("Medewerker\t8\n", "8")
    assert parse(source).description.levels == [LevelData("", "8")]


def test_several_level_rows_of_name_and_scale():
    source = minimal("Medewerker\t8\n", "A  8\nB  9\nSenior medewerker 10\n")
    assert parse(source).description.levels == [
        LevelData("A", "8"),
        LevelData("B", "9"),
        LevelData("Senior medewerker", "10"),
    ]


def test_level_name_ending_in_a_number_keeps_it():
    source = minimal("Medewerker\t8\n", "Niveau 3\t8\n")
    assert parse(source).description.levels == [LevelData("Niveau 3", "8")]


@pytest.mark.parametrize(
    ("row", "level"),
    [
        ("A10", LevelData("A", "10")),
        ("B11", LevelData("B", "11")),
        ("Medewerker8", LevelData("Medewerker", "8")),
        ("Senior medewerker9", LevelData("Senior medewerker", "9")),
        ("A-10", LevelData("A", "10")),
    ],
)
def test_level_row_glued_to_its_scale_is_read_with_a_warning(row, level):
    result = parse(minimal("Medewerker\t8\n", row + "\n"))
    assert result.description.levels == [level]
    glued = Message(LEVEL_ROW_GLUED, {"row": row, "name": level.name, "scale": level.scale}, 28)
    assert result.warnings[-1] == glued


def test_glued_level_rows_under_a_glued_header_as_a_flattened_table_gives_them():
    source = minimal("NiveauSchaal\nMedewerker\t8\n", "NiveauSchaal\nA10\nB11\n")
    result = parse(source)
    assert result.description.levels == [LevelData("A", "10"), LevelData("B", "11")]
    assert templates(result)[-2:] == [LEVEL_ROW_GLUED, LEVEL_ROW_GLUED]
    assert str(result.warnings[-1]) == (
        "regel 29: niveaurij 'B11' gelezen als niveau 'B' met schaal 11; niveau en schaal "
        "stonden aan elkaar"
    )


def test_the_word_schaal_glued_to_a_number_is_a_scale_alone():
    result = parse(minimal("Medewerker\t8\n", "Schaal8\n"))
    assert result.description.levels == [LevelData("", "8")]
    assert result.warnings[-1] == Message(
        LEVEL_ROW_GLUED_SCALE, {"row": "Schaal8", "scale": "8"}, 28
    )


def test_glued_level_with_a_glued_head_count_reports_both():
    result = parse(minimal("Medewerker\t8\n", "Medewerker110\n"))
    assert result.description.levels == [LevelData("Medewerker", "11")]
    assert templates(result)[-2:] == [LEVEL_ROW_GLUED, LEVEL_ROW_READ_AS_SCALE]
    assert result.warnings[-1].params == {"row": "Medewerker110", "scale": "11", "rest": "0"}


def test_bare_number_above_18_is_read_as_its_longest_scale_prefix():
    result = parse(minimal("Medewerker\t8\n", "1842\n"))
    assert result.description.levels == [LevelData("", "18")]
    assert (
        str(result.warnings[-1])
        == "regel 28: niveaurij '1842' gelezen als schaal 18; '42' genegeerd"
    )


# Refusals


def test_empty_document_is_refused():
    error = refusal(b"", "leeg.txt")
    assert (error.line, error.template) == (1, EMPTY_DOCUMENT)
    assert str(error) == (
        "leeg.txt, regel 1: het document is leeg; verwacht werd de kop 'Functiebeschrijving'"
    )


def test_whitespace_only_document_is_refused_as_empty():
    error = refusal(" \r\n\t\n\u00a0\n", "leeg.txt")
    assert (error.line, error.template) == (1, EMPTY_DOCUMENT)
    assert "leeg.txt, regel 1" in str(error)


def test_non_utf8_document_is_refused_at_the_line_of_the_bad_byte():
    source = b"Functiebeschrijving\r\n\r\nDoel\r\nCo" + b"\xf6rdineren\r\n"
    error = refusal(source, "latin1.txt")
    assert (error.line, error.template) == (4, NOT_UTF8)
    assert error.params == {"byte": "0xF6"}
    assert "latin1.txt, regel 4: ongeldige byte 0xF6" in str(error)


def test_document_without_sections_is_refused():
    error = refusal("\nBoodschappenlijst\n• melk\n", "lijst.txt")
    assert (error.line, error.template) == (2, NO_SECTIONS)
    assert "lijst.txt, regel 2" in str(error)


def test_bullet_before_any_header_is_refused():
    error = refusal("• Losse opsomming\n" + MINIMAL)
    assert (error.line, error.template) == (1, BULLET_BEFORE_SECTIONS)
    assert "fout.txt, regel 1: opsommingsteken 'Losse opsomming'" in str(error)


@pytest.mark.parametrize(
    ("after", "line"),
    [
        ("Accountmanager\n", 3),
        ("Dienstverlening\n", 5),
        ("Klanten helpen.\n", 7),
        ("Resultaatgebieden\n", 8),
        ("Verwerven van opdrachten\n", 10),
        ("Voldoende werk\n", 14),
        ("Competenties\n", 17),
        ("Wensen van klanten herkennen.\n", 20),
    ],
)
def test_bullet_under_a_section_without_a_list_is_refused(after, line):
    error = refusal(minimal(after, after + "• Verdwaald item\n"))
    assert (error.line, error.template) == (line, BULLET_OUTSIDE_LIST)
    assert f"fout.txt, regel {line}: opsommingsteken 'Verdwaald item' onder de kop" in str(error)


def test_bullet_under_levels_is_refused():
    error = refusal(minimal("Medewerker\t8\n", "• 8\n"))
    assert (error.line, error.params["section"]) == (28, "NiveauSchaal")


@pytest.mark.parametrize("header", ["Ontwikkeltips", "Gedragsindicatoren", "Toetsvragen"])
def test_competency_list_without_a_competency_is_refused(header):
    error = refusal(f"Functiebeschrijving\nDoel\nIets.\nCompetenties\n{header}\n• Een tip\n")
    assert (error.line, error.template) == (5, COMPETENCY_LIST_WITHOUT_COMPETENCY)
    assert f"fout.txt, regel 5: kop '{header}' zonder competentie" in str(error)


@pytest.mark.parametrize("header", ["Kader", "Resultaat", "Activiteit", "Activiteiten"])
def test_result_area_part_without_core_activity_is_refused(header):
    error = refusal(f"Functiebeschrijving\nResultaatgebieden\n{header}\nIets\n")
    assert (error.line, error.template) == (3, AREA_PART_WITHOUT_AREA)
    assert "fout.txt, regel 3: kop '" in str(error)
    assert "verwacht werd eerst de kop 'Kernactiviteit'" in str(error)


def test_level_row_without_a_number_is_refused():
    error = refusal(minimal("Medewerker\t8\n", "Medewerker\t8\nSenior medewerker\n"))
    assert (error.line, error.template) == (29, LEVEL_ROW_WITHOUT_NUMBER)
    assert "fout.txt, regel 29: niveaurij 'Senior medewerker' heeft geen schaalnummer" in str(error)


def test_level_row_of_only_a_glued_separator_and_number_is_refused():
    error = refusal(minimal("Medewerker\t8\n", "-8\n"))
    assert (error.line, error.template) == (28, LEVEL_ROW_WITHOUT_NUMBER)


def test_bare_number_that_starts_with_no_scale_is_refused():
    error = refusal(minimal("Medewerker\t8\n", "095\n"))
    assert (error.line, error.template) == (28, LEVEL_ROW_INVALID_SCALE)
    assert "fout.txt, regel 28: niveaurij '095'" in str(error)


def test_parse_error_is_a_value_error_with_its_message():
    error = refusal(b"", "leeg.txt")
    assert isinstance(error, ValueError)
    assert error.filename == "leeg.txt"
    assert error.message == Message(EMPTY_DOCUMENT, {}, 1)
