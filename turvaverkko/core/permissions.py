"""DRF permission bases that know nothing about roles.

Role-aware permissions (who is an admin, which organisations a user administers, the API's
second-factor demotion) live with the roles in turvaverkko.registry.access.
"""

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView


class ReadOnly(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.method in permissions.SAFE_METHODS
