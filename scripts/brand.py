"""Draw the integration's brand images into custom_components/sigenstor/brand/ (run by hand).

Home Assistant 2026.3+ and HACS read `brand/icon.png` and `brand/logo.png` from a custom
integration's folder (developers.home-assistant.io, "Brand images"); the brands repository's
rules apply: PNG, transparent, trimmed; icons square 256 px (@2x 512 px), logos 128-256 px on
the short side. Pillow comes with Home Assistant; its built-in font keeps the output the same on
every machine. `tests/test_brand.py` checks the committed files against these rules.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "custom_components" / "sigenstor" / "brand"
TEAL, SUN, INK = (0, 150, 136, 255), (255, 193, 7, 255), (38, 50, 56, 255)
SCALE = 4  # drawn large, then scaled down for smooth edges


def _mark(size: int, ink: tuple[int, int, int, int]) -> Image.Image:
    """A battery, two thirds charged, under a sun: the product in one glance."""
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    u = big / 32  # a 32-unit design grid
    sun_x, sun_y, r = 22 * u, 8 * u, 4 * u
    for i in range(8):  # rays first, so the disc covers their inner ends
        angle = i * 45
        ray = Image.new("RGBA", (big, big), (0, 0, 0, 0))
        ImageDraw.Draw(ray).rounded_rectangle(
            (sun_x - 0.6 * u, sun_y - 7.5 * u, sun_x + 0.6 * u, sun_y - 5.2 * u),
            radius=0.6 * u,
            fill=SUN,
        )
        img.alpha_composite(ray.rotate(angle, center=(sun_x, sun_y)))
    draw.ellipse((sun_x - r, sun_y - r, sun_x + r, sun_y + r), fill=SUN)
    body = (3 * u, 13 * u, 25 * u, 29 * u)
    draw.rounded_rectangle(body, radius=2.5 * u, outline=ink, width=round(1.6 * u))
    draw.rounded_rectangle((25.6 * u, 18 * u, 28 * u, 24 * u), radius=0.8 * u, fill=ink)
    inner = (5.2 * u, 15.2 * u, (5.2 + (22.8 - 5.2) * 2 / 3) * u, 26.8 * u)  # two thirds full
    draw.rounded_rectangle(inner, radius=1.2 * u, fill=TEAL)
    bolt = [(13 * u, 16.5 * u), (9.5 * u, 21.5 * u), (12 * u, 21.5 * u), (11 * u, 25.5 * u)]
    bolt += [(15 * u, 20 * u), (12.5 * u, 20 * u), (14 * u, 16.5 * u)]
    draw.polygon(bolt, fill=(255, 255, 255, 255))
    return img.resize((size, size), Image.Resampling.LANCZOS)


def _trim(img: Image.Image) -> Image.Image:
    """Cut the transparent border, as the brands rules ask."""
    box = img.getbbox()
    return img.crop(box) if box else img


def _icon(size: int, ink: tuple[int, int, int, int]) -> Image.Image:
    """A square icon: the mark trimmed and centred on a transparent square."""
    mark = _trim(_mark(size * 2, ink))  # drawn larger, so it can fill the square once trimmed
    mark.thumbnail((size, size), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.alpha_composite(mark, ((size - mark.width) // 2, (size - mark.height) // 2))
    return canvas


def _logo(height: int, ink: tuple[int, int, int, int]) -> Image.Image:
    """The mark and the name on one line, trimmed."""
    mark = _trim(_mark(height, ink))
    font = ImageFont.load_default(size=round(height * 0.55))
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), "SigenStor", font=font)
    gap = height // 6
    canvas = Image.new("RGBA", (mark.width + gap + right - left, height), (0, 0, 0, 0))
    canvas.alpha_composite(mark, (0, (height - mark.height) // 2))
    text_y = (height - (bottom - top)) // 2 - top
    ImageDraw.Draw(canvas).text((mark.width + gap - left, text_y), "SigenStor", font=font, fill=ink)
    logo = _trim(canvas)  # trimming shortens it: scale back to the height asked for
    width = round(logo.width * height / logo.height)
    return logo.resize((width, height), Image.Resampling.LANCZOS)


def main() -> None:
    """Write every image the brands rules name, light and dark."""
    OUT.mkdir(exist_ok=True)
    light, dark = INK, (236, 239, 241, 255)
    for prefix, ink in (("", light), ("dark_", dark)):
        _icon(256, ink).save(OUT / f"{prefix}icon.png", optimize=True)
        _icon(512, ink).save(OUT / f"{prefix}icon@2x.png", optimize=True)
        _logo(128, ink).save(OUT / f"{prefix}logo.png", optimize=True)
        _logo(256, ink).save(OUT / f"{prefix}logo@2x.png", optimize=True)
    print(f"wrote {len(list(OUT.glob('*.png')))} images to {OUT}")


if __name__ == "__main__":
    main()
