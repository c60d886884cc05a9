"""The staff pages, one module per concern (issue 11: the back office is the staff's face).

``persons`` — Suche, Person, who read a person's data, Verwaltung; ``akte`` — the
Arbeitsvorrat and the case page of the eAkte; ``bescheide`` — calculation, Bescheide,
four eyes, print list, automation; ``papierantrag`` — paper entry of applications.
"""
