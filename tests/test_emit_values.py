"""The emitter converts areas (m², ha) itself, with integers where Figure.value_in builds
Fractions: the two must write the same xsd:decimal for every value and unit pair."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from graph.emit import _dec, _value_in
from graph.figures import Figure, _FACTORS


def _figure(value: Decimal, unit: str) -> Figure:
    return Figure(start=0, end=1, text="x", kind="area", value=value, unit=unit, approximation="exact",
                  counter=None, per_year=False, is_growth=False)


def _values() -> list[Decimal]:
    rnd = random.Random(4)
    out = [Decimal(x) for x in ("0", "1", "3", "0.5", "2.25", "98", "150", "1.6", "0.01", "0.005", "123456789.123",
                                "10300", "1E+3", "-7", "2000", "0.0001", "33.33", "666.665")]
    for _ in range(3000):
        digits = rnd.randint(1, 14)
        out.append(Decimal(rnd.randint(1, 10 ** digits)).scaleb(-rnd.randint(0, 6)))
    return out


@pytest.mark.parametrize("unit", sorted(_FACTORS))
def test_conversion_equals_figure_value_in(unit):
    dimension = _FACTORS[unit][0]
    targets = [u for u, (dim, _) in _FACTORS.items() if dim == dimension]
    mismatched = [(v, unit, t) for v in _values() for t in targets
                  if _value_in(_figure(v, unit), t) != _dec(_figure(v, unit).value_in(t))]
    assert mismatched == []


def test_conversion_across_dimensions_is_refused_like_value_in():
    with pytest.raises(ValueError):
        _value_in(_figure(Decimal(3), "MU"), "KM")
