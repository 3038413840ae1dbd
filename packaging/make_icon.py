"""Draw the application icon (resources/icons/app.png and app.ico) from the bundled font.

Run once after changing the design: `.venv/bin/python packaging/make_icon.py`. The generated files are
committed, so a build needs neither this script nor Pillow.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from domain.paths import resource  # noqa: E402

SIZE = 256
RED, GOLD, WHITE = (178, 34, 34, 255), (244, 196, 48, 255), (255, 255, 255, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw() -> Image.Image:
    """A red rounded square, a gold ruled band (a ledger line) and the white character 决."""
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=44, fill=RED)
    d.rectangle((40, 196, SIZE - 40, 208), fill=GOLD)
    font = ImageFont.truetype(str(resource("fonts", "wqy-microhei.ttc")), 168, index=0)
    d.text((SIZE // 2, 112), "决", font=font, fill=WHITE, anchor="mm")
    return img


def main() -> None:
    out = resource("icons")
    out.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.save(out / "app.png", optimize=True)
    img.save(out / "app.ico", sizes=ICO_SIZES)
    print(f"已生成 {out / 'app.png'} 和 {out / 'app.ico'}")


if __name__ == "__main__":
    main()
