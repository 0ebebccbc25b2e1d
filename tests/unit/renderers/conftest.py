from __future__ import annotations

import pytest

from .models import kutahya_model


@pytest.fixture(scope="session")
def model():
    return kutahya_model()
