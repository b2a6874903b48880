"""The package list, which pyproject.toml alone cannot say for an editable install.

Icons, logo, compiled catalogues and fonts live in the top-level ``resources/`` folder and are
installed inside the package as ``flexidesk.resources``, so that an editable install, an
installed copy and the bundle all find them beside ``resources/__init__.py``. Everything else
(name, version, dependencies) is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["flexidesk", "flexidesk.*"]), "flexidesk.resources"],
      package_dir={"flexidesk.resources": "resources"})
