import pytest


@pytest.fixture(autouse=True)
def _reports_in_tmp(reports_dir):
    return reports_dir
