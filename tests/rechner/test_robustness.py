"""Whatever a person (or a bot) posts, the calculator answers with a page, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import COUPLE_FORM

URL = "/buergergeld-rechner/"

FIELDS = [
    "monat", "partner", "kinder", "aktion", "kaltmiete", "nebenkosten", "heizkosten",
    "warmwasser", "weitere_personen",
    *[f"{p}_{n}" for p in ("as", "pa")
      for n in ("geburtsdatum", "brutto", "netto", "sonstiges", "vermoegen", "ssw")],
    *[f"kind{i}_{n}" for i in range(0, 12)
      for n in ("geburtsdatum", "unterhalt", "unterhaltsvorschuss")],
]

typed = st.one_of(
    st.text(max_size=25),
    st.from_regex(r"-?[0-9]{0,9}([.,][0-9]{0,4}){0,3}( ?€)?", fullmatch=True),
    st.from_regex(r"[0-3]?[0-9]\.[01]?[0-9]\.(19|20)[0-9]{2}", fullmatch=True),
    st.sampled_from(["ja", "nein", "zentral", "dezentral", "2026-11", "2023-01", "9999-99",
                     "kind_hinzufuegen", "kind_entfernen_1", "kind_entfernen_99", "berechnen",
                     "0", "11", "-1", "1e9", "NaN", "\x00", "1.000.000,01"]),
)


@pytest.mark.django_db
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.dictionaries(st.sampled_from(FIELDS), typed, max_size=12),
       from_scratch=st.booleans())
def test_random_answers_never_cause_a_server_error(client, changes, from_scratch):
    data = dict(changes) if from_scratch else {**COUPLE_FORM, **changes}
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    # Either a result or a form with explained errors (or an add/remove re-render).
    assert 'id="ergebnis"' in html or 'name="as_geburtsdatum-tag"' in html
