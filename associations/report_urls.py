"""The public report form's addresses, mounted in Finnish under yhdistykset/ilmoita/."""

from django.urls import path

from associations import report_views

urlpatterns = [
    path("", report_views.report_new, name="association_report"),
    path("muutos/<slug:slug>/", report_views.report_update, name="association_report_update"),
    path("tarkista-sahkoposti/", report_views.report_sent, name="association_report_sent"),
    path("vahvista/<str:token>/", report_views.report_confirm, name="association_report_confirm"),
]
