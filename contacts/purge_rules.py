"""Which pages show a contact card (core.purge): every page of every site.

A card is placed by editors in the body of any page (the contact-card block), is the
coordinator on forum pages, the forum index and every meeting in the API, and is on the
home page's "who to contact": no query short of reading every page's body finds them all,
so a card's change renders each site afresh. Cards change seldom; pages are cheap to
render again.
"""

from wagtail.models import Site

from contacts.models import ContactCard
from core.links import absolute_url
from core.page_cache import WHOLE_HOST
from core.purge import register_purge_rule


def urls_showing_card(card):
    return [absolute_url(site, WHOLE_HOST) for site in Site.objects.all()]


register_purge_rule(ContactCard, urls_showing_card)
