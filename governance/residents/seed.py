"""Demo residents: a few hundred households behind the demo street's stairwells (idempotent)."""

import datetime
import random

from governance.lib.registry import demo_seeder
from governance.lib.validators import id_check_digit
from governance.residents import services
from governance.residents.choices import Gender, Registration
from governance.residents.models import Resident

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕婷玉兰红梅鹏飞宇浩然子涵梓萱欣怡俊杰晨阳"


def fake_id_number(rng: random.Random, birth: datetime.date, gender: str, region: str = "410102") -> str:
    seq = rng.randint(0, 49) * 2 + (1 if gender == Gender.MALE else 0)
    first17 = f"{region}{birth:%Y%m%d}{rng.randint(0, 9)}{seq:02d}"
    return first17 + id_check_digit(first17)


@demo_seeder("residents", order=15)
def seed_residents(ctx: dict) -> None:
    _households(ctx["street"], ctx["stairwells"], ctx["rng"], region="410102")
    # The second street draws from its own generator, so that the first street's demo stays as it was;
    # its people carry another district's ID prefix, so no number meets one of the first street's.
    second = ctx["second_street"]
    _households(second["street"], second["stairwells"], random.Random(2026), region="410103")


def _households(street, stairwells, rng: random.Random, region: str) -> None:
    if Resident.objects.filter(area__path__startswith=street.path).exists():
        return
    seen = set()
    for stairwell in stairwells:
        for floor in range(1, 4):
            for door in (1, 2):
                room = f"{floor}0{door}"
                size = rng.choice((1, 2, 2, 3, 3, 4))
                surname = rng.choice(SURNAMES)
                floating = rng.random() < 0.2
                for i in range(size):
                    gender = rng.choice((Gender.MALE, Gender.FEMALE))
                    birth = datetime.date(rng.randint(1940, 2018), rng.randint(1, 12), rng.randint(1, 28))
                    id_number = fake_id_number(rng, birth, gender, region)
                    if id_number in seen:
                        continue
                    seen.add(id_number)
                    services.resident_create(
                        area=stairwell,
                        room=room,
                        name=surname + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else ""),
                        gender=gender,
                        birth_date=birth,
                        id_number=id_number,
                        phone=f"1{rng.choice('38')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                        registration=Registration.FLOATING if floating else Registration.REGISTERED,
                        is_household_head=i == 0,
                    )
