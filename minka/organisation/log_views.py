"""The access log of all the organisation's groups, for its staff (on central: the
entries of every site, as they arrived by sync), and a login's breach report."""

import uuid

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from minka.lib.http import AuthedHttpRequest
from minka.organisation.access import organisation_for_staff
from minka.privacy import selectors
from minka.privacy.forms import PeriodForm

SHOWN = 300


@login_required
def organisation_access_log(request: AuthedHttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = organisation_for_staff(request.user, organisation_id)
    form = PeriodForm(request.GET or None)
    entries = selectors.access_log(organisation=organisation)
    seen: list[dict[str, object]] | None = None
    who: User | None = None
    if form.is_valid():
        d = form.cleaned_data
        entries = selectors.access_log(organisation=organisation, first=d["first"], last=d["last"])
        if d["username"]:
            who = User.objects.filter(username=d["username"]).first()
            if who is None:
                form.add_error("username", _("No hay un usuario con ese nombre."))
            else:
                entries = entries.filter(user=who)
                seen = selectors.seen_by(
                    organisation=organisation, user=who, first=d["first"], last=d["last"]
                )
    context = {
        "organisation": organisation,
        "form": form,
        "entries": entries[:SHOWN],
        "seen": seen,
        "who": who,
    }
    return render(request, "organisation/access_log.html", context)
