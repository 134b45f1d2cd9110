"""A link that carries a choice (?allocation=) is read through a form: a choice that
is not hers is a page that does not exist, not a quietly ignored value."""

from django.urls import reverse

from minka.conftest import World, order_in_production


def test_the_materials_link_preselects_her_allocation_and_nothing_else(world: World) -> None:
    _order, allocations = order_in_production(world)
    hers = next(a for a in allocations if a.member_id == world.maria.id)
    other = next(a for a in allocations if a.member_id != world.maria.id)
    rosa = world.client_for(world.rosa)
    page_url = reverse("material_move_create", args=[world.camacani.id, world.maria.id])
    page = rosa.get(f"{page_url}?allocation={hers.id}").content.decode()
    assert f'<option value="{hers.id}" selected>' in page
    assert f'<option value="{hers.id}" selected>' not in rosa.get(page_url).content.decode()
    for junk in ("x", str(other.id), "1e9"):
        assert rosa.get(f"{page_url}?allocation={junk}").status_code == 404, junk
