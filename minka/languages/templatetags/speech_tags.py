"""A speaker button next to a label or a figure: present only where a recording exists.

The <audio> element has preload="none": nothing is fetched until she taps the button
(minka/static/minka/speak.js plays it, or plays number words one after another).
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from minka.languages.numbers import money_words
from minka.languages.speech import money_audio, number_audio, string_audio

register = template.Library()


def _button(urls: list[str], label: str) -> SafeString:
    if not urls:
        return mark_safe("")  # no recording yet: no button, rather than a broken one
    title = _("Escuchar")
    if len(urls) == 1:
        audio = format_html('<audio preload="none" src="{}"></audio>', urls[0])
    else:
        audio = format_html('<audio preload="none" data-seq="{}"></audio>', " ".join(urls))
    return format_html(
        '<span class="speak"><button type="button" class="speak-button" data-speak '
        'aria-label="{} {}" title="{}">'
        '<svg class="icon" width="24" height="24" aria-hidden="true">'
        '<use href="{}#speaker"/></svg></button>{}</span>',
        title,
        label,
        title,
        static("minka/icons.svg"),
        audio,
    )


@register.simple_tag
def speak(msgid: str, context: str = "") -> SafeString:
    """Say a Spanish source string in the page's language, if someone recorded it."""
    language = translation.get_language() or ""
    return _button([u for u in [string_audio(msgid, language, context)] if u], msgid)


@register.simple_tag
def speak_number(value: Any) -> SafeString:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return mark_safe("")
    return _button(number_audio(n, translation.get_language() or ""), str(n))


@register.simple_tag
def speak_money(value: Any) -> SafeString:
    try:
        amount = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return mark_safe("")
    return _button(money_audio(amount, translation.get_language() or ""), str(amount))


@register.filter
def in_words(value: Any) -> str:
    """An amount of soles in words, in the page's language: what the button says."""
    try:
        return " ".join(money_words(Decimal(value), translation.get_language() or ""))
    except (TypeError, ValueError, InvalidOperation):
        return ""
