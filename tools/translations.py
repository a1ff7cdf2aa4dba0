"""Keep Turvaverkko's user-interface translations (fi, sv, en) in the gettext catalogues.

The .po files in turvaverkko/locale/<lang>/LC_MESSAGES/ are the only source of translations:
makemessages refreshes their msgids from the code and keeps the translations, people (or
`merge`) write the msgstr, and the .mo files are compiled from them and committed.
polib reads and writes the .po files; gettext (Debian package) runs makemessages/compilemessages.

    python tools/translations.py update          # extract + compile + check (`make messages`)
    python tools/translations.py extract         # makemessages for fi, sv, en
    python tools/translations.py compile         # compilemessages for turvaverkko/locale only
    python tools/translations.py check           # untranslated, fuzzy, placeholders, stale .mo
    python tools/translations.py todo fi         # what still needs a translator, as JSON
    python tools/translations.py merge F.json    # write {msgid: {"fi": .., "sv": ..}} into .po
    python tools/translations.py merge DIR       # the same for every DIR/*.json

See docs/translations.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "turvaverkko" / "locale"
PENDING_DIR = Path(__file__).resolve().parent / "translations" / "pending"
TRANSLATED = ("fi", "sv")  # English is the source language: its msgstr stay empty
LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
NPLURALS = 2
WRAP_WIDTH = 79  # gettext's own width
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
# Header lines that change on every makemessages run although no message changed.
VOLATILE_HEADER = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)

PLACEHOLDER = re.compile(
    r"%%"  # a literal percent sign (and how templates escape %)
    r"|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrx]"  # %s, %d
    r"|\{\w*(?:![rsa])?(?::[^{}]*)?\}"  # {name}, {0}, {}
    r"|</?[a-zA-Z][^<>]*>"  # HTML tags, which must survive translation
)

Entry = polib.POEntry | polib.MOEntry
# What a compiled catalogue maps: (key, plural form or None) -> translation.
Compiled = dict[tuple[str, int | None], str]


class TranslationError(Exception):
    """Input that the tool refuses, with a message that says what to fix."""


# --- catalogues --------------------------------------------------------------------------------


def po_path(lang: str, locale: Path = LOCALE_DIR) -> Path:
    return locale / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str, locale: Path = LOCALE_DIR) -> Path:
    return locale / lang / "LC_MESSAGES" / "django.mo"


def catalogue(lang: str, locale: Path = LOCALE_DIR) -> polib.POFile:
    return polib.pofile(str(po_path(lang, locale)), wrapwidth=WRAP_WIDTH)


def messages(po: polib.POFile) -> list[polib.POEntry]:
    """The catalogue's messages: no header, no obsolete (#~) entries."""
    return [e for e in po if e.msgid and not e.obsolete]


def key(entry: Entry) -> str:
    """gettext's lookup key: the msgid, prefixed with "msgctxt\\x04" when there is a context."""
    return entry.msgid if not entry.msgctxt else f"{entry.msgctxt}{CTXT_SEP}{entry.msgid}"


def sources(entry: Entry) -> list[str]:
    return [entry.msgid] if not entry.msgid_plural else [entry.msgid, entry.msgid_plural]


def translations(entry: Entry) -> list[str]:
    """The msgstr, or the plural forms in order (an absent form is empty)."""
    if not entry.msgid_plural:
        return [entry.msgstr]
    return [entry.msgstr_plural.get(i, "") for i in range(NPLURALS)]


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def problems(entry: polib.POEntry) -> list[str]:
    """What is wrong with one message of a translated language."""
    found = []
    if entry.fuzzy:
        found.append("fuzzy")
    forms = translations(entry)
    if not all(forms):
        found.append("missing")
        return found
    # The plural form (n != 1) is checked against msgid_plural, the singular against msgid.
    for source, translation in zip(sources(entry), forms, strict=True):
        if placeholders(source) != placeholders(translation):
            found.append(f"placeholders {placeholders(source)} != {placeholders(translation)}")
        if source.endswith("\n") != translation.endswith("\n"):
            found.append("trailing newline differs")
    return found


def expected_compiled(po: polib.POFile) -> Compiled:
    """What msgfmt puts in the .mo: translated messages that are not fuzzy."""
    expected: Compiled = {}
    for entry in messages(po):
        forms = translations(entry)
        if entry.fuzzy or not all(forms):
            continue
        if entry.msgid_plural:
            expected.update({(key(entry), i): form for i, form in enumerate(forms)})
        else:
            expected[(key(entry), None)] = forms[0]
    return expected


def read_compiled(path: Path) -> tuple[Compiled, dict[str, str]]:
    """A .mo file's messages and its header fields."""
    mo = polib.mofile(str(path))
    compiled: Compiled = {}
    for entry in mo:
        if not entry.msgid:
            continue
        if entry.msgid_plural:
            compiled.update({(key(entry), i): s for i, s in entry.msgstr_plural.items()})
        else:
            compiled[(key(entry), None)] = entry.msgstr
    return compiled, dict(mo.metadata)


