"""A link inside a sentence wraps with the words at 320 px (KERN's .kern-link is an
inline-flex box, which moved the whole link to a line of its own and left "(" behind)."""

from __future__ import annotations

from tests.browser.conftest import visit

#: Where the link's first line box starts, relative to its list item or paragraph: an inline
#: link continues the line of the words before it; a box starts at the left edge.
FIRST_LINE_OFFSET = """(selector) => {
  const link = document.querySelector(selector);
  const parent = link.parentElement.getBoundingClientRect();
  const first = link.getClientRects()[0];
  return {offset: first.left - parent.left, lines: link.getClientRects().length};
}"""


def test_the_appointments_link_on_the_home_page_continues_its_sentence(page, axe):
    visit(page, axe, "/")
    found = page.evaluate(FIRST_LINE_OFFSET, "li > a[href='/portal/termine/']")
    # "Termine online buchen – vor Ort, am Telefon oder per Video (" fills most of the
    # first lines at 320 px: the link starts after "(" and wraps over two lines
    assert found["offset"] > 20, found
    assert found["lines"] >= 2, found
