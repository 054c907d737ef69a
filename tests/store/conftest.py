"""The store's tests run on both backends: ``store`` here is DuckDB, then PostgreSQL."""

import pytest


@pytest.fixture
def store(any_store):
    return any_store
