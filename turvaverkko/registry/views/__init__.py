"""Registry pages. Views check permissions and validate input; actions.py does the writing."""

from .imports import import_list, import_mapping, import_preview, import_replace, import_upload
from .invitations import accept_invitation, invite_admin
from .organizations import (
    organization_confirm,
    organization_create,
    organization_detail,
    organization_edit,
    organization_list,
)

__all__ = [
    "accept_invitation",
    "import_list",
    "import_mapping",
    "import_preview",
    "import_replace",
    "import_upload",
    "invite_admin",
    "organization_confirm",
    "organization_create",
    "organization_detail",
    "organization_edit",
    "organization_list",
]
