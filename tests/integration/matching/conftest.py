from __future__ import annotations

import pytest

from matching import Embedder, load_embedder
from tests.fixtures.pgvector_server import pgvector_server, pgvector_url

__all__ = ["pgvector_server", "pgvector_url"]  # fixtures for the postgres engine's tests


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled USE, loaded once for the whole run."""
    return load_embedder(None)
