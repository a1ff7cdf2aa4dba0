"""Demo sign-in accounts for the personas, their roles and fixed second factors."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# The names the accounts app gives the devices it enrols itself.
from turvaverkko.accounts.devices import BACKUP_DEVICE_NAME, TOTP_DEVICE_NAME
from turvaverkko.registry.models import Organization, RoleAssignment

from .personas import DEMO_PASSWORD, PERSONAS

# The organisation each association admin persona runs (network.py keys).
PERSONA_ORGS = {"olli": "h-martat", "ulla": "m-kylayhdistys"}
PERSONA_MUNICIPALITIES = {"kaisa": "102", "mikko": "498"}
PERSONA_REGIONS = {"reetta": "MK04"}
DEMO_PASSWORD_SALT = "turvaverkkodemo0"  # noqa: S105


def load_users() -> dict:
    """Create or reset the persona accounts: the demo password always works after load_demo."""
    User = get_user_model()  # noqa: N806
    # Hashed once with a fixed salt, so an unchanged password is recognised by comparing
    # strings instead of verifying seven slow Argon2 hashes. The password is public anyway.
    password = make_password(DEMO_PASSWORD, salt=DEMO_PASSWORD_SALT)
    users = {}
    for p in PERSONAS:
        user = User.objects.filter(email=p.email).first() or User(email=p.email)
        values = {
            "first_name": p.first_name,
            "last_name": p.last_name,
            "is_active": True,
            "is_staff": p.role == "admin",
            "is_superuser": p.role == "admin",
            "preferred_language": "fi",
            "password": password,
        }
        if not user.pk or any(getattr(user, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(user, name, value)
            user.save()
        users[p.key] = user
    return users


def load_roles(users: dict, orgs: dict[str, Organization]) -> None:
    Role = RoleAssignment.Role  # noqa: N806
    wanted = []
    for key, org_key in PERSONA_ORGS.items():
        wanted.append((users[key], Role.ASSOCIATION_ADMIN, {"organization": orgs[org_key]}))
    for key, code in PERSONA_MUNICIPALITIES.items():
        wanted.append((users[key], Role.MUNICIPAL_COORDINATOR, {"municipality_id": code}))
    for key, code in PERSONA_REGIONS.items():
        wanted.append((users[key], Role.REGIONAL_COORDINATOR, {"region_id": code}))
    wanted.append((users["admin"], Role.ADMIN, {}))
    for user, role, scope in wanted:
        RoleAssignment.objects.get_or_create(user=user, role=role, **scope)


def load_second_factors(users: dict) -> None:
    """A confirmed authenticator with the persona's fixed key and ten fixed backup codes."""
    for p in PERSONAS:
        if not p.needs_2fa:
            continue
        user = users[p.key]
        TOTPDevice.objects.filter(user=user).exclude(name=TOTP_DEVICE_NAME).delete()
        device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
        if device is None or device.key != p.totp_key_hex or not device.confirmed:
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(
                user=user, name=TOTP_DEVICE_NAME, key=p.totp_key_hex, confirmed=True
            )
        else:  # forget failed attempts and the last used step, so the demo always works
            TOTPDevice.objects.filter(pk=device.pk).update(
                throttling_failure_count=0, throttling_failure_timestamp=None
            )
        StaticDevice.objects.filter(user=user).exclude(name=BACKUP_DEVICE_NAME).delete()
        backup, _ = StaticDevice.objects.update_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        if sorted(backup.token_set.values_list("token", flat=True)) != sorted(p.backup_codes):
            backup.token_set.all().delete()
            StaticToken.objects.bulk_create(
                StaticToken(device=backup, token=code) for code in p.backup_codes
            )
