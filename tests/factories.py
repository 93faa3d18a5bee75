"""Factories shared by every app's tests; `AREA_FACTORIES` lets generic tests make any scoped record."""

import datetime
import io
import itertools
import zipfile

import factory
from django.contrib.auth import get_user_model

from governance.lib.validators import id_check_digit
from governance.models import Area, Household, Resident
from governance.residents.choices import Gender, Registration
from governance.residents.services import resident_create
from governance.territory.services import area_create

_counter = itertools.count(1)


def area_tree(*names: str) -> list[Area]:
    """Create (or reuse) the chain district → … for the given names; returns the nodes top-down."""
    nodes, parent = [], None
    for name in names:
        node = Area.objects.filter(parent=parent, name=name).first() or area_create(parent=parent, name=name)
        nodes.append(node)
        parent = node
    return nodes


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-Jiedao-2026")


def make_id_number(birth: datetime.date, male: bool = True, seq: int | None = None) -> str:
    seq = next(_counter) % 50 if seq is None else seq
    first17 = f"410102{birth:%Y%m%d}{seq // 10 % 10}{seq % 10}{1 if male else 2}"
    return first17 + id_check_digit(first17)


def make_resident(area: Area, *, room: str = "101", name: str | None = None, **fields) -> Resident:
    """A valid resident behind `area` (a stairwell), with a fresh valid ID number."""
    n = next(_counter)
    birth = fields.pop("birth_date", datetime.date(1970 + n % 40, 1 + n % 12, 1 + n % 28))
    male = fields.pop("gender", Gender.MALE) == Gender.MALE
    first17 = f"410102{birth:%Y%m%d}{n % 1000:03d}"[:16] + ("1" if male else "2")
    id_number = fields.pop("id_number", first17 + id_check_digit(first17))
    return resident_create(
        area=area,
        room=room,
        name=name or f"居民{n}",
        gender=Gender.MALE if male else Gender.FEMALE,
        birth_date=birth,
        id_number=id_number,
        phone=fields.pop("phone", f"138{n:08d}"),
        registration=fields.pop("registration", Registration.REGISTERED),
        **fields,
    )


# model -> callable(area) creating one record of that model placed in (or below) `area`, where `area`
# is a *stairwell* of the community under test; apps register their scoped models here so the generated
# API scope test covers every endpoint.
AREA_FACTORIES = {}


def register_area_factory(model):
    def decorator(fn):
        AREA_FACTORIES[model] = fn
        return fn

    return decorator


def load_area_factories() -> None:
    """Import every app's tests/<app>/factories.py, which fill AREA_FACTORIES as they load."""
    import importlib
    import pkgutil

    import tests

    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                importlib.import_module(f"tests.{info.name}.factories")
            except ModuleNotFoundError as exc:
                if exc.name != f"tests.{info.name}.factories":
                    raise


@register_area_factory(Area)
def _area(stairwell):
    return stairwell


@register_area_factory(Resident)
def _resident(stairwell):
    return make_resident(stairwell, room=f"{next(_counter)}")


@register_area_factory(Household)
def _household(stairwell):
    return make_resident(stairwell, room=f"{next(_counter)}").household


# ------------------------------------------------------------------------------------------ real files


def pdf_bytes() -> bytes:
    """A real one-page PDF (uploads are parsed, so a bare "%PDF-" header no longer passes)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "JPEG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 20, 30)).save(out, format=fmt)
    return out.getvalue()


def ooxml_bytes(main_part: str = "word/document.xml") -> bytes:
    """A minimal Office Open XML package with the given main part (a .docx by default)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(main_part, '<?xml version="1.0"?><document/>')
    return out.getvalue()
