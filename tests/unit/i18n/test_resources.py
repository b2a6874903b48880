"""Resources (icons, logo, compiled catalogues, fonts) ship inside the package and are found."""

import gettext
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from flexidesk import i18n, resources
from flexidesk.i18n import _, set_locale

ROOT = Path(__file__).resolve().parents[3]


def test_the_welsh_catalogue_is_found_and_used():
    assert "cy" in i18n.available_languages()
    # No fallback: this raises if the compiled catalogue is not where i18n looks.
    gettext.translation(i18n.DOMAIN, localedir=str(i18n.LOCALE_DIR), languages=["cy_GB"])
    assert set_locale("cy") == "cy_GB"
    assert _("&File") == "&Ffeil"
    set_locale("en_GB")
    assert _("&File") == "&File"


def test_a_language_without_a_catalogue_stays_in_english_and_says_so(caplog):
    set_locale("fr_FR")
    assert _("&File") == "&File"
    assert "No compiled catalogue for fr_FR" in caplog.text


def test_each_kind_of_resource_has_its_folder_in_the_top_level_resources_folder():
    """The editable install (this checkout) finds them in resources/, beside flexidesk/."""
    for kind in resources.KINDS:
        assert resources.folder(kind).is_dir()
        assert resources.folder(kind).parent == ROOT / "resources"
    assert [p.name for p in resources.app_icon_files()] == ["flexidesk.svg", "flexidesk.png"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """FlexiDesk built as a wheel, the way pip installs it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("*.whl"))


def test_the_wheel_carries_every_resource_file(wheel):
    shipped = set(zipfile.ZipFile(wheel).namelist())
    source = ["flexidesk/" + p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc",)]
    missing = [name for name in source if name not in shipped]
    assert not missing, f"package data leaves out: {missing}"
    assert "flexidesk/resources/translations/cy/LC_MESSAGES/flexidesk.mo" in shipped


def test_an_installed_copy_finds_each_kind_of_resource(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # -S: no site-packages, so nothing can come from this checkout's editable install.
    script = (
        "import gettext, sys; sys.path.insert(0, sys.argv[1])\n"
        "from flexidesk import resources, i18n\n"
        "assert resources.ROOT.is_relative_to(sys.argv[1]), resources.ROOT\n"
        "assert len(resources.app_icon_files()) == 2\n"
        "assert any(resources.folder('logo').glob('*.svg'))\n"
        "t = gettext.translation(i18n.DOMAIN, str(i18n.LOCALE_DIR), languages=['cy'])\n"
        "print(t.gettext('&File'))\n"
        "for kind in resources.KINDS:\n"
        "    for f in sorted(resources.folder(kind).rglob('*')):\n"
        "        print(f.relative_to(resources.ROOT).as_posix())\n"
    )
    done = subprocess.run([sys.executable, "-S", "-c", script, str(site)], capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "&Ffeil"
    source = resources.ROOT
    for kind in resources.KINDS:  # fonts too, once they are added
        for path in (source / kind).rglob("*"):
            assert path.relative_to(source).as_posix() in lines[1:]


def test_the_window_icon_loads(qapp):
    from flexidesk.ui.app import _icon

    icon = _icon()
    assert icon is not None
    assert not icon.pixmap(64, 64).isNull()
