"""Keep Turvaverkko's user-interface translations (fi, sv, en) in reviewed tables.

The source of truth for Finnish and Swedish is tools/translations/<lang>.json, a table
msgid -> msgstr (a list of two forms for plurals; "context\\u0004msgid" as key when a message
has a msgctxt). The .po files in turvaverkko/locale are generated from the code by makemessages
and filled from the tables; the .mo files are compiled from them and committed.

    python tools/translations.py update     # extract + apply + compile + check (`make messages`)
    python tools/translations.py extract    # makemessages for fi, sv, en (no fuzzy matching)
    python tools/translations.py apply      # fill the .po files from the tables
    python tools/translations.py compile    # compilemessages for turvaverkko/locale only
    python tools/translations.py check      # missing/fuzzy messages, placeholder mismatches
    python tools/translations.py todo fi    # untranslated messages of one language as JSON
    python tools/translations.py merge F    # add {msgid: {"fi": .., "sv": ..}} from file F
    python tools/translations.py pull       # copy translations edited in the .po files back
    python tools/translations.py prune      # drop table entries the code no longer uses

See docs/translations.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "turvaverkko" / "locale"
TABLE_DIR = Path(__file__).resolve().parent / "translations"
TRANSLATED = ("fi", "sv")  # English is the source language: its msgstr stay empty
LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
IGNORE = [
    ".venv/*",
    "bench/*",
    "var/*",
    "docs/*",
    "tests/*",
    "*/tests/*",
    "tools/*",
    "node_modules/*",
]
CTXT_SEP = "\x04"

PLACEHOLDER = re.compile(
    r"%%"  # a literal percent sign (and how templates escape %)
    r"|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrx]"  # %s, %d
    r"|\{\w*(?:![rsa])?(?::[^{}]*)?\}"  # {name}, {0}, {}
    r"|</?[a-zA-Z][^<>]*>"  # HTML tags, which must survive translation
)


# --- a minimal .po reader and writer ----------------------------------------------------------


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # "#." "#:" "#|" "# " lines, verbatim
    flags: list[str] = field(default_factory=list)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}{CTXT_SEP}{self.msgid}"

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f"}


def _unquote(text: str) -> str:
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted PO string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def _quote(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    if "\n" not in text.rstrip("\n"):
        return '"' + text.replace("\n", "\\n") + '"'
    lines = text.split("\n")
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in parts)


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None
    started = False

    def flush():
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            continue  # obsolete messages are dropped; the tables remember their translations
        if line.startswith("#,"):
            if started and target is not None and target[0] != "comments":
                flush()
            entry.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
            continue
        if line.startswith("#"):
            if started and target is not None and target[0] != "comments":
                flush()
            entry.comments.append(line)
            target = ("comments", 0)
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}: continuation line without keyword: {line!r}")
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
            continue
        started = True
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                flush()
                started = True
            setattr(entry, keyword, _unquote(rest))
            target = (keyword, 0)
        elif keyword == "msgstr":
            entry.msgstr = [_unquote(rest)]
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            if index == 0:
                entry.msgstr = []
            while len(entry.msgstr) <= index:
                entry.msgstr.append("")
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}: cannot read line {line!r}")
    flush()
    return entries


def write_po(path: Path, entries: list[Entry]) -> None:
    chunks = []
    for e in entries:
        lines = list(e.comments)
        if e.flags:
            lines.append("#, " + ", ".join(e.flags))
        if e.msgctxt is not None:
            lines.append("msgctxt " + _quote(e.msgctxt))
        lines.append("msgid " + _quote(e.msgid))
        if e.msgid_plural is not None:
            lines.append("msgid_plural " + _quote(e.msgid_plural))
            lines += [f"msgstr[{i}] " + _quote(s) for i, s in enumerate(e.msgstr)]
        else:
            lines.append("msgstr " + _quote(e.msgstr[0]))
        chunks.append("\n".join(lines))
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
    # Let gettext wrap the lines the way makemessages does, so that diffs stay small.
    subprocess.run(["msgcat", "--width=79", "-o", str(path), str(path)], check=True)  # noqa: S603,S607


# --- tables -----------------------------------------------------------------------------------


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def load_table(lang: str) -> dict[str, str | list[str]]:
    path = TABLE_DIR / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_table(lang: str, table: dict) -> None:
    TABLE_DIR.mkdir(exist_ok=True)
    text = json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=1)
    (TABLE_DIR / f"{lang}.json").write_text(text + "\n", encoding="utf-8")


def forms(entry: Entry, value: str | list[str]) -> list[str]:
    if entry.msgid_plural is None:
        return [value] if isinstance(value, str) else [value[0]]
    return list(value) if isinstance(value, list) else [value, value]


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def problems(entry: Entry, lang: str) -> list[str]:
    """What is wrong with one message of a translated language."""
    found = []
    if entry.fuzzy:
        found.append("fuzzy")
    sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
    if len(entry.msgstr) != len(sources) or not all(entry.msgstr):
        found.append("missing")
        return found
    for source, translation in zip(sources, entry.msgstr, strict=True):
        if placeholders(source) != placeholders(translation):
            found.append(f"placeholders {placeholders(source)} != {placeholders(translation)}")
        if source.endswith("\n") != translation.endswith("\n"):
            found.append("trailing newline differs")
    return found


# --- commands ---------------------------------------------------------------------------------


def django_setup() -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "turvaverkko.settings")
    import django

    django.setup()


def _makemessages_command(target: Path | None = None):
    from django.core.management.commands.makemessages import Command as MakeMessages
    from django.core.management.commands.makemessages import TranslatableFile

    class Extract(MakeMessages):
        # The tables are the memory of old translations; fuzzy guesses would only need undoing.
        msgmerge_options = [*MakeMessages.msgmerge_options, "--no-fuzzy-matching"]

        def find_files(self, root):
            files = super().find_files(root)
            if target is None:
                return files
            # Write a fresh catalogue elsewhere instead of merging into turvaverkko/locale.
            self.locale_paths = [str(target)]
            self.default_locale_path = str(target)
            return [TranslatableFile(f.dirpath, f.file, str(target)) for f in files]

    return Extract()


def extract(_args=None) -> None:
    django_setup()
    from django.core.management import call_command

    call_command(
        _makemessages_command(),
        locale=list(LANGUAGES),
        ignore_patterns=IGNORE,
        add_location="file",
        no_obsolete=True,
        verbosity=0,
    )


def fresh_keys(target: Path) -> set[str]:
    """The message keys of the code now, extracted into `target` (run from the repository root)."""
    from django.core.management import call_command

    call_command(
        _makemessages_command(target),
        locale=["fi"],
        ignore_patterns=IGNORE,
        add_location="never",
        verbosity=0,
    )
    return {e.key for e in read_po(target / "fi" / "LC_MESSAGES" / "django.po") if e.msgid}


HEADER_ORDER = [
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
]


def _header(entry: Entry, lang: str) -> None:
    fields = dict(line.split(": ", 1) for line in entry.msgstr[0].splitlines() if ": " in line)
    fields.update(
        {
            "Project-Id-Version": "Turvaverkko",
            "Report-Msgid-Bugs-To": "",
            # A stable date: an unchanged catalogue gives an empty diff.
            "PO-Revision-Date": fields.get("POT-Creation-Date", ""),
            "Last-Translator": "tools/translations.py",
            "Language-Team": LANGUAGE_NAMES[lang],
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    keys = [k for k in HEADER_ORDER if k in fields] + [k for k in fields if k not in HEADER_ORDER]
    entry.msgstr = ["".join(f"{k}: {fields[k]}\n" for k in keys)]
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    source = f"tools/translations/{lang}.json" if lang in TRANSLATED else "the msgids"
    entry.comments = [
        f"# Turvaverkko user interface, {LANGUAGE_NAMES[lang]}.",
        f"# Filled from {source} by tools/translations.py: edit the table, not this file.",
    ]


def apply(_args=None) -> None:
    for lang in LANGUAGES:
        entries = read_po(po_path(lang))
        table = load_table(lang) if lang in TRANSLATED else {}
        for entry in entries:
            if entry.msgid == "":
                _header(entry, lang)
                continue
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.comments = [c for c in entry.comments if not c.startswith("#|")]
            value = table.get(entry.key)
            count = 1 if entry.msgid_plural is None else 2
            entry.msgstr = forms(entry, value) if value is not None else [""] * count
        write_po(po_path(lang), entries)


def compile_(_args=None) -> None:
    django_setup()
    from django.core.management import call_command

    call_command(
        "compilemessages", locale=list(LANGUAGES), ignore_patterns=[".venv/*"], verbosity=0
    )


def check(_args=None) -> int:
    failures = 0
    for lang in TRANSLATED:
        entries = read_po(po_path(lang))
        bad = [(e, p) for e in entries if e.msgid and (p := problems(e, lang))]
        unused = set(load_table(lang)) - {e.key for e in entries}
        print(
            f"{lang}: {len(entries) - 1} messages, {len(bad)} with problems, "
            f"{len(unused)} table entries not used by the code"
        )
        for entry, found in bad:
            print(f"  {entry.msgid[:70]!r}: {'; '.join(found)}")
        failures += len(bad)
    return 1 if failures else 0


def todo(args) -> None:
    entries = read_po(po_path(args.lang))
    out = {}
    for e in entries:
        if e.msgid and "missing" in problems(e, args.lang):
            where = " ".join(c[3:] for c in e.comments if c.startswith("#:"))
            out[e.key] = {"where": where, "plural": e.msgid_plural} if e.msgid_plural else where
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


def merge(args) -> None:
    batch = json.loads(Path(args.file).read_text(encoding="utf-8"))
    for lang in TRANSLATED:
        table = load_table(lang)
        for key, value in batch.items():
            if lang in value:
                table[key] = value[lang]
        save_table(lang, table)


def pull(_args=None) -> None:
    """Take translations that someone edited in a .po file (e.g. with Poedit) into the table."""
    for lang in TRANSLATED:
        table = load_table(lang)
        for e in read_po(po_path(lang)):
            if e.msgid and all(e.msgstr) and not e.fuzzy:
                table[e.key] = e.msgstr[0] if e.msgid_plural is None else e.msgstr
        save_table(lang, table)


def prune(_args=None) -> None:
    """Drop table entries whose msgid the code no longer has (after `extract`)."""
    keys = {e.key for e in read_po(po_path("fi")) if e.msgid}
    for lang in TRANSLATED:
        table = load_table(lang)
        save_table(lang, {k: v for k, v in table.items() if k in keys})


def update(args) -> int:
    extract()
    apply()
    compile_()
    return check()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in [
        ("extract", extract),
        ("apply", apply),
        ("compile", compile_),
        ("check", check),
        ("pull", pull),
        ("prune", prune),
        ("update", update),
    ]:
        sub.add_parser(name).set_defaults(func=func)
    p = sub.add_parser("todo")
    p.add_argument("lang", choices=TRANSLATED)
    p.set_defaults(func=todo)
    p = sub.add_parser("merge")
    p.add_argument("file")
    p.set_defaults(func=merge)
    args = parser.parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
