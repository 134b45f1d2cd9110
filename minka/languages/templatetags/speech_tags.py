"""A speaker button next to a label or a figure: present only where a recording exists.

The <audio> element has preload="none": nothing is fetched until she taps the button
(minka/static/minka/speak.js plays it, or plays number words one after another).
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.templatetags.static import static
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from minka.languages.numbers import money_words
from minka.languages.speech import date_audio, money_audio, number_audio, string_audio

register = template.Library()
SPEAKS = "minka_speaks"


def _button(context: template.Context, urls: list[str], label: str) -> SafeString:
    if not urls:
        return mark_safe("")  # no recording yet: no button, rather than a broken one
    # The page loads speak.js only if it has a button (speak_script, end of base.html):
    # a page with nothing to hear stays free of script.
    # (On the request, not the render context: includes get a render context of their own.)
    request = context.get("request")
    if request is not None:
        setattr(request, SPEAKS, True)
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


def source(value: Any) -> str:
    """The Spanish source of a label: itself, or the msgid behind a lazy translation (a
    form field's label, a choice's name), which is what a recording is kept under."""
    if isinstance(value, Promise):
        # gettext_lazy keeps its arguments; the first is the msgid. (No public API.)
        args = getattr(value, "_args", ())
        return str(args[0]) if args and isinstance(args[0], str) else ""
    return value if isinstance(value, str) else ""


@register.simple_tag(takes_context=True)
def speak(
    context: template.Context, msgid: Any, msgctxt: str = "", language: str = ""
) -> SafeString:
    """Say a Spanish source string in the page's language (or in `language`: a language's
    own name is said in that language), if someone recorded it."""
    msgid = source(msgid)
    if not msgid:
        return mark_safe("")
    page = translation.get_language() or ""
    url = string_audio(msgid, language or page, msgctxt)
    # Named in the page's language: "Escuchar" and the label as she reads it.
    label = msgid if language else (pgettext(msgctxt, msgid) if msgctxt else _(msgid))
    return _button(context, [url] if url else [], label)


@register.simple_tag(takes_context=True)
def speak_choice(context: template.Context, record: Model, field: str) -> SafeString:
    """Say the name of a record's choice (the kind of a line of her account)."""
    try:
        choices = dict(getattr(record._meta.get_field(field), "flatchoices", []))
    except FieldDoesNotExist:  # a wrong name in a template: no button, never a broken page
        return mark_safe("")
    return speak(context, choices.get(getattr(record, field, None), ""))


@register.simple_tag(takes_context=True)
def speak_number(context: template.Context, value: Any) -> SafeString:
    try:
        exact = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return mark_safe("")
    if exact != exact.to_integral_value():
        return mark_safe("")  # 7.5 hours: no words for halves yet, and 7 would be wrong
    n = int(exact)
    return _button(context, number_audio(n, translation.get_language() or ""), str(n))


@register.simple_tag(takes_context=True)
def speak_digits(context: template.Context, value: Any) -> SafeString:
    """A phone number said digit by digit, as people read one out."""
    digits = [int(c) for c in str(value or "") if c.isdigit()]
    language = translation.get_language() or ""
    urls = [number_audio(d, language) for d in digits]
    if not digits or not all(urls):
        return mark_safe("")
    return _button(context, [u for group in urls for u in group], " ".join(map(str, digits)))


@register.simple_tag(takes_context=True)
def speak_money(context: template.Context, value: Any) -> SafeString:
    try:
        amount = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return mark_safe("")
    return _button(context, money_audio(amount, translation.get_language() or ""), str(amount))


@register.simple_tag(takes_context=True)
def speak_date(context: template.Context, value: Any) -> SafeString:
    """Say a date's day and month (the next meeting, pay day), once every word is recorded."""
    if not isinstance(value, date):
        return mark_safe("")
    language = translation.get_language() or ""
    label = formats.date_format(value, "SHORT_DATE_FORMAT")
    return _button(context, date_audio(value, language), label)


@register.simple_tag(takes_context=True)
def speak_script(context: template.Context) -> SafeString:
    """The player, on pages that drew a speaker button above (put it last in the body)."""
    if not getattr(context.get("request"), SPEAKS, False):
        return mark_safe("")
    return format_html('<script src="{}" defer></script>', static("minka/speak.js"))


@register.filter
def in_words(value: Any) -> str:
    """An amount of soles in words, in the page's language: what the button says."""
    try:
        return " ".join(money_words(Decimal(value), translation.get_language() or ""))
    except (TypeError, ValueError, InvalidOperation):
        return ""
