"""The one Chinese catalogue: `i18n_check` passes on it and fails, saying why, on a broken copy."""

import io
import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def run_check(**options) -> str:
    out = io.StringIO()
    call_command("i18n_check", stdout=out, **options)
    return out.getvalue()


def broken_copy(tmp_path, change) -> str:
    """A copy of the catalogue with `change(po)` applied; the project's own file is never touched."""
    path = tmp_path / "django.po"
    shutil.copyfile(CATALOGUE, path)
    po = polib.pofile(str(path))
    change(po)
    po.save()
    return str(path)


def test_the_catalogue_holds_every_string_translated():
    count = len(polib.pofile(str(CATALOGUE)).translated_entries())
    assert run_check() == f"all {count} strings translated, in one catalogue\n"


def test_the_check_fails_on_an_untranslated_string(tmp_path):
    def untranslate(po):
        po.find("Jiedao street portal").msgstr = ""

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problems"):
        call_command("i18n_check", catalogue=broken_copy(tmp_path, untranslate), stdout=out)
    assert out.getvalue() == (
        "untranslated: 'Jiedao street portal' (config/settings.py, governance/templates/governance/portal/error.html)\n"
    )


def test_the_check_names_missing_fuzzy_and_obsolete_strings(tmp_path):
    def damage(po):
        po.remove(po.find("Jiedao administration"))
        po.find("Administration").flags.append("fuzzy")
        po.append(polib.POEntry(msgid="A string no code uses", msgstr="没有代码使用的文字"))
        po.append(polib.POEntry(msgid="Removed long ago", msgstr="早已删除", obsolete=True))

    out = io.StringIO()
    with pytest.raises(CommandError, match="4 problems"):
        call_command("i18n_check", catalogue=broken_copy(tmp_path, damage), stdout=out)
    assert out.getvalue().splitlines() == [
        "missing: 'Jiedao administration' (governance/admin.py)",
        "fuzzy: 'Administration' (governance/admin.py, templates/base.html)",
        "obsolete: 'A string no code uses' is no longer in the code",
        "obsolete (#~): 'Removed long ago'; remove it (makemessages --no-obsolete)",
    ]


# One English word, two meanings: each use has its context, each context its Chinese.
@pytest.mark.parametrize(
    ("context", "msgid", "chinese"),
    [
        (None, "Open", "进行中"),
        ("property finding", "Open", "待整改"),
        ("needs filter", "Open", "待办"),
        (None, "From", "开始日期"),
        ("contract term", "From", "起始日期"),
        ("contract term", "Until", "截止日期"),
        (None, "Description", "说明"),
        ("reported situation", "Description", "情况描述"),
        (None, "Assign", "安排"),
        ("need move", "Assign", "派单"),
        ("case status", "Closed", "已结案"),
        ("need status", "Closed", "已关闭"),
        (None, "from", "开始日期"),
        ("status change", "from", "原状态"),
        ("evaluation count", "items", "份"),
        ("need count", "items", "件"),
        (None, "Schedule", "调度计划"),
        ("service item", "Schedule", "服务时间"),
    ],
)
def test_a_context_picks_the_chinese_word(context, msgid, chinese):
    with translation.override("zh-hans"):
        got = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert got == chinese
