"""The deterministic demo that `manage.py load_demo` loads from the data files of the top-level
`demo/` folder (files.py finds it), writing through the apps' actions. `make demo`'s inbox (the
SMTP sink and SMS gateway stub) is turvaverkko.notify.testing. docs/demo.md describes both.

Running load_demo twice changes nothing: every object has a stable key (uuid5 or a natural
key), writes happen only where values differ, and the random choices come from fixed seeds.
"""
