"""The translator's screen: each string in Spanish, the draft, a correction, approve."""

import hashlib
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minka.languages.catalog import Entry, sources
from minka.languages.dates import DATE_CONTEXT, date_vocabulary
from minka.languages.forms import ImportForm, RecordForm, ReviewForm, ShowForm, TranslatorForm
from minka.languages.models import (
    NUMBER_CONTEXT,
    RECORDED,
    Recording,
    ReviewedString,
    Translator,
)
from minka.languages.numbers import vocabulary
from minka.languages.services import (
    recording_save,
    reviewed_approve,
    reviewed_export,
    reviewed_import,
)
from minka.lib.http import AuthedHttpRequest
from minka.members.access import STAFF, Access, Can, group_access
from minka.members.models import GroupRole

NAMES = dict(RECORDED)
SOURCE = "es"  # recorded, never reviewed: it is the text the others translate


def entry_key(entry: Entry) -> str:
    return hashlib.sha1(f"{entry.context}\x04{entry.msgid}".encode()).hexdigest()


def _languages_of(access: Access, request: AuthedHttpRequest) -> list[str]:
    if STAFF in access.roles or access.can(Can.MANAGE):
        return list(NAMES)
    mine = set(
        Translator.objects.filter(group=access.group, user=request.user).values_list(
            "language", flat=True
        )
    )
    # Every translator reads the Spanish source, so any of them may record it too.
    return [code for code in NAMES if code in mine or (mine and code == SOURCE)]


def _translator_access(request: AuthedHttpRequest, group_id: uuid.UUID, language: str) -> Access:
    access = group_access(request.user, group_id)
    if language not in NAMES:
        raise Http404
    if language not in _languages_of(access, request):
        raise PermissionDenied
    return access


@login_required
def translation_home(request: AuthedHttpRequest, group_id: uuid.UUID) -> HttpResponse:
    access = group_access(request.user, group_id)
    languages = _languages_of(access, request)
    can_name = STAFF in access.roles or access.can(Can.MANAGE)
    if not languages:
        raise PermissionDenied
    form = TranslatorForm(request.POST or None) if can_name else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            user = form.cleaned_data["username"]
            if (
                not GroupRole.objects.filter(user=user, group=access.group).exists()
                and STAFF not in access.roles
            ):
                form.add_error("username", _("Esa persona no pertenece a este grupo."))
            else:
                Translator.objects.get_or_create(
                    group=access.group, user=user, language=form.cleaned_data["language"]
                )
                messages.success(request, _("Traductora registrada."))
                return redirect("translation_home", access.group.id)
    rows = []
    for code in languages:
        rows.append(
            {
                "code": code,
                "name": NAMES[code],
                "total": len(sources(code)),
                "reviewed": ReviewedString.objects.filter(language=code).count(),
                "recorded": Recording.objects.filter(language=code).count(),
                "source": code == SOURCE,
            }
        )
    translators = Translator.objects.filter(group=access.group).select_related("user")
    context = {"access": access, "rows": rows, "form": form, "translators": translators}
    return render(request, "languages/home.html", context)


