"""English and French for the dashboard. Templates write English, ``t("…")``, and the
French comes from ``FR``; a test fails when a template uses a phrase ``FR`` lacks.

The language is, in order: ``?lang=`` on the address, the ``veille_lang`` cookie the
switcher sets, the browser's Accept-Language, English."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

LANGS = ("en", "fr")
LANG_COOKIE = "veille_lang"

FR: dict[str, str] = {
    # navigation and frame
    "Map": "Carte", "Timeline": "Chronologie", "Spillover": "Propagation", "Hot spots": "Points chauds",
    "Forecasts": "Prévisions", "Alerts": "Alertes", "Responses": "Réponses", "Briefs": "Notes de situation",
    "Report an incident": "Signaler un incident", "Triage": "Tri", "Account": "Compte", "Log in": "Se connecter",
    "Log out": "Se déconnecter", "Language": "Langue", "Anonymous visitor": "Visiteur anonyme",
    "You see": "Vous voyez", "records": "fiches", "Skip to content": "Aller au contenu",
    "Conflict early warning for West Africa's coastal states": "Alerte précoce sur les conflits dans les États côtiers d'Afrique de l'Ouest",
    "Data as JSON": "Données en JSON", "Download CSV": "Télécharger en CSV", "Download GeoJSON": "Télécharger en GeoJSON",
    "API documentation": "Documentation de l'API",
    # filters
    "Filters": "Filtres", "From": "Du", "To": "Au", "Country": "Pays", "Countries": "Pays",
    "Admin unit (P-code)": "Unité administrative (P-code)", "Actor": "Acteur", "Event type": "Type d'événement",
    "Source": "Source", "Words": "Mots", "Apply": "Appliquer", "Clear": "Effacer", "any": "tous",
    "Only this map view": "Seulement la zone affichée", "Months": "Mois", "Split by": "Répartir par",
    # events
    "events": "événements", "Events": "Événements", "event": "événement", "Date": "Date", "Type": "Type",
    "Sub-type": "Sous-type", "Place": "Lieu", "Fatalities": "Morts", "Actors": "Acteurs", "Notes": "Notes",
    "Latest matching events": "Derniers événements correspondants", "Previous": "Précédent", "Next": "Suivant",
    "showing": "affichés", "of": "sur", "on the map": "sur la carte",
    "The map shows the newest {n} matching events; narrow the filters to see others.":
        "La carte montre les {n} événements correspondants les plus récents ; resserrez les filtres pour voir les autres.",
    "Event": "Événement", "Where": "Où", "When": "Quand", "Who": "Qui", "Provenance": "Provenance",
    "Import run": "Import", "File": "Fichier", "Community reports verified into this event":
        "Signalements communautaires vérifiés dans cet événement",
    "Linked records": "Fiches liées", "Precision": "Précision", "Confidence": "Confiance",
    "Distance to the Sahel front": "Distance au front sahélien", "Grid cell": "Cellule de grille",
    "event type": "type d'événement", "country": "pays", "source": "source", "disorder type": "type de désordre",
    "Events per month": "Événements par mois", "Fatalities per month": "Morts par mois", "Total": "Total",
    "No events match these filters.": "Aucun événement ne correspond à ces filtres.",
    # analysis
    "Political violence by distance from the Sahel front": "Violence politique selon la distance au front sahélien",
    "Method": "Méthode", "Month": "Mois", "Median km": "Km médian", "Deepest km": "Km le plus profond",
    "New admin-2 units": "Nouvelles unités admin-2", "Cross-border clusters": "Foyers transfrontaliers",
    "Emerging hot spots": "Points chauds émergents", "Unit": "Unité", "Category": "Catégorie",
    "First hot": "Premier mois chaud", "First new hot spot": "Premier nouveau point chaud",
    "units with a pattern": "unités avec un motif", "No pattern": "Aucun motif",
    "Computing this can take a few seconds.": "Ce calcul peut prendre quelques secondes.",
    # forecasts
    "Forecast run": "Série de prévisions", "Horizon": "Horizon", "months ahead": "mois à l'avance",
    "Forecast month": "Mois prévu", "Expected": "Attendu", "P(any)": "P(au moins un)", "90% interval": "Intervalle à 90 %",
    "No forecasts are stored yet. Run `veille forecast` or `veille demo`.":
        "Aucune prévision n'est encore enregistrée. Lancez `veille forecast` ou `veille demo`.",
    "Trained to": "Entraîné jusqu'à", "Model": "Modèle", "Target": "Cible", "Show": "Afficher",
    # alerts
    "open": "ouvertes", "acknowledged": "prises en compte", "closed": "closes", "Severity": "Gravité",
    "critical": "critique", "high": "élevée", "medium": "moyenne", "low": "faible", "Period": "Période",
    "Evidence": "Preuves", "Acknowledge": "Prendre en compte", "Close": "Clore", "Reopen": "Rouvrir",
    "The newest {n} are shown; filter by country or severity to see others.":
        "Les {n} plus récentes sont affichées ; filtrez par pays ou gravité pour voir les autres.",
    "Seen": "Vu", "times": "fois", "No alerts.": "Aucune alerte.", "Rule": "Règle", "Status": "Statut",
    "more evidence events are above your TLP.": "autres événements de preuve dépassent votre niveau TLP.",
    # responses and briefs
    "Not available yet in this installation.": "Pas encore disponible dans cette installation.",
    "Read": "Lire", "Download": "Télécharger", "No briefs yet.": "Aucune note pour l'instant.",
    "No responses yet.": "Aucune réponse pour l'instant.", "Owner": "Responsable", "Due": "Échéance",
    "Action": "Action", "Language of the brief": "Langue de la note",
    "or a region": "ou une région", "Write a brief": "Rédiger une note", "Brief": "Note",
    "A GREEN brief uses only CLEAR and GREEN records; an AMBER one adds your organisation's own AMBER records and is yours.":
        "Une note GREEN n'utilise que des fiches CLEAR et GREEN ; une note AMBER y ajoute les fiches AMBER de votre organisation et vous appartient.",
    "building": "en préparation", "ready": "prête", "failed": "échec",
    "this page reloads until it is ready.": "cette page se recharge jusqu'à ce qu'elle soit prête.",
    "overdue": "en retard", "Open only": "Ouvertes seulement", "Move": "Déplacer", "alert": "alerte",
    "proposed": "proposées", "planned": "prévues", "in_progress": "en cours", "done": "faites", "cancelled": "annulées",
    "military_readiness": "préparation militaire", "intelligence_sharing": "partage du renseignement",
    "joint_training": "formation conjointe", "community_policing": "police de proximité",
    "conflict_resolution": "résolution des conflits", "local_economies": "économies locales",
    "humanitarian_preparedness": "préparation humanitaire",
    # community reports
    "What happened?": "Que s'est-il passé ?", "Where did it happen?": "Où cela s'est-il passé ?",
    "When did it happen?": "Quand cela s'est-il passé ?", "Latitude": "Latitude", "Longitude": "Longitude",
    "How can we reach you? (optional)": "Comment vous joindre ? (facultatif)",
    "Your contact details are encrypted and only administrators can read them.":
        "Vos coordonnées sont chiffrées et seuls les administrateurs peuvent les lire.",
    "This installation does not collect contact details.": "Cette installation ne recueille pas de coordonnées.",
    "Send the report": "Envoyer le signalement", "Thank you. Your report was received.": "Merci. Votre signalement a été reçu.",
    "Reference": "Référence", "Report another incident": "Signaler un autre incident",
    "Do not put yourself at risk to report.": "Ne vous mettez pas en danger pour signaler.",
    "Reports": "Signalements", "unverified": "non vérifiés", "verified": "vérifiés", "rejected": "rejetés",
    "Submitted": "Reçu", "Channel": "Canal", "Contact on file": "Contact enregistré", "yes": "oui", "no": "non",
    "Possible duplicates": "Doublons possibles", "Score": "Score", "km": "km", "days": "jours",
    "Show contact details": "Afficher les coordonnées", "Contact details": "Coordonnées",
    "Verify as a new event": "Vérifier comme nouvel événement", "Link to an existing event": "Lier à un événement existant",
    "Reject": "Rejeter", "Reason": "Motif", "Event id": "Identifiant de l'événement", "Verify": "Vérifier",
    "Link": "Lier", "Nothing to triage.": "Rien à trier.", "Open": "Ouvrir", "Report": "Signalement",
    "No place on the map yet.": "Pas encore de position sur la carte.",
    # account
    "viewer": "lecteur", "analyst": "analyste", "admin": "administrateur",
    "E-mail": "Courriel", "Password": "Mot de passe", "Organisation": "Organisation", "Role": "Rôle",
    "API tokens": "Jetons d'API", "Label": "Libellé", "Days": "Jours", "Create a token": "Créer un jeton",
    "Revoke": "Révoquer", "Created": "Créé", "Last used": "Dernière utilisation", "Revoked": "Révoqué",
    "Expires": "Expire", "Copy it now: it is shown only once.": "Copiez-le maintenant : il n'est affiché qu'une fois.",
    "AMBER records shared with you by": "Fiches AMBER partagées avec vous par",
    "Your AMBER records are shared with": "Vos fiches AMBER sont partagées avec", "nobody": "personne",
    "Log in to see GREEN, AMBER and RED records.": "Connectez-vous pour voir les fiches GREEN, AMBER et RED.",
    # errors
    "wrong e-mail or password": "courriel ou mot de passe incorrect", "named": "nommés",
    "Error": "Erreur", "Back to the map": "Retour à la carte",
}

# Short labels for the navigation bar, which must fit one line on a laptop.
EN = {"nav:report": "Report an incident", "nav:briefs": "Briefs"}
FR.update({"nav:report": "Signaler", "nav:briefs": "Notes"})
_CATALOGS = {"en": EN, "fr": FR}


def translator(lang: str) -> Callable[..., str]:
    catalog = _CATALOGS.get(lang, {})

    def t(text: str, **values) -> str:
        out = catalog.get(text, text)
        return out.format(**values) if values else out

    return t


def pick_lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGS:
        return cookie
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "en"


__all__ = ["FR", "LANGS", "LANG_COOKIE", "pick_lang", "translator"]
