"""The participant's representation requests (from their profile) and the contact person's
page reached from the e-mailed link."""

from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("tili/yhdistykset/pyyda/", views.request_representation, name="request_representation"),
    path("tili/yhdistykset/paata/", views.end_representation, name="end_representation"),
    path("tili/yhdistykset/nayta/", views.show_with_writing, name="show_with_writing"),
    path(
        "yhdistykset/edustaja/<str:token>/",
        views.representation_decision,
        name="representation_decision",
    ),
]
