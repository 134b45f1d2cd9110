"""The ceiling page: what Minka's own stack serves at best, to compare its pages against.

Same middleware, same logged-in session, same template engine as every page; the view
makes three small queries and renders a small template. It exists only for the benchmark:
settings use this URL configuration (Minka's URLs plus this page) when MINKA_BENCH=true,
and bench/ is not part of the installed package.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from minka.members.models import Group, Member
from minka.production.models import Order
from minka.urls import urlpatterns as minka_urlpatterns

TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="{{ LANGUAGE_CODE }}"><title>{{ group.name }}</title>'
    "<h1>{{ group.name }}</h1><p>{{ orders }} pedidos</p><ul>"
    "{% for m in members %}<li>{{ m.number }}. {{ m.first_name }} {{ m.last_name }}</li>"
    "{% endfor %}</ul></html>"
)


@login_required
def ceiling(request: HttpRequest, group_id: uuid.UUID) -> HttpResponse:
    group = Group.objects.get(id=group_id)
    members = list(Member.objects.filter(group=group).order_by("number")[:10])
    orders = Order.objects.filter(group=group).count()
    context = {"group": group, "members": members, "orders": orders}
    return HttpResponse(TEMPLATE.render(context, request))


urlpatterns = [
    *minka_urlpatterns,
    path("bench/ceiling/<uuid:group_id>/", ceiling, name="bench_ceiling"),
]
