"""Bottom-layer building blocks shared by the apps: DRF field and permission bases, PDF
rendering, common constants. Nothing here imports another turvaverkko app (import-linter's
layers contract in pyproject.toml keeps it so); it is a plain package, not a Django app.
"""
