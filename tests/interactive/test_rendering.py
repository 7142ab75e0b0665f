"""The course's PNG writer: the bytes decode to exactly the canvas's pixels."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from course_utils.explorers.ch01 import tangent_explorer
from course_utils.interactive.rendering import png_rgb

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_png_encoder_gives_the_canvas_pixels():
    explorer = tangent_explorer("sin", 0.5)
    canvas = explorer.fig.canvas
    png = bytes(explorer.image.value)
    assert png.startswith(PNG_MAGIC)
    decoded = Image.open(io.BytesIO(png))
    assert decoded.mode == "RGB" and decoded.size == canvas.get_width_height(physical=True)
    np.testing.assert_array_equal(np.asarray(decoded), np.asarray(canvas.buffer_rgba())[..., :3])


def test_png_rgb_drops_alpha_and_keeps_every_pixel():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(5, 7, 4), dtype=np.uint8)
    decoded = Image.open(io.BytesIO(png_rgb(rgba, 7, 5)))
    assert decoded.mode == "RGB" and decoded.size == (7, 5)
    np.testing.assert_array_equal(np.asarray(decoded), rgba[..., :3])
