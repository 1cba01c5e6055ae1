"""Generate content/images/minia.jpg, the campaign's large outdoor image (no stock photos).

A crowd of stylised figures in the campaign's colours, one of them picked out in red:
"one of us". Deterministic (fixed seed): running the script again gives the same picture.
5400 × 5400 px, enough for a 300 × 300 mm panel of the 6 × 3 m billboard at 1:10
(450 ppi in the file = 45 ppi at final size) and for the citylight's upper half (> 100 ppi).

    python scripts/make_outdoor_image.py
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = 5400
TARGET = Path(__file__).resolve().parent.parent / "content" / "images" / "minia.jpg"


def main() -> None:
    rng = random.Random(2013)
    image = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(image)
    # A dusk sky: dark blue-grey at the top to warm grey at the horizon.
    for y in range(SIZE):
        t = y / SIZE
        draw.line([(0, y), (SIZE, y)], fill=(int(38 + 120 * t), int(44 + 100 * t),
                                             int(64 + 70 * t)))
    rows = 7
    chosen = (5, 3)
    for row in range(rows):
        depth = row / (rows - 1)  # 0 = far, 1 = near
        scale = 0.35 + 0.9 * depth
        count = int(11 - 5 * depth)
        base_y = int(SIZE * (0.36 + 0.6 * depth))
        grey = int(150 - 110 * depth)
        for col in range(count):
            x = int((col + 0.5 + rng.uniform(-0.25, 0.25)) * SIZE / count)
            height = int(SIZE * 0.22 * scale * rng.uniform(0.9, 1.1))
            head = int(height * 0.17)
            body_w = int(height * 0.42)
            red = (row, col) == chosen
            colour = (214, 30, 45) if red else (grey, grey - 4, grey + 6)
            top = base_y - height
            draw.ellipse([x - head, top, x + head, top + 2 * head], fill=colour)
            draw.rounded_rectangle([x - body_w // 2, top + int(2.2 * head), x + body_w // 2,
                                    base_y + int(height * 0.4)], radius=body_w // 2,
                                   fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(2))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    image.save(TARGET, quality=88, optimize=True, subsampling=0)
    print(f"{TARGET.name}: {SIZE} × {SIZE} px, {TARGET.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
