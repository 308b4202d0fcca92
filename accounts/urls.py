"""The participant's own pages under /tili/, beside allauth's sign-in pages."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profiili/", views.profile, name="profile"),
    path("omat-tiedot/", views.export_data, name="export"),
    path("api-tunnisteet/", views.api_tokens, name="api_tokens"),
    path("poista/", views.delete_account, name="delete"),
    path("poistettu/", views.account_deleted, name="deleted"),
]