def stale_compiled(lang: str, locale: Path = LOCALE_DIR) -> list[str]:
    """How the committed .mo differs from its .po (empty when it is current)."""
    if not mo_path(lang, locale).exists():
        return [f"{mo_path(lang, locale)} is missing"]
    compiled, header = read_compiled(mo_path(lang, locale))
    expected = expected_compiled(catalogue(lang, locale))
    found = []
    if header.get("Plural-Forms") != PLURAL_FORMS:
        found.append(f"Plural-Forms is {header.get('Plural-Forms')!r}")
    for name, keys in [
        ("not compiled", expected.keys() - compiled.keys()),
        ("compiled but not in the .po", compiled.keys() - expected.keys()),
        ("compiled differently", {k for k in expected.keys() & compiled.keys()
                                  if expected[k] != compiled[k]}),
    ]:  # fmt: skip
        found += [f"{name}: {k[:70]!r}" for k, _form in sorted(keys, key=str)]
    return found


# --- extracting from the code --------------------------------------------------------------------


def django_setup() -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "turvaverkko.settings")
    import django

    django.setup()


def _makemessages_command(target: Path | None = None) -> Any:
    from django.core.management.commands.makemessages import Command as MakeMessages
    from django.core.management.commands.makemessages import TranslatableFile

    class Extract(MakeMessages):
        def find_files(self, root: str) -> list[TranslatableFile]:
            files: list[TranslatableFile] = super().find_files(root)
            if target is None:
                return files
            # Write a fresh catalogue elsewhere instead of merging into turvaverkko/locale.
            self.locale_paths = [str(target)]
            self.default_locale_path = str(target)
            return [TranslatableFile(f.dirpath, f.file, str(target)) for f in files]

    return Extract()


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
    return {key(e) for e in messages(catalogue("fi", target))}


def normalise(lang: str, before: str, locale: Path = LOCALE_DIR) -> None:
    """After makemessages: a clean header, polib's layout, and no churn when nothing changed."""
    po = catalogue(lang, locale)
    po.header = (
        f"Turvaverkko user interface, {LANGUAGE_NAMES[lang]}.\n"
        "Translations are kept in this file: see docs/translations.md."
    )
    po.metadata.update(
        {
            "Project-Id-Version": "Turvaverkko",
            "Report-Msgid-Bugs-To": "",
            "PO-Revision-Date": po.metadata.get("POT-Creation-Date", ""),
            "Last-Translator": "tools/translations.py",
            "Language-Team": LANGUAGE_NAMES[lang],
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": PLURAL_FORMS,
        }
    )
    if lang not in TRANSLATED:
        for entry in messages(po):  # English: gettext falls back to the msgid itself
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(range(NPLURALS), "") if entry.msgid_plural else {}
            _clear_fuzzy(entry)
    text = str(po) + "\n"
    if VOLATILE_HEADER.sub("", text) == VOLATILE_HEADER.sub("", before):
        text = before  # only the dates moved: keep the file as it was
    po_path(lang, locale).write_text(text, encoding="utf-8")


def extract(_args: object = None) -> None:
    django_setup()
    from django.core.management import call_command

    before = {lang: po_path(lang).read_text(encoding="utf-8") for lang in LANGUAGES}
    call_command(
        _makemessages_command(),
        locale=list(LANGUAGES),
        ignore_patterns=IGNORE,
        add_location="file",
        no_obsolete=True,
        verbosity=0,
    )
    for lang in LANGUAGES:
        normalise(lang, before[lang])


def compile_(_args: object = None) -> None:
    django_setup()
    from django.core.management import call_command

    call_command(
        "compilemessages", locale=list(LANGUAGES), ignore_patterns=[".venv/*"], verbosity=0
    )


# --- checking ----------------------------------------------------------------------------------


def check(_args: object = None) -> int:
    failures = 0
    for lang in LANGUAGES:
        po = catalogue(lang)
        bad = [(e, p) for e in messages(po) if lang in TRANSLATED and (p := problems(e))]
        stale = stale_compiled(lang)
        print(
            f"{lang}: {len(messages(po))} messages, {len(bad)} with problems, "
            f"{len(stale)} differences in the .mo"
        )
        for entry, found in bad:
            print(f"  {entry.msgid[:70]!r}: {'; '.join(found)}")
        for line in stale:
            print(f"  .mo {line} (run tools/translations.py compile)")
        failures += len(bad) + len(stale)
    django_setup()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = fresh_keys(Path(tmp))
    committed = {key(e) for e in messages(catalogue("fi"))}
    for name, keys in [("in the code but not the catalogues", fresh - committed),
                       ("in the catalogues but not the code", committed - fresh)]:  # fmt: skip
        for k in sorted(keys):
            print(f"  {name}: {k[:70]!r} (run make messages)")
        failures += len(keys)
    return 1 if failures else 0


