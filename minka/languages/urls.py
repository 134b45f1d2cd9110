from django.urls import path

from minka.languages import views

urlpatterns = [
    path("", views.translation_home, name="translation_home"),
    path("<str:language>/", views.translation_list, name="translation_list"),
    path("<str:language>/export.po", views.translation_export, name="translation_export"),
    path("<str:language>/import/", views.translation_import, name="translation_import"),
    path("<str:language>/record/", views.translation_record, name="translation_record"),
]
