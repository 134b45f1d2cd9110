"""The sync page (both roles), held changes (central), and the two endpoints a site calls."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from minka.sync import client
from minka.sync.access import require_sync
from minka.sync.enrol import central_peer, enrol
from minka.sync.forms import BundleFileForm, EnrolForm, RegisterSiteForm
from minka.sync.inbox import write
from minka.sync.models import Change, HeldChange, Peer, SyncLog
from minka.sync.roles import here, is_central
from minka.sync.selectors import local_pending, peer_status
from minka.sync.services import bundle_for, bundle_read, enrol_accept, site_register


def file_name(sender: str, receiver: str, seq: int) -> str:
    """Plain 8.3-friendly letters, digits and dashes: safe on FAT32 and every phone."""
    return f"minka-{sender}-{receiver}-{seq:06d}.mks"


def _download(data: bytes, peer: Peer) -> HttpResponse:
    from minka.sync.bundle import unpack

    seq = int(unpack(data)[0].head["seq"])
    response = HttpResponse(data, content_type="application/octet-stream")
    name = file_name(here(), peer.code, seq)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def sync_home(request: HttpRequest) -> HttpResponse:
    require_sync(request.user)
    context: dict[str, Any] = {
        "central": is_central(),
        "here": here(),
        "logs": SyncLog.objects.all()[:15],
        "file_form": BundleFileForm(),
    }
    if is_central():
        context["sites"] = [peer_status(p) for p in Peer.objects.order_by("code")]
        context["register_form"] = RegisterSiteForm()
        context["held"] = HeldChange.objects.filter(resolved_at=None)[:50]
    else:
        peer = central_peer()
        context["status"] = peer_status(peer) if peer else None
        context["pending"] = local_pending()
        context["enrol_form"] = EnrolForm()
    return render(request, "sync/sync.html", context)


@login_required
@require_POST
def sync_now(request: HttpRequest) -> HttpResponse:
    require_sync(request.user)
    try:
        result = client.sync_now(max_seconds=15)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Sincronizado: %(sent)s cambios enviados, %(applied)s recibidos.")
            % {"sent": result.sent, "applied": result.applied}
            + (" " + _("Queda más: pulse otra vez.") if result.unfinished else ""),
        )
    return redirect("sync_home")


@login_required
@require_POST
def sync_file_out(request: HttpRequest) -> HttpResponse:
    """On a site: the file for the USB stick. On central: the answer file for a site."""
    require_sync(request.user)
    if is_central():
        peer = get_object_or_404(Peer, code=request.POST.get("site", ""))
    else:
        found = central_peer()
        if found is None:
            messages.error(request, _("Este sitio aún no está inscrito en el servidor central."))
            return redirect("sync_home")
        peer = found
    data, _count, _more = bundle_for(peer, limit=None)
    return _download(data, peer)


@login_required
@require_POST
def sync_file_in(request: HttpRequest) -> HttpResponse:
    require_sync(request.user)
    form = BundleFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect("sync_home")
    try:
        peer, out = bundle_read(form.cleaned_data["file"], way="file")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("sync_home")
    text = _("Archivo leído: %(applied)s cambios aplicados, %(held)s retenidos.") % {
        "applied": out.applied,
        "held": out.held,
    }
    if is_central():
        text += " " + _("Descargue ahora el archivo de respuesta para %(site)s.") % {
            "site": peer.code
        }
    messages.success(request, text)
    return redirect("sync_home")


@login_required
@require_POST
def register_site(request: HttpRequest) -> HttpResponse:
    require_sync(request.user)
    if not is_central():
        raise Http404
    form = RegisterSiteForm(request.POST)
    secret = None
    if form.is_valid():
        try:
            peer, secret = site_register(
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                group_codes=form.group_codes(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if secret is None:
        return render(request, "sync/register.html", {"form": form}, status=400)
    return render(request, "sync/register.html", {"peer": peer, "secret": secret})


@login_required
@require_POST
def enrol_site(request: HttpRequest) -> HttpResponse:
    require_sync(request.user)
    form = EnrolForm(request.POST)
    if form.is_valid():
        try:
            peer = enrol(form.cleaned_data["url"], form.cleaned_data["secret"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Sitio inscrito en %(c)s.") % {"c": peer.code})
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("sync_home")


@login_required
@require_POST
def held_resolve(request: HttpRequest, held_id: int) -> HttpResponse:
    require_sync(request.user)
    if not is_central():
        raise Http404
    with transaction.atomic():
        held = get_object_or_404(HeldChange.objects.select_for_update(), pk=held_id)
        if held.resolved_at is None:
            if request.POST.get("action") == "apply":
                write(held.model, str(held.record_id), held.data, {})
                Change.objects.create(
                    origin=held.origin,
                    counter=held.counter,
                    model=held.model,
                    record_id=held.record_id,
                    deleted=held.data is None,
                    changed_at=timezone.now(),
                )
                held.resolution = "applied"
            else:
                held.resolution = "dropped"
            held.resolved_at = timezone.now()
            held.resolved_by = request.user  # type: ignore[assignment]  # the view is behind login_required
            held.save()
    messages.success(request, _("Cambio retenido resuelto."))
    return redirect("sync_home")


def _refusal(exc: ValidationError, status: int = 400, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": " ".join(exc.messages), "code": exc.code, **extra}, status=status)


@csrf_exempt
@require_POST
def api_enrol(request: HttpRequest) -> HttpResponse:
    if not is_central():
        raise Http404
    try:
        body = json.loads(request.body)
        answer = enrol_accept(
            code=str(body["code"]), secret=str(body["secret"]), public_key=str(body["public_key"])
        )
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Solicitud mal formada.")}, status=400)
    except ValidationError as exc:
        from minka.sync.services import log

        log(str(body.get("code", ""))[:8], "enrol", error=" ".join(exc.messages))
        return _refusal(exc, status=403)
    return JsonResponse(answer)


@csrf_exempt
@require_POST
def api_exchange(request: HttpRequest) -> HttpResponse:
    """A site's bundle in, central's bundle for it out (acks and central's changes)."""
    if not is_central():
        raise Http404
    try:
        peer, _out = bundle_read(request.body, way="http")
    except ValidationError as exc:
        if exc.code == "gap":
            from minka.sync.bundle import unpack

            sender = unpack(request.body)[0].sender
            have = Peer.objects.get(code=sender).received_upto
            return _refusal(exc, status=409, received_upto=have)
        return _refusal(exc, status=403 if exc.code in {"unknown", "replay"} else 400)
    data, _count, _more = bundle_for(peer)
    return HttpResponse(data, content_type="application/octet-stream")
