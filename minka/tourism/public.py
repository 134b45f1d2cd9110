"""The group's public tourism pages: no login. What shows follows the catalogue's rule:
only experiences marked public, and a host's name and story only with her recorded
consent. The request form is guarded by a honeypot field and a rate limit per address
(services.booking_request); no third-party captcha, nothing from the internet."""

import uuid

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from minka.lib.http import client_address
from minka.members.access import group_access
from minka.members.models import Group
from minka.tourism import selectors, services
from minka.tourism.forms import RequestForm
from minka.tourism.models import Experience, ExperiencePhoto


def visits_public(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    group = get_object_or_404(Group, id=group_id)
    return render(
        request,
        "tourism/public_list.html",
        {"group": group, "experiences": selectors.public_experiences(group)},
    )


def experience_public(
    request: HttpRequest, group_id: uuid.UUID, experience_id: uuid.UUID
) -> HttpResponse:
    experience = get_object_or_404(
        Experience.objects.select_related("group").prefetch_related("photos"),
        group_id=group_id,
        id=experience_id,
        public=True,
        active=True,
    )
    form = RequestForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["website"]:
            sent = True  # a robot: thanked like anyone, nothing saved
        else:
            try:
                services.booking_request(
                    experience=experience,
                    visit_date=d["visit_date"],
                    people=d["people"],
                    currency=d["currency"],
                    visitor_name=d["visitor_name"],
                    visitor_contact=d["visitor_contact"],
                    message=d["message"],
                    address=client_address(request) or "",
                    today=timezone.localdate(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                sent = True
    status = 200 if request.method != "POST" or sent else 400
    return render(
        request,
        "tourism/public_experience.html",
        {
            "group": experience.group,
            "experience": experience,
            "hosts": selectors.public_hosts(experience),
            "form": form,
            "sent": sent,
        },
        status=status,
    )


def experience_photo_file(
    request: HttpRequest, group_id: uuid.UUID, photo_id: uuid.UUID
) -> FileResponse:
    photo = get_object_or_404(
        ExperiencePhoto.objects.select_related("experience"),
        experience__group_id=group_id,
        id=photo_id,
    )
    if not (photo.experience.public and photo.experience.active):
        group_access(request.user, group_id)  # 404 for anyone outside the group
    try:
        handle = photo.image.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "max-age=86400"
    return response
