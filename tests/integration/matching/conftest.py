from __future__ import annotations

import pytest

from matching import Embedder, load_embedder


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled USE, loaded once for the whole run."""
    return load_embedder(None)
