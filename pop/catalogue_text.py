"""Catalogue text on a page: marked as Dutch (lang="nl") when the page is in another language.

The catalogue (functions, result areas, levels, competencies, indicators, questions, tips) is
written in Dutch and is not translated. A screen reader reads it with a Dutch voice, and a
browser translates or hyphenates it as Dutch, only when the element holding it says so.
Templates use the `catalogue` filter (pop.i18n registers it); forms and charts built in Python
use the helpers below.
"""

from markupsafe import Markup, escape

from pop.translation import current_locale

CATALOGUE_LANGUAGE = "nl"


def catalogue_language() -> str | None:
    """The `lang` that catalogue text needs on this page: None when the page is Dutch too."""
    return None if str(current_locale()) == CATALOGUE_LANGUAGE else CATALOGUE_LANGUAGE


def catalogue_text(value: object) -> Markup:
    """Catalogue text as shown: in a `<span lang="nl">` on a page in another language."""
    if value is None or value == "":
        return Markup("")
    language = catalogue_language()
    if language is None:
        return escape(value)
    return Markup('<span lang="%s">%s</span>') % (language, value)


def catalogue_attributes() -> dict[str, str]:
    """The same as HTML attributes of a form option (`SelectChoice(render_kw=...)`)."""
    language = catalogue_language()
    return {"lang": language} if language else {}


def with_catalogue(message: str, **texts: object) -> Markup:
    """A translated `message` with catalogue `texts` put in, each marked as `catalogue_text`.

    `message` is the translated text with its placeholders still in it: `_("Oordeel over
    %(name)s")`, not `_("…", name=…)`.
    """
    return escape(message) % {name: catalogue_text(text) for name, text in texts.items()}
