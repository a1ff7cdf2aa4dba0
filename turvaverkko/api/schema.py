"""The OpenAPI schema says how each operation is really authenticated and how it can fail.

drf-spectacular lists the session and token schemes on every operation, also on reads that
anyone may make, and documents only the success response. Here a read that the view's own
permission classes allow for an anonymous request is marked public (`security: []`), and
every operation lists the errors it can answer with: 400 (invalid input or filter), 401/403
(authentication missing or wrong: DRF answers 403 with session authentication first, 401 is
listed for clients that send a token), 403 (not allowed), 404 (unknown object or page).
"""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's validation errors: {"field": ["message", ...], "non_field_errors": [...]}
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object"},
            {"type": "string"},
        ]
    },
}
DESCRIPTIONS = {
    "400": "Invalid input: the fields or filter parameters and what is wrong with each.",
    "401": "The token is missing or not valid.",
    "403": "Not signed in, or not allowed to do this.",
    "404": "No such object, or not visible to you; or no such page of the list.",
}


class AutoSchema(SpectacularAutoSchema):
    def is_public(self) -> bool:
        """A read the view's permission classes allow without signing in."""
        if self.method not in SAFE_METHODS:
            return False
        request = Request(RequestFactory().generic(self.method, self.path))
        request.user = AnonymousUser()
        return all(p.has_permission(request, self.view) for p in self.view.get_permissions())

    def _component(self, name, schema):
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _error(self, code):
        schema = VALIDATION_ERROR if code == "400" else ERROR
        ref = self._component("ValidationError" if code == "400" else "Error", schema)
        return {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": ref}}}

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        public = self.is_public()
        if public:
            operation["security"] = []
        parameters = operation.get("parameters", [])
        # The id's form as the URL pattern requires it (e.g. a region is MK01…MK21): an id
        # of another form never reaches the API, the URL resolver answers 404 first.
        regex = getattr(self.view, "lookup_value_regex", None)
        for parameter in parameters:
            if parameter.get("in") == "path" and regex and regex != "[^/.]+":
                parameter["schema"] = {**parameter.get("schema", {}), "pattern": f"^{regex}$"}
        has_query = any(p.get("in") == "query" for p in parameters)
        has_path = any(p.get("in") == "path" for p in parameters)
        codes = []
        if has_query or self.method in ("POST", "PUT", "PATCH"):
            codes.append("400")
        if not public:
            codes += ["401", "403"]
        if has_path or any(p.get("name") == "page" for p in parameters):
            codes.append("404")
        responses = operation.setdefault("responses", {})
        for code in codes:
            responses.setdefault(code, self._error(code))
        return operation
