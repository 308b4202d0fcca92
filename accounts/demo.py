"""The demo's invented participants (none of them can sign in), for every app's demo."""

from accounts.models import Association, User

DEMO_PARTICIPANTS = {
    "aino": ("aino.lehtola@demo.example", "Aino Lehtola", "Järvelän Latu ry", ""),
    "mikko": (
        "mikko.saarelainen@demo.example",
        "Mikko Saarelainen",
        "Kulttuuriyhdistys Kajastus ry",
        "",
    ),
    "leena": ("leena.vuorinen@demo.example", "Leena Vuorinen", "Järvelän Eläkkeensaajat ry", ""),
    # Typed their association by hand; staff have not linked it to the list yet.
    "oskari": ("oskari.nieminen@demo.example", "Oskari Nieminen", "", "Nuorisoseura Virta"),
}


def ensure_demo_participants(report):
    """The invented participants, keyed by a short name; none of them can sign in."""
    people = {}
    for key, (email, name, association_name, typed) in DEMO_PARTICIPANTS.items():
        association = None
        if association_name:
            association, created = Association.objects.get_or_create(name=association_name)
            report.record("associations", association_name, created)
        person = User.objects.filter(email=email).first()
        created = person is None
        if created:
            person = User(
                email=email,
                display_name=name,
                association=association,
                association_name_given=typed,
            )
            person.set_unusable_password()
            person.save()
        report.record("participants", name, created)
        people[key] = person
    return people
