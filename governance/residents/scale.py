"""The large street's residents and households, bulk-loaded behind the generated community's stairwells."""

import datetime
import io
import random

from governance.lib.bulk import insert_rows, reserve_ids
from governance.lib.registry import scale_seeder
from governance.lib.validators import id_check_digit
from governance.residents.choices import Gender, Registration
from governance.residents.models import Household, Resident

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海玉梅红文辉"
REGION = "370203"  # a real region code, so that generated ID numbers pass the GB 11643 check


def resident_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id_number(rng, taken: set, birth: datetime.date, gender: str) -> str:
    while True:
        seq = rng.randrange(0, 1000)
        if (seq % 2 == 1) != (gender == Gender.MALE):
            seq = (seq + 1) % 1000
        first17 = f"{REGION}{birth:%Y%m%d}{seq:03d}"
        number = first17 + id_check_digit(first17)
        if number not in taken:
            taken.add(number)
            return number


@scale_seeder("residents", order=20)
def scale_residents(ctx: dict) -> None:
    rng, stairwells, count = ctx["rng"], ctx["stairwells"], ctx["size"]["residents"]
    taken = ctx.setdefault(
        "id_numbers", set(Resident.objects.exclude(id_number=None).values_list("id_number", flat=True))
    )
    # ID numbers draw from a generator of their own: a number that is already taken (and drawn again) must
    # not shift the names, birth dates and rooms drawn after it.
    id_rng = random.Random(rng.random())
    per_stairwell = -(-count // len(stairwells))
    # Households of one to four people; a stairwell's rooms numbered by floor (101, 102, 201 ...).
    households, residents = [], []
    household_ids = iter(reserve_ids(Household, count))  # at most one household per resident
    resident_ids = iter(reserve_ids(Resident, count))
    today = datetime.date.today()
    for stairwell in stairwells:
        placed, room = 0, 0
        while placed < per_stairwell and len(residents) < count:
            room += 1
            household_id = next(household_ids)
            households.append(
                {
                    "id": household_id,
                    "area_id": stairwell.pk,
                    "room": f"{(room - 1) // 4 + 1}{(room - 1) % 4 + 1:02d}",
                }
            )
            for member in range(min(rng.randint(1, 4), per_stairwell - placed, count - len(residents))):
                gender = rng.choice((Gender.MALE, Gender.FEMALE))
                birth = today - datetime.timedelta(days=rng.randint(2 * 365, 90 * 365))
                has_id = rng.random() < 0.95
                residents.append(
                    {
                        "id": next(resident_ids),
                        "name": resident_name(rng),
                        "gender": gender,
                        "birth_date": birth,
                        "id_number": _id_number(id_rng, taken, birth, gender) if has_id else None,
                        "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                        "area_id": stairwell.pk,
                        "household_id": household_id,
                        "is_household_head": member == 0,
                        "registration": Registration.FLOATING
                        if rng.random() < 0.2
                        else Registration.REGISTERED,
                    }
                )
                placed += 1
    insert_rows(Household, households)
    insert_rows(Resident, residents)
    ctx["residents"] = [(r["id"], r["area_id"], r["name"], r["phone"]) for r in residents]


def residents_workbook(count: int, places: list[tuple[str, str, str, str]], *, seed: int = 17) -> bytes:
    """An .xlsx of `count` residents in the import template's columns, as an office fills it in.

    `places` are (community, grid, building, stairwell) names; people are spread over them three to a room,
    the first of each room its head. ID numbers are valid GB 11643 numbers (python-stdnum's check digit,
    a real region code, the birth date and gender they state) and distinct; cells are text, as the template
    keeps them.
    """
    from openpyxl import Workbook

    from governance.lib import importing

    rng = random.Random(seed)
    taken: set = set()
    today = datetime.date.today()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append([c.header for c in importing.ROSTERS["residents"].columns])
    per_place = -(-count // len(places))
    for i in range(count):
        community, grid, building, stairwell = places[i // per_place]
        room = f"{i % per_place // 3 // 4 + 1}{i % per_place // 3 % 4 + 1:02d}"
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        birth = today - datetime.timedelta(days=rng.randint(2 * 365, 90 * 365))
        ws.append(
            [
                resident_name(rng),
                "男" if gender == Gender.MALE else "女",
                birth.isoformat(),
                _id_number(rng, taken, birth, gender),
                f"13{rng.choice('56789')}{rng.randrange(10**8):08d}",  # ranges libphonenumber knows as mobile
                community,
                "",
                grid,
                building,
                stairwell,
                room,
                "是" if i % per_place % 3 == 0 else "否",
                "流动" if rng.random() < 0.2 else "户籍",
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
