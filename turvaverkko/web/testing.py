"""Helpers for browser tests."""


def assert_no_axe_violations(pg):
    """Run axe-core (shipped in axe-playwright-python, offline) at WCAG 2.1 AA."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        pg,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    assert not violations, results.generate_report()
