"""Path and query parameters shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from backend.common.schemas import MAX_ID

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="编号")]
PageParam = Annotated[int, Query(ge=1, le=100_000, description="页码，从 1 开始")]
PageSizeParam = Annotated[int, Query(ge=1, le=200, description="每页条数")]
