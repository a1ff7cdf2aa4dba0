"""PTV (Palvelutietovaranto, the national Service Catalogue): the directory's national twin.

client.py   reads PTV's OUT API (v11) behind the `PtvReader` interface, so that v12 can be
            swapped in: paging, batch `list?guids=`, changed-since reads (standards.md §2.2).
mapping.py  PTV → our sites, services and opening hours (the PTV ↔ HSDS table of §2.4).
source.py   a read (by business ID, by municipality, changed since) as PTV records.
importing.py the records on the import framework (target `ptv`): a row per record, decisions
            per row, duplicates, a preview, and a commit of everything or nothing (writing.py).
classes.py  PTV service classes (data/ptv_service_classes.json), chosen per service.
export.py   an association's own services and places in PTV's v11 IN shape, validated by the
            rules of §2.3; posting is behind PTV_WRITE_URL and off by default.
"""
