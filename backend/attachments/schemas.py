from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class AttachmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    filename: str = Field(description="文件名")
    size: int = Field(description="字节数")
    content_type: str = Field(description="按内容识别的类型")
    sha256: str
    created_at: datetime
