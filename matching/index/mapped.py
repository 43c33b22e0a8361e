"""Memory-mapped arrays: opened without reading, copied forward without being paged in."""

from __future__ import annotations

from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

CHUNK = 1 << 20  # bytes read at a time: a copy costs this much memory, not the file's size


def copy_bytes(array: npt.NDArray[Any], fh: BinaryIO) -> None:
    """Write `array`'s bytes to `fh`. A memory map is read through its file instead, so that copying
    a snapshot forward does not pull all of it into the process's resident memory."""
    if isinstance(array, np.memmap) and array.filename and array.base is not None:
        with open(array.filename, "rb") as src:
            src.seek(array.offset)
            left = array.nbytes
            while left:
                chunk = src.read(min(left, CHUNK))
                if not chunk:
                    raise OSError(f"{array.filename} is shorter than its snapshot says")
                fh.write(chunk)
                left -= len(chunk)
        return
    fh.write(np.ascontiguousarray(array).data.cast("B"))  # no copy of a contiguous array
