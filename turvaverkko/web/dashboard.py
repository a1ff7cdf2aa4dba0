"""The signed-in user's dashboard is assembled from sections that each app provides.

An app that wants a section defines `turvaverkko/<app>/dashboard.py` with
`section(request) -> tuple[str, dict] | None`: a template name and its context, or None
when the section does not apply to this user.
"""

from importlib import import_module

SECTION_APPS = ["volunteers", "registry", "directory", "insights"]


def sections(request):
    out = []
    for app in SECTION_APPS:
        try:
            module = import_module(f"turvaverkko.{app}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"turvaverkko.{app}.dashboard":
                raise
            continue
        result = module.section(request)
        if result is not None:
            out.append(result)
    return out
