"""The image challenge: drawn here, its answer kept in the session and used once."""

import base64
import io

from PIL import Image

from governance.lib.challenge import SESSION_KEY, challenge_check, challenge_new


def test_a_challenge_is_a_png_whose_answer_works_once():
    session = {}
    uri = challenge_new(session)
    assert uri.startswith("data:image/png;base64,")
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
        assert (image.format, image.size) == ("PNG", (180, 64))
    answer = session[SESSION_KEY]
    assert 2 <= int(answer) <= 18
    assert challenge_check(session, f" {answer} ") is True
    assert challenge_check(session, answer) is False  # used up: a solved picture cannot be replayed


def test_a_wrong_answer_uses_the_challenge_up_too():
    session = {}
    challenge_new(session)
    assert challenge_check(session, "99") is False
    assert SESSION_KEY not in session
    assert challenge_check({}, "") is False
