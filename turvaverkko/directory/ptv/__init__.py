"""PTV (Palvelutietovaranto, the national Service Catalogue): the directory's national twin.

client.py   reads PTV's OUT API (v11) behind the `PtvReader` interface, so that v12 can be
            swapped in: paging, batch `list?guids=`, changed-since reads (standards.md §2.2).
mapping.py  PTV → our sites, services and opening hours (the PTV ↔ HSDS table of §2.4).
staging.py  a read becomes a preview (new, changed, duplicates, deleted); committing it writes
            everything or nothing.
export.py   an association's own services and places in PTV's v11 IN shape, validated by the
            rules of §2.3; posting is behind PTV_WRITE_URL and off by default.
"""
