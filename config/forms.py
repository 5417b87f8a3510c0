"""The rule every text field of every form follows: no NUL byte, no control character.

Single-line inputs refuse every control character (line breaks included: a title or
venue goes into e-mail headers and calendar lines); multi-line ones (a ``Textarea``)
keep tab and line breaks. Every form of the project takes it through ``TextRules``
(tests/config/test_forms.py walks them all).
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MULTILINE_ALLOWED = frozenset("\t\n\r")


@deconstructible
class NoControlCharacters:
    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        allowed = MULTILINE_ALLOWED if self.multiline else frozenset()
        for position, char in enumerate(value, start=1):
            if char not in allowed and unicodedata.category(char) == "Cc":
                raise ValidationError(
                    _(
                        "Isian berisi karakter kendali yang tidak diizinkan (%(code)s) pada "
                        "karakter ke-%(position)d; hapus karakter itu lalu simpan lagi."
                    ),
                    code="control_character",
                    params={"code": f"U+{ord(char):04X}", "position": position},
                )

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


def apply_text_rules(form: forms.BaseForm) -> None:
    """Adds the rule to every text field of ``form`` (once)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not any(
            isinstance(v, NoControlCharacters) for v in field.validators
        ):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(NoControlCharacters(multiline=multiline))


class TextRules:
    """Mixin for every form of the project: put it before ``forms.Form`` /
    ``forms.ModelForm`` in the bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_text_rules(self)


class Form(TextRules, forms.Form):
    pass


class ModelForm(TextRules, forms.ModelForm):
    pass


# A search box takes a few words, not a document: 2,000 words became a query the
# database timed out on.
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 10


@deconstructible
class SearchTerms:
    def __call__(self, value) -> None:
        if isinstance(value, str) and len(value.split()) > SEARCH_MAX_TERMS:
            raise ValidationError(
                _("Pencarian paling banyak %(max)d kata; yang diketik %(count)d kata."),
                code="too_many_terms",
                params={"max": SEARCH_MAX_TERMS, "count": len(value.split())},
            )

    def __eq__(self, other):
        return isinstance(other, SearchTerms)


def search_field_options() -> dict:
    """Keyword arguments for a search box's CharField (or django-filter CharFilter)."""
    return {"max_length": SEARCH_MAX_LENGTH, "validators": [SearchTerms()]}
