"""One staged-import framework: parse → map → validate → preview → commit (docs/importing.md).

It knows no domain app: formats (CSV, XLSX, …) live here, targets (organisations, …) live
in their own apps and register themselves with `register`.
"""
