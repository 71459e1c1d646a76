from django import template

from records import roles
from records.integrity import chain_head

register = template.Library()


@register.filter
def visible_to(unit, user):
    """Whether `user` may open the page of `unit` (so templates link only what will open)."""
    if unit is None:
        return False
    unit_ids = user.visible_unit_ids
    return unit_ids is None or unit.pk in unit_ids


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with `changes` applied (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def may_browse(user, permission):
    """`{% if user|may_browse:"records.view_unit" %}`: the menu's check, without a query."""
    return user.is_authenticated and roles.may_browse(user, permission)


@register.simple_tag
def audit_chain_head():
    """(last hash, number of events) of the audit trail, printed on official documents so that
    a later verification can show the trail they were printed from is intact."""
    return chain_head()
