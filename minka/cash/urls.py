from django.urls import path

from minka.cash import views

urlpatterns = [
    path("", views.cash_book_page, name="cash_book"),
    path("hand/", views.cash_hand, name="cash_hand"),
    path("count/", views.cash_count, name="cash_count"),
]
