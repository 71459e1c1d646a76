"""The ledger as reports must read it: conferrals revoked by an issued correction decision stay in
`records.Conferral` (history keeps both) but no longer count."""

from awards.models import DocumentStatus
from records.models import Conferral


def active_conferrals(queryset=None):
    """Ledger rows not revoked by an issued correction decision."""
    queryset = Conferral.objects.all() if queryset is None else queryset
    return queryset.exclude(revocation__decision__status=DocumentStatus.ISSUED)


def revoked_conferrals(queryset=None):
    queryset = Conferral.objects.all() if queryset is None else queryset
    return queryset.filter(revocation__decision__status=DocumentStatus.ISSUED)
