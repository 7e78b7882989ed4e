"""Packaging that pyproject.toml cannot say: the top-level templates/ and migrations/ folders
of the checkout are shipped inside the `app` package of the wheel (app/templates,
app/migrations), where an installed Quorum finds them (`app.shipped_folder`)."""

from setuptools import find_packages, setup

SHIPPED_FOLDERS = {"app.templates": "templates", "app.migrations": "migrations"}

setup(
    packages=find_packages(include=["app", "app.*", "solver", "solver.*"]) + list(SHIPPED_FOLDERS),
    package_dir=SHIPPED_FOLDERS,
)
