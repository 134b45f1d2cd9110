from django.urls import path

from minka.cash import views

urlpatterns = [
    path("", views.cash_book_page, name="cash_book"),
]
