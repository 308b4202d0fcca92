"""Which pages show a contact card (core.purge): every page of its municipality's site.

A card is placed by editors in the body of any page (the contact-card block), is the
coordinator on forum pages, the forum index and every meeting in the API, and is on the
home page's "who to contact": no query short of reading every page's body finds them all,
so a card's change renders its site afresh. Only its own site: a card is one
municipality's, and no other municipality's page may show it (contacts.models
OwnContactCards). A card moved to another municipality purges the one it left too.
Cards change seldom; pages are cheap to render again.
"""

from django.db.models.signals import pre_save
from wagtail.models import Site

from contacts.models import ContactCard
from core.links import absolute_url
from core.page_cache import WHOLE_HOST
from core.purge import register_purge_rule


def _note_site_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = ContactCard.objects.filter(pk=instance.pk).values_list("site_id", flat=True).first()
    if before is not None and before != instance.site_id:
        instance._site_before = before


def urls_showing_card(card):
    site_ids = {card.site_id, getattr(card, "_site_before", None)} - {None}
    return [absolute_url(site, WHOLE_HOST) for site in Site.objects.filter(pk__in=site_ids)]


pre_save.connect(_note_site_before, sender=ContactCard, weak=False)
register_purge_rule(ContactCard, urls_showing_card)
