"""Where the core handbook a municipal edition builds on lies: never in the edition itself.

The core is the installed ``handbog`` distribution. Its content (pages, checklists, glossary,
bibliography, model, Sphinx configuration and changelog) is found, in this order:

1. a folder named by the user (``--kerne`` or ``HANDBOG_KERNE``), for editors who try an
   edition against a core checkout;
2. ``handbog/kerne/`` inside the installed package, where a wheel built with the content
   carries it;
3. the checkout an editable install (``pip install -e``) points to, as pip records it in the
   distribution's ``direct_url.json`` (PEP 610): a recorded fact of the installation, not a
   guess from where the package's files lie.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from handbog import version
from handbog.model import FILE_NAME

CORE_ENV = "HANDBOG_KERNE"
#: What a folder must hold to be the core's content.
CORE_FILES = (FILE_NAME, "conf.py", "docs/index.md", "CHANGELOG.md")


class CoreNotFound(Exception):
    """No core content could be found; the message says what to do (in Danish)."""


@dataclass(frozen=True)
class Core:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def edition(self) -> str:
        """The core's edition (``2026.1``), as :func:`handbog.version.edition` reads it."""
        return version.edition(self.root)


def _is_core(folder: Path) -> bool:
    return all((folder / name).is_file() for name in CORE_FILES)


def _editable_checkout() -> Path | None:
    # Every distribution of the name, not only the first: a checkout's src/ on sys.path (the
    # core's conf.py puts it there) can hold setuptools' handbog.egg-info, which records no
    # installation, ahead of the installed one.
    for distribution in metadata.distributions(name="handbog"):
        recorded = distribution.read_text("direct_url.json")
        if not recorded:
            continue
        info = json.loads(recorded)
        url = urlparse(info.get("url", ""))
        if url.scheme == "file" and info.get("dir_info", {}).get("editable"):
            return Path(unquote(url.path))
    return None


def locate(given: Path | None = None) -> Core:
    """The core's content (see the module's docstring); :class:`CoreNotFound` when none."""
    named = given or (Path(os.environ[CORE_ENV]) if os.environ.get(CORE_ENV) else None)
    if named is not None:
        if _is_core(named):
            return Core(named.resolve())
        raise CoreNotFound(
            f"{named} er ikke håndbogens kerne: mappen skal have "
            f"{', '.join(CORE_FILES)}. Angiv kernens mappe (et arkiv af håndbogen) med "
            f"--kerne MAPPE eller {CORE_ENV}, eller udelad begge for at bruge den installerede."
        )
    packaged = Path(str(resources.files("handbog").joinpath("kerne")))
    if _is_core(packaged):
        return Core(packaged)
    checkout = _editable_checkout()
    if checkout is not None and _is_core(checkout):
        return Core(checkout.resolve())
    raise CoreNotFound(
        "Den installerede håndbog har ikke kernens indhold (sider, tjeklister, ordliste). "
        "Installér håndbogen med indholdet, som README.md i udgaven beskriver, eller angiv "
        f"en mappe med håndbogens kerne med --kerne MAPPE eller {CORE_ENV}."
    )
