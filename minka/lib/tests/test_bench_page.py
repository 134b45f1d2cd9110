"""The benchmark's ceiling page (bench/ceiling.py) is not a page of Minka."""

from django.conf import settings


def test_the_ceiling_page_exists_only_for_the_benchmark(world):
    assert settings.ROOT_URLCONF == "minka.urls"  # bench.ceiling only with MINKA_BENCH=true
    rosa = world.client_for(world.rosa)
    assert rosa.get(f"/bench/ceiling/{world.camacani.id}/").status_code == 404
