from turvaverkko.registry.tests.conftest import run_tasks  # noqa: F401  (the real task worker)
