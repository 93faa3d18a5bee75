"""An image challenge for public forms, drawn here (Pillow) and checked here: no outside service.

A small sum (`7 + 5`) drawn with jitter and noise; its answer is kept in the visitor's session and used
once: checking it removes it, so a solved challenge cannot be replayed. It stops scripts that post the
same form again and again; the limits per address and per phone stop the rest.
"""

import base64
import io
import secrets

from PIL import Image, ImageDraw, ImageFont

SESSION_KEY = "jiedao_challenge"


def _draw(text: str) -> bytes:
    width, height = 180, 64
    image = Image.new("RGB", (width, height), (246, 246, 240))
    draw = ImageDraw.Draw(image)
    rng = secrets.SystemRandom()
    for _ in range(8):  # noise lines
        draw.line(
            [
                (rng.randint(0, width), rng.randint(0, height)),
                (rng.randint(0, width), rng.randint(0, height)),
            ],
            fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)),
            width=2,
        )
    font = ImageFont.load_default(size=38)
    x = 12
    for char in text:
        glyph = Image.new("RGBA", (40, 56), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((4, 4), char, font=font, fill=(20, 30, 60, 255))
        glyph = glyph.rotate(rng.randint(-25, 25), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (x, rng.randint(0, 8)), glyph)
        x += 30
    for _ in range(120):  # speckles
        draw.point((rng.randint(0, width - 1), rng.randint(0, height - 1)), fill=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def challenge_new(session) -> str:
    """A new challenge for this session; returns the image as a `data:` URI for an `<img>`."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[SESSION_KEY] = str(a + b)
    return "data:image/png;base64," + base64.b64encode(_draw(f"{a}+{b}=")).decode()


def challenge_check(session, answer: str) -> bool:
    """Whether `answer` solves this session's challenge; the challenge is used up either way."""
    expected = session.pop(SESSION_KEY, None)
    return expected is not None and (answer or "").strip() == expected