def todo(args: argparse.Namespace) -> None:
    """Untranslated and fuzzy messages of one language, with their files, as JSON."""
    out: dict[str, Any] = {}
    for e in messages(catalogue(args.lang, LOCALE_DIR)):
        if not {"missing", "fuzzy"} & set(problems(e)):
            continue
        where = " ".join(path for path, _line in e.occurrences)
        if not e.msgid_plural and not e.fuzzy:
            out[key(e)] = where
            continue
        item: dict[str, Any] = {"where": where}
        if e.msgid_plural:
            item["plural"] = e.msgid_plural
        if e.fuzzy:
            item["guess"] = translations(e) if e.msgid_plural else e.msgstr
        out[key(e)] = item
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


# --- merging reviewed translations -------------------------------------------------------------


def read_batch(path: Path) -> dict[str, dict[str, str | list[str]]]:
    """A file {"msgid": {"fi": "…", "sv": "…"}}, checked for shape before anything is written."""
    try:
        batch = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TranslationError(f"{path}: not a readable JSON file: {exc}") from exc
    if not isinstance(batch, dict):
        raise TranslationError(f"{path}: expected an object {{msgid: {{lang: text}}}}")
    for msgid, value in batch.items():
        if not isinstance(value, dict) or not value:
            raise TranslationError(f"{path}: {msgid[:60]!r} needs an object like {{'fi': '…'}}")
        for lang, text in value.items():
            if lang not in TRANSLATED:
                raise TranslationError(
                    f"{path}: {msgid[:60]!r} has language {lang!r}; use {', '.join(TRANSLATED)}"
                )
            forms = [text] if isinstance(text, str) else text
            if not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
                raise TranslationError(
                    f"{path}: {msgid[:60]!r} ({lang}) must be a non-empty string, or a list "
                    "of non-empty strings for a plural"
                )
    return batch


def batch_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.json"))
    if not path.exists():
        raise TranslationError(f"{path}: no such file or directory")
    return [path]


def merge_into(
    lang: str, batch: dict[str, dict[str, str | list[str]]], locale: Path = LOCALE_DIR
) -> tuple[int, list[str]]:
    """Write the batch's translations of `lang` into its .po: (messages written, errors).

    A translation replaces the old one and the fuzzy flag. Keys that the catalogue lacks, and
    translations of the wrong shape (string vs. plural list), are errors and change nothing.
    """
    po = catalogue(lang, locale)
    index = {key(e): e for e in messages(po)}
    written, errors = 0, []
    for msg, value in batch.items():
        if lang not in value:
            continue
        entry = index.get(msg)
        if entry is None:
            errors.append(f"not in the catalogue (run `extract` first?): {msg[:70]!r}")
            continue
        text = value[lang]
        if entry.msgid_plural:
            if not isinstance(text, list) or len(text) != NPLURALS:
                errors.append(f"plural message needs a list of {NPLURALS} forms: {msg[:70]!r}")
                continue
            entry.msgstr_plural = dict(enumerate(text))
        else:
            if not isinstance(text, str):
                errors.append(f"message is not a plural, give one string: {msg[:70]!r}")
                continue
            entry.msgstr = text
        _clear_fuzzy(entry)
        written += 1
    if written:
        po.save(str(po_path(lang, locale)))
    return written, errors


def _clear_fuzzy(entry: polib.POEntry) -> None:
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None


def merge(args: argparse.Namespace) -> int:
    files = batch_files(Path(args.path))
    batch: dict[str, dict[str, str | list[str]]] = {}
    origin: dict[tuple[str, str], Path] = {}
    for path in files:  # read every file before writing anything
        for msg, value in read_batch(path).items():
            for lang, text in value.items():
                earlier = batch.setdefault(msg, {}).get(lang)
                if earlier is not None and earlier != text:
                    raise TranslationError(
                        f"{origin[(msg, lang)]} and {path} translate {msg[:60]!r} ({lang}) "
                        f"differently: {earlier!r} and {text!r}; agree on one"
                    )
                batch[msg][lang] = text
                origin[(msg, lang)] = path
    failed = False
    for lang in TRANSLATED:
        written, errors = merge_into(lang, batch, LOCALE_DIR)
        print(f"{lang}: {written} translations written from {len(files)} file(s)")
        for error in errors:
            print(f"  {error}")
        failed = failed or bool(errors)
    if not failed:
        print("Now run `make messages` (compiles and checks).")
    return 1 if failed else 0


def update(_args: object = None) -> int:
    extract()
    compile_()
    return check()


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    commands: list[tuple[str, Callable[[Any], int | None]]] = [
        ("extract", extract),
        ("compile", compile_),
        ("check", check),
        ("update", update),
    ]
    for name, func in commands:
        sub.add_parser(name).set_defaults(func=func)
    p = sub.add_parser("todo")
    p.add_argument("lang", choices=TRANSLATED)
    p.set_defaults(func=todo)
    p = sub.add_parser("merge")
    p.add_argument("path", help=f"a JSON file, or a directory of them such as {PENDING_DIR}")
    p.set_defaults(func=merge)
    args = parser.parse_args(None if argv is None else list(argv))
    try:
        return int(args.func(args) or 0)
    except TranslationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
