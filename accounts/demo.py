"""The demo's invented participants (none of them can sign in), for every app's demo."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from accounts.models import User

# The associations they represent are the register's (associations' demo). Aino, Mikko,
# Leena and Oskari are active in Järvelä, Kaarina and Teemu in Koivikko, Sointu in
# Lahdenperä; Ilmari sings in choirs of both Järvelä and Koivikko and writes on both walls
# with his one account.
DEMO_PARTICIPANTS = {
    "aino": ("aino.lehtola@demo.example", "Aino Lehtola"),
    "mikko": ("mikko.saarelainen@demo.example", "Mikko Saarelainen"),
    "leena": ("leena.vuorinen@demo.example", "Leena Vuorinen"),
    "oskari": ("oskari.nieminen@demo.example", "Oskari Nieminen"),
    "kaarina": ("kaarina.hietala@demo.example", "Kaarina Hietala"),
    "teemu": ("teemu.peltonen@demo.example", "Teemu Peltonen"),
    "sointu": ("sointu.aaltonen@demo.example", "Sointu Aaltonen"),
    "ilmari": ("ilmari.jokela@demo.example", "Ilmari Jokela"),
}


def ensure_demo_participants(report):
    """The invented participants, keyed by a short name; none of them can sign in."""
    people = {}
    for key, (email, name) in DEMO_PARTICIPANTS.items():
        person = User.objects.filter(email=email).first()
        created = person is None
        if created:
            person = User(email=email, display_name=name)
            person.set_unusable_password()
            person.save()
        report.record("participants", name, created)
        people[key] = person
    return people


def demo_request(person=None):
    """A request from this participant (or a visitor who has not signed in), as the
    services take one; their rate limits count it like any other."""
    request = HttpRequest()
    request.user = person or AnonymousUser()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return request


DEMO_EDITOR = ("tiina.toimittaja@demo.example", "Tiina Toimittaja")


def ensure_demo_editor(report):
    """An invented member of the communications staff, for the demo's staff decisions: in
    Wagtail's "Moderators" and "Editors" groups. She cannot sign in either."""
    from django.contrib.auth.models import Group

    email, name = DEMO_EDITOR
    editor = User.objects.filter(email=email).first()
    created = editor is None
    if created:
        editor = User(email=email, display_name=name, is_staff=True)
        editor.set_unusable_password()
        editor.save()
        # Wagtail's Moderators publish every page; Editors also decide forum seats and
        # keep the association register (their apps' migrations give them those).
        editor.groups.add(*Group.objects.filter(name__in=["Moderators", "Editors"]))
    report.record("staff", name, created)
    return editor


def ensure_staff_member(report, email, name, groups):
    """An invented member of a municipality's staff in `groups` (its editors' or its
    moderators' group); like the others, unable to sign in until given a password."""
    member = User.objects.filter(email=email).first()
    created = member is None
    if created:
        member = User(email=email, display_name=name, is_staff=True)
        member.set_unusable_password()
        member.save()
        member.groups.add(*groups)
    report.record("staff", name, created)
    return member
