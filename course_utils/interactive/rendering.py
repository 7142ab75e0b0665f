"""Agg figures rendered to PNG bytes, fast: the pixels every interactive figure sends.

:func:`new_figure` makes a figure that pyplot does not track (the inline backend never shows or
leaks it); :func:`render_png` and :func:`encode_canvas` turn it into PNG bytes with a small writer
of the course's own (no row filter, fast compression: a frame costs 2-3 ms instead of Pillow's
5-7 ms); :func:`stacked_png` writes the small, palette-quantized strip of key positions stored in a
notebook for readers without a kernel.

Introduced in: 01_derivatives.ipynb (behind every interactive figure)
"""

from __future__ import annotations

import io
import struct
import textwrap
import zlib
from typing import Any

import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course_utils._validation import require_int, require_positive_scalar

__all__ = [
    "agg_canvas",
    "encode_canvas",
    "new_figure",
    "png_rgb",
    "render_png",
    "stacked_png",
]

# PNG compression level 1 renders ~3x faster than the default 6 for line plots, for files ~30%
# larger: the right trade for a figure re-sent on every slider step over a local connection.
_ZLIB_LEVEL = 1
#: Pillow's fast octree quantizer (``Image.Quantize.FASTOCTREE``; that enum exists from Pillow 9.1).
_FAST_OCTREE = 2
#: Caption line height in the static strip, in points (at the figure's dpi).
_CAPTION_PT = 11.0


def new_figure(
    width: float = 9.0, height: float = 3.6, *, ncols: int = 1, dpi: int = 96
) -> tuple[Figure, Any]:
    """A figure that pyplot does not track, with ``ncols`` side-by-side axes.

    Parameters
    ----------
    width, height : float
        Size in inches.
    ncols : int
        Number of axes in one row.
    dpi : int
        Pixels per inch of the rendered PNG.

    Returns
    -------
    (Figure, Axes or ndarray of Axes, shape (ncols,))
    """
    width = require_positive_scalar(width, "width")
    height = require_positive_scalar(height, "height")
    ncols = require_int(ncols, "ncols", minimum=1, maximum=12)
    dpi = require_int(dpi, "dpi", minimum=10, maximum=600)
    if width * dpi > 20000 or height * dpi > 20000:
        raise ValueError(
            f"the figure would be {width * dpi:.0f} × {height * dpi:.0f} pixels; keep width and "
            "height (inches) × dpi below 20000"
        )
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    return fig, axes


def render_png(fig: Figure) -> bytes:
    """Render ``fig`` with Agg and return PNG bytes (RGB, at the figure's own dpi)."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    canvas = agg_canvas(fig)
    canvas.draw()
    return encode_canvas(canvas)


def agg_canvas(fig: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas, attaching one if it has another kind."""
    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def encode_canvas(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what the Agg canvas holds now (RGB, no row filter, fast compression)."""
    width, height = canvas.get_width_height(physical=True)
    return png_rgb(np.asarray(canvas.buffer_rgba()), width, height)


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png_rgb(rgba: np.ndarray, width: int, height: int) -> bytes:
    """A PNG file (8-bit RGB) of an ``(height, width, 4)`` uint8 RGBA buffer, alpha dropped.

    Written here rather than by Pillow because Pillow tries all five PNG row filters on every
    row, which costs half of the encoding time; for a figure of flat colours and thin lines
    "no filter" compresses as well (45 KB for the tangent explorer either way) at about half the
    time (2.4 ms instead of 4.6 ms). Tested equal, pixel for pixel, to Pillow's decoding.
    """
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for every row
    rows[:, 1:].reshape(height, width, 3)[...] = rgba.reshape(height, width, 4)[:, :, :3]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit truecolour
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(rows.data, _ZLIB_LEVEL)),
            _png_chunk(b"IEND", b""),
        )
    )


def stacked_png(frames: list[np.ndarray], captions: list[str], dpi: float) -> bytes:
    """One PNG: each ``(H, W, 3)`` frame under its caption, top to bottom (frames share a size).

    A caption wider than the frame wraps onto further lines (at about 0.55 em per character).
    """
    height, width = frames[0].shape[:2]
    line_px = int(round(_CAPTION_PT * 1.5 * dpi / 72))
    per_line = max(20, int((width - 16) / (0.55 * _CAPTION_PT * dpi / 72)))
    wrapped = [
        textwrap.wrap(f"{index + 1}.  {caption}", per_line) or [""]
        for index, caption in enumerate(captions)
    ]
    blocks = [(len(lines) + 0.6) * line_px + height for lines in wrapped]
    total = int(np.ceil(sum(blocks)))
    strip = Figure(figsize=(width / dpi, total / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(strip)
    top = float(total)
    for frame, lines, block in zip(frames, wrapped, blocks, strict=True):
        strip.text(
            8 / width,
            (top - 0.3 * line_px) / total,
            "\n".join(lines),
            fontsize=_CAPTION_PT,
            va="top",
            ha="left",
            linespacing=1.3,
            parse_math=False,
        )
        strip.figimage(frame, xo=0, yo=int(round(top - block)), origin="upper")
        top -= block
    canvas.draw()
    # Stored once in the notebook, so small beats fast here: a 256-colour palette (a third of
    # the bytes for the contour plots, no visible change at figure colours) and zlib level 9.
    buffer = io.BytesIO()
    rgb = PIL.Image.fromarray(np.asarray(canvas.buffer_rgba())[:, :, :3])
    rgb.quantize(256, method=_FAST_OCTREE).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
