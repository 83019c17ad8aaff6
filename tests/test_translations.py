"""Every user-facing string has an English translation (Dutch is the source language)."""

from tests.messages import english_catalogue, extracted_messages


def test_every_extracted_message_is_translated_to_english():
    wanted = {(message.id, message.context) for message in extracted_messages() if message.id}
    translated = {
        (message.id, message.context)
        for message in english_catalogue()
        if message.id and message.string and not message.fuzzy
    }
    missing = sorted(str(message_id) for message_id, _context in wanted - translated)
    assert not missing, f"{len(missing)} untranslated, run `make extract-messages`: {missing[:10]}"


def test_placeholders_survive_translation():
    for message in english_catalogue():
        if not message.id or not isinstance(message.id, str):
            continue
        for placeholder in ("%(", "%%"):
            assert message.id.count(placeholder) == message.string.count(placeholder), message.id
