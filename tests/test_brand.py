"""The brand images follow the brands rules that HA 2026.3+ and HACS apply to brand/."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
import pytest

BRAND = Path(__file__).resolve().parent.parent / "custom_components" / "sigenstor" / "brand"
ICONS = {"icon.png": 256, "icon@2x.png": 512, "dark_icon.png": 256, "dark_icon@2x.png": 512}
LOGOS = {"logo.png": (128, 256), "logo@2x.png": (256, 512)}
LOGOS |= {f"dark_{name}": span for name, span in LOGOS.items()}


@pytest.mark.parametrize(("name", "side"), ICONS.items())
def test_icons_are_square_trimmed_and_transparent(name: str, side: int) -> None:
    """Square at the stated size, touching two opposite edges, with a transparent background."""
    with Image.open(BRAND / name) as img:
        assert img.format == "PNG"
        assert img.size == (side, side)
        assert img.mode == "RGBA"
        left, top, right, bottom = img.getbbox() or (0, 0, 0, 0)
        assert (left, right) == (0, side) or (top, bottom) == (0, side), "not trimmed"
        assert img.getpixel((0, 0))[3] == 0, "corner not transparent"


@pytest.mark.parametrize(("name", "span"), LOGOS.items())
def test_logos_are_sized_and_trimmed(name: str, span: tuple[int, int]) -> None:
    """Shortest side within the rules' range, no transparent border, transparent corners."""
    with Image.open(BRAND / name) as img:
        assert img.format == "PNG"
        assert img.mode == "RGBA"
        assert span[0] <= min(img.size) <= span[1]
        assert img.getbbox() == (0, 0, *img.size), "not trimmed"
        assert img.getpixel((img.width - 1, img.height - 1))[3] == 0


def test_every_brand_file_is_known() -> None:
    """Nothing else sits in brand/ (a stray file would be served too)."""
    assert {p.name for p in BRAND.iterdir()} == set(ICONS) | set(LOGOS)
