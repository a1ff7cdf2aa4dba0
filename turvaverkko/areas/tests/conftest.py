from turvaverkko.registry.testing import reference_data  # noqa: F401 (a fixture)
