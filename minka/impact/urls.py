from django.urls import path

from minka.impact import views

urlpatterns = [
    path("", views.impact, name="impact"),
    path("indicadores.csv", views.impact_csv, name="impact_csv"),
    path("personas.csv", views.impact_people_csv, name="impact_people_csv"),
]