@login_required
def translation_list(
    request: AuthedHttpRequest, group_id: uuid.UUID, language: str
) -> HttpResponse:
    access = _translator_access(request, group_id, language)
    entries = {entry_key(e): e for e in sources(language)}
    reviewed = {
        (r.context, r.msgid): r
        for r in ReviewedString.objects.filter(language=language).select_related("reviewed_by")
    }
    if request.method == "POST" and language == SOURCE:
        messages.error(request, _("El castellano es el texto de origen: solo se graba."))
        return redirect(request.get_full_path())
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid() and form.cleaned_data["key"] in entries:
            entry = entries[form.cleaned_data["key"]]
            try:
                reviewed_approve(
                    language=language,
                    context=entry.context,
                    msgid=entry.msgid,
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Aprobada: «%(s)s».") % {"s": entry.msgid[:60]})
        else:
            messages.error(request, _("Escriba la traducción."))
        return redirect(request.get_full_path())
    show = ShowForm(request.GET)
    choice, page = "pending", 1
    if show.is_valid():
        choice = show.cleaned_data["show"] or "pending"
        page = show.cleaned_data["page"] or 1
    recorded = {(r.context, r.msgid): r for r in Recording.objects.filter(language=language)}
    rows = []
    listed = number_entries(language) if choice == "numbers" else entries
    for key, entry in listed.items():
        done = reviewed.get((entry.context, entry.msgid))
        recording = recorded.get((entry.context, entry.msgid))
        # Spanish needs no review: what is pending is its recording.
        finished = recording if language == SOURCE else done
        if (choice == "pending" and finished) or (choice == "reviewed" and not finished):
            continue
        rows.append(
            {
                "key": key,
                "entry": entry,
                "reviewed": done,
                "recording": recording,
                "number": entry.context == NUMBER_CONTEXT,
                "date": entry.context == DATE_CONTEXT,
            }
        )
    paged = Paginator(rows, 30).get_page(page)
    context = {
        "access": access,
        "language": language,
        "name": NAMES[language],
        "page": paged,
        "show": choice,
        "import_form": ImportForm(),
        "recorded": len(recorded),
        "source": language == SOURCE,
    }
    return render(request, "languages/list.html", context)


@login_required
def translation_export(
    request: AuthedHttpRequest, group_id: uuid.UUID, language: str
) -> HttpResponse:
    _translator_access(request, group_id, language)
    response = HttpResponse(reviewed_export(language), content_type="text/x-gettext-translation")
    response["Content-Disposition"] = f'attachment; filename="minka-{language}-revisado.po"'
    return response


@login_required
def translation_import(
    request: AuthedHttpRequest, group_id: uuid.UUID, language: str
) -> HttpResponse:
    access = _translator_access(request, group_id, language)
    if request.method != "POST":
        return redirect("translation_list", access.group.id, language)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = reviewed_import(
                language=language, text=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s frases revisadas importadas.") % {"n": count})
    else:
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
    return redirect("translation_list", access.group.id, language)


def number_entries(language: str) -> dict[str, Entry]:
    """The number words of a language and its date words (months), to record one by one
    (said, not translated)."""
    # The date words first: fourteen of them, not lost pages behind the number words.
    words = [Entry(context=DATE_CONTEXT, msgid=w, draft=w) for w in date_vocabulary(language)]
    words += [Entry(context=NUMBER_CONTEXT, msgid=w, draft=w) for w in vocabulary(language)]
    return {entry_key(e): e for e in words}


@login_required
def translation_record(
    request: AuthedHttpRequest, group_id: uuid.UUID, language: str
) -> HttpResponse:
    """Keep a recording made on the translator's screen; a bad file changes nothing."""
    access = _translator_access(request, group_id, language)
    if request.method != "POST":
        return redirect("translation_list", access.group.id, language)
    form = RecordForm(request.POST, request.FILES)
    known = {**{entry_key(e): e for e in sources(language)}, **number_entries(language)}
    show = ShowForm(request.POST)
    target = ""
    if show.is_valid() and show.cleaned_data["show"]:
        target = "?" + urlencode(
            {"show": show.cleaned_data["show"], "page": show.cleaned_data["page"] or 1}
        )
    if not form.is_valid() or form.cleaned_data["key"] not in known:
        messages.error(request, _("Grabe la frase antes de guardarla."))
    else:
        entry = known[form.cleaned_data["key"]]
        try:
            recording_save(
                language=language,
                context=entry.context,
                msgid=entry.msgid,
                upload=form.cleaned_data["audio"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Grabación guardada: «%(s)s».") % {"s": entry.msgid[:60]})
    return redirect(reverse("translation_list", args=[access.group.id, language]) + target)


@login_required
def recording_audio(request: AuthedHttpRequest, recording_id: uuid.UUID) -> FileResponse:
    """A recorded string or number word (interface text, nobody's data): any person
    signed in may hear it."""
    recording = get_object_or_404(Recording, id=recording_id)
    return FileResponse(recording.audio.open("rb"), content_type=recording.content_type)
