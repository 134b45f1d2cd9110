"""Writes about translations: the drafts into the catalogs, a speaker's review into the
database, and reviewed strings out to and in from .po files."""

import re
import uuid

import polib
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minka.languages.audio import audio_check
from minka.languages.catalog import LOCALE, drafts, sources
from minka.languages.dates import DATE_CONTEXT, date_vocabulary
from minka.languages.drafts import DRAFTS, PLURAL_DRAFTS
from minka.languages.models import (
    NUMBER_CONTEXT,
    RECORDED,
    TRANSLATED,
    Recording,
    ReviewedString,
)
from minka.languages.numbers import vocabulary

DRAFT_NOTE = "borrador del equipo de Minka: sin revisar por una hablante nativa"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}|\{\w*\}")
NAMES = dict(TRANSLATED)


def _header(language: str) -> dict[str, str]:
    return {
        "Project-Id-Version": "Minka",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        # CLDR has one plural category for Quechua and for Aymara.
        "Plural-Forms": "nplurals=1; plural=0;",
        "X-Minka-Status": "draft",
    }


def drafts_write() -> dict[str, int]:
    """Put the team's drafts into the shipped catalogs, each marked as a draft."""
    written = {}
    for index, language in enumerate(("qu", "ay")):
        folder = LOCALE / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po = polib.POFile(wrapwidth=0)
        po.metadata = _header(language)
        po.header = (
            f"{NAMES[language]} ({language}) for Minka's member pages. DRAFT: every string "
            "here was drafted by the Minka team and awaits review by native speakers "
            "(the translator's screen keeps reviewed strings apart)."
        )
        for source, pair in sorted(DRAFTS.items()):
            po.append(polib.POEntry(msgid=source, msgstr=pair[index], tcomment=DRAFT_NOTE))
        for (one, many), pair in sorted(PLURAL_DRAFTS.items()):
            po.append(
                polib.POEntry(
                    msgid=one,
                    msgid_plural=many,
                    msgstr_plural={0: pair[index]},
                    tcomment=DRAFT_NOTE,
                )
            )
        po.save(str(folder / "django.po"))
        po.save_as_mofile(str(folder / "django.mo"))
        written[language] = len(po)
    drafts.cache_clear()
    sources.cache_clear()
    return written


def _check_placeholders(msgid: str, text: str) -> None:
    if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text)):
        raise ValidationError(
            _("La traducción debe tener los mismos espacios para datos que el castellano: %(p)s")
            % {"p": " ".join(PLACEHOLDER.findall(msgid)) or "—"}
        )


def reviewed_approve(
    *, language: str, context: str, msgid: str, text: str, by: User | None, source: str = "screen"
) -> ReviewedString:
    """A speaker approves a draft as it is or corrects it; the newest review wins."""
    if language not in NAMES:
        raise ValidationError(_("Ese idioma no se traduce aquí."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Escriba la traducción."))
    if not any(e.msgid == msgid and e.context == context for e in drafts(language)):
        raise ValidationError(_("Esa frase no está en el catálogo."))
    _check_placeholders(msgid, text)
    with transaction.atomic():
        reviewed, _created = ReviewedString.objects.update_or_create(
            language=language,
            context=context,
            msgid=msgid,
            defaults={"text": text, "reviewed_by": by, "source": source},
        )
    return reviewed


def reviewed_export(language: str) -> str:
    """The reviewed strings of a language as a .po file (what ships in the next release)."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {**_header(language), "X-Minka-Status": "reviewed"}
    po.metadata["PO-Revision-Date"] = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    for row in ReviewedString.objects.filter(language=language).order_by("msgid"):
        po.append(
            polib.POEntry(
                msgctxt=row.context or None,
                msgid=row.msgid,
                msgstr=row.text,
                tcomment=f"revisado ({row.source}) {row.reviewed_at:%Y-%m-%d}",
            )
        )
    return str(po)


def reviewed_import(*, language: str, text: str, by: User | None) -> int:
    """Read a .po file of reviewed strings; all of it applies, or (on any error) none."""
    try:
        po = polib.pofile(text)
    except (OSError, ValueError, UnicodeError) as exc:
        raise ValidationError(_("El archivo no es un catálogo .po válido.")) from exc
    declared = po.metadata.get("Language", "")
    if declared and declared != language:
        raise ValidationError(
            _("El archivo es del idioma «%(found)s», no de «%(want)s».")
            % {"found": declared, "want": language}
        )
    count = 0
    with transaction.atomic():
        for entry in po:
            if entry.obsolete or entry.fuzzy or not entry.msgstr or entry.msgid_plural:
                continue
            reviewed_approve(
                language=language,
                context=entry.msgctxt or "",
                msgid=entry.msgid,
                text=entry.msgstr,
                by=by,
                source="import",
            )
            count += 1
    return count


def recordable(language: str, context: str, msgid: str) -> bool:
    """A string of the catalog (for Spanish, a source string), or a number or date word
    of the language."""
    if context == NUMBER_CONTEXT:
        return msgid in vocabulary(language)
    if context == DATE_CONTEXT:
        return msgid in date_vocabulary(language)
    return any(e.msgid == msgid and e.context == context for e in sources(language))


def recording_save(
    *, language: str, context: str, msgid: str, upload: UploadedFile, by: User | None
) -> Recording:
    """Keep a speaker's recording of a string; a new one replaces the old. A file that is
    not whole WebM/Ogg audio, or is too big, is refused and nothing changes."""
    if language not in dict(RECORDED):
        raise ValidationError(_("Ese idioma no se traduce aquí."))
    if not recordable(language, context, msgid):
        raise ValidationError(_("Esa frase no está en el catálogo."))
    data, kind = audio_check(upload)
    extension = "webm" if kind == "audio/webm" else "ogg"
    with transaction.atomic():
        recording = Recording.objects.filter(
            language=language, context=context, msgid=msgid
        ).first()
        old = recording.audio.name if recording else ""
        if recording is None:
            recording = Recording(language=language, context=context, msgid=msgid)
        recording.audio.save(
            f"{language}-{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False
        )
        recording.content_type = kind
        recording.size = len(data)
        recording.recorded_by = by
        recording.save()
        if old:
            storage = recording.audio.storage
            transaction.on_commit(lambda: storage.delete(old))
    return recording
