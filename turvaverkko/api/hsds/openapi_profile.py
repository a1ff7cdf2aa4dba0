"""What our profile adds to the official HSDS OpenAPI document served at /hsds/openapi.json.

The official document declares only `200` responses and the standard parameters. Ours also
answers `400 {"detail": ...}` for a parameter it cannot understand and `404` for an unknown
id, streams `application/x-ndjson` for `format=ndjson`, and takes `lang`, `lat` and `lon`
(and `postcode`/`proximity` on /services as well). Clients and fuzzers read the document,
so it says so.
"""

import copy

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string", "description": "Why, in English."}},
}

PARAMETERS = {
    "lang": {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of text fields: fi (default), sv or en; missing texts fall "
        "back to Finnish, then Swedish, then English. Accept-Language works too.",
        "schema": {"type": "string", "enum": ["fi", "sv", "en"]},
    },
    "lat": {
        "name": "lat",
        "in": "query",
        "required": False,
        "description": "Latitude (WGS84) of the centre for `proximity`, instead of a postcode. "
        "Needs `lon` and `proximity`.",
        "schema": {"type": "number", "minimum": -90, "maximum": 90},
    },
    "lon": {
        "name": "lon",
        "in": "query",
        "required": False,
        "description": "Longitude (WGS84) of the centre for `proximity`. Needs `lat`.",
        "schema": {"type": "number", "minimum": -180, "maximum": 180},
    },
}

# Place parameters on the lists that take them (the official document has them on
# /service_at_locations only).
PLACE_LISTS = ("/services", "/service_at_locations")
LISTS = ("/services", "/organizations", "/service_at_locations", "/taxonomies", "/taxonomy_terms")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _error(description: str) -> dict:
    schema = {"$ref": "#/components/schemas/Error"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_profile(official: dict) -> dict:
    """A copy of the official document with our responses and parameters declared."""
    document = copy.deepcopy(official)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    components.setdefault("parameters", {}).update(PARAMETERS)
    components.setdefault("responses", {}).update(
        {
            "BadRequest": _error("A parameter could not be understood; `detail` says which."),
            "NotFound": _error("No public object has this id."),
        }
    )
    for path, item in document["paths"].items():
        path_params = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters":
                continue
            params = operation.setdefault("parameters", [])
            named = {p.get("$ref", p.get("name")) for p in [*path_params, *params]}
            wanted = ["lang"]
            if path in PLACE_LISTS:
                wanted += ["postcode", "proximity", "lat", "lon"]
            for name in wanted:
                if _ref(name)["$ref"] not in named and name not in named:
                    params.append(_ref(name))
            responses = operation.setdefault("responses", {})
            if "{id}" in path:
                responses["404"] = {"$ref": "#/components/responses/NotFound"}
            if path in LISTS or path == "/organizations/{id}":  # full_service must be a bool
                responses["400"] = {"$ref": "#/components/responses/BadRequest"}
            if path in LISTS and "200" in responses:
                content = responses["200"].setdefault("content", {})
                content["application/x-ndjson"] = {
                    "schema": {"type": "string", "description": "One JSON object a line."}
                }
    return document
