"""List pages cost the same number of queries with 1 sale or with many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minka.sales import services
from minka.sales.models import CatalogueEntry, LocationKind
from minka.sales.services import Item
from minka.sales.tests.conftest import Shop, url

TODAY = timezone.localdate()


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def more_business(selling: Shop, start: int, n: int) -> None:
    w = selling.world
    for i in range(start, start + n):
        place = services.location_create(
            group=w.camacani, name=f"Feria {i}", kind=LocationKind.FAIR
        )
        services.stock_add_own(
            location=place,
            product=selling.scarf,
            maker=w.carmen,
            quantity=3,
            on=TODAY,
            by=w.teresa,
        )
        services.sale_record(
            location=place,
            items=[Item(selling.scarf, w.carmen, "own", 1)],
            method="cash",
            on=TODAY,
            by=w.teresa,
        )
        services.stock_move(
            source=selling.shop,
            target=selling.store,
            items=[Item(selling.scarf, w.maria, "own", 1)],
            on=TODAY,
            by=w.teresa,
        )
        services.store_report(
            store=selling.store,
            sold=[Item(selling.scarf, w.maria, "own", 1)],
            returned=[],
            back_to=None,
            on=TODAY,
            by=w.teresa,
        )
    CatalogueEntry.objects.get_or_create(product=selling.scarf, defaults={"public": True})


def test_list_pages_do_not_grow_with_the_data(selling: Shop) -> None:
    w = selling.world
    teresa = w.client_for(w.teresa)
    pages = [
        url("sales_home", w.camacani),
        url("stock", w.camacani),
        url("quick_sale", w.camacani),
        url("stores", w.camacani),
        url("store_detail", w.camacani, selling.store.id),
        url("fund", w.camacani),
        url("sales_report", w.camacani),
        url("catalogue_public", w.camacani),
    ]
    more_business(selling, 0, 1)
    before = [queries(teresa, p) for p in pages]
    more_business(selling, 1, 3)
    after = [queries(teresa, p) for p in pages]
    assert after == before
