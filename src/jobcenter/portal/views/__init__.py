"""The citizen's pages, one module per concern (issue 11: the portal is the citizen's face).

``overview`` — Übersicht, Profil, Umzug, "Wer hat meine Daten gesehen?";
``formulare`` — filling a form (the form engine's pages); ``antraege`` — a received
application, its receipt and export, the public fingerprint check; ``vorgaenge`` — the
citizen's cases, Mitwirkung uploads, documents; ``bescheide`` — Bescheide and delivery.
"""
