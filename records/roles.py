"""Roles are auth groups with these names; `setup_roles` gives each group its permissions."""

from django.utils.translation import gettext_lazy as _

UNIT_OFFICER = "unit_officer"
CLERK = "standing_office"
COUNCIL_MEMBER = "council_member"
COUNCIL_CHAIR = "council_chair"
INITIATIVE_MEMBER = "initiative_council_member"
STAFF = "staff"
ADMINISTRATOR = "administrator"

LABELS = {
    UNIT_OFFICER: _("Unit emulation officer"),
    CLERK: _("Standing office (clerk)"),
    COUNCIL_MEMBER: _("Council member"),
    COUNCIL_CHAIR: _("Council chair"),
    INITIATIVE_MEMBER: _("Initiative council member"),
    STAFF: _("Staff member"),
    ADMINISTRATOR: _("Administrator"),
}

# Roles that see the records of their own unit's whole subtree.
UNIT_SCOPED = (UNIT_OFFICER, CLERK, COUNCIL_MEMBER, COUNCIL_CHAIR, INITIATIVE_MEMBER)
# Roles that may see and manage organisation records (units, people) of their subtree.
RECORD_KEEPERS = (UNIT_OFFICER, CLERK, ADMINISTRATOR)

# Model permissions per role (app_label.codename); administrators are superusers or get all.
PERMISSIONS = {
    UNIT_OFFICER: ["records.view_person", "records.view_unit", "records.view_conferral"],
    CLERK: [
        "records.view_person",
        "records.view_unit",
        "records.view_conferral",
        "records.view_rating",
        "records.view_discipline",
    ],
    COUNCIL_MEMBER: ["records.view_person", "records.view_unit", "records.view_conferral"],
    COUNCIL_CHAIR: ["records.view_person", "records.view_unit", "records.view_conferral"],
    INITIATIVE_MEMBER: ["records.view_person", "records.view_unit"],
    STAFF: [],
    ADMINISTRATOR: "__all__",
}


def sync_groups(**kwargs):
    """Create one group per role with its permissions (run after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, wanted in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        if wanted == "__all__":
            permissions = Permission.objects.all()
        else:
            # Permissions of apps not migrated yet are picked up by a later call.
            wanted_pairs = {tuple(name.split(".")) for name in wanted}
            permissions = [
                permission
                for permission in Permission.objects.select_related("content_type")
                if (permission.content_type.app_label, permission.codename) in wanted_pairs
            ]
        group.permissions.set(permissions)


def may_browse(user, permission):
    """Whether `user`'s roles grant `permission` ("app.codename"), read from the table above, so
    drawing the menu costs no permission query."""
    return any(
        PERMISSIONS[role] == "__all__" or permission in PERMISSIONS[role]
        for role in user.roles
        if role in PERMISSIONS
    )
