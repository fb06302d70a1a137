"""Numbers, units, ranges, baselines and deadlines read in German, French and Spanish (and English kept)."""

import pytest

from facilitator.core.okr_numbers import to_float
from facilitator.core.okr_text import facts, shares_subject, stem


@pytest.mark.parametrize("written, decimal, value", [
    ("3,2", ",", 3.2), ("1.000", ",", 1000), ("1 000", ",", 1000), ("1\u202f000", ",", 1000),
    ("12.500,75", ",", 12500.75), ("1,234.5", ",", 1234.5), ("2.5", ",", 2.5), ("1,5", ",", 1.5),
    ("1,000", ".", 1000), ("37,50", ",", 37.5), ("10 000 000", ",", 1e7),
])
def test_written_numbers_are_read_by_the_language_s_marks(written, decimal, value):
    assert to_float(written, decimal) == pytest.approx(value)


@pytest.mark.parametrize("language, text, start, target", [
    ("de", "Erhöhe die Conversion von 3,2 % auf 5,5 % bis Q3", 3.2, 5.5),
    ("de", "Conversion Rate von 3,2 % auf 5,5 % steigern", 3.2, 5.5),
    ("de", "Umsatz von 1,2 Mio. € auf 1,5 Mio. € steigern", 1.2e6, 1.5e6),
    ("de", "Umsatz von 10 000 € auf 12.500 € steigern", 10_000, 12_500),
    ("de", "Reaktionszeit von 8 Stunden auf 30 Minuten senken", 480, 30),
    ("de", "NPS auf 50 steigern (aktuell: 32)", 32, 50),
    ("de", "Kündigungsquote auf 3 % senken statt 5 %", 5, 3),
    ("de", "Kosten pro Lead 32 → 50", 32, 50),
    ("de", "Aktive Nutzer 1.200 -> 2.000", 1200, 2000),
    ("de", "Umsatz pro Kunde von CHF 200 auf CHF 260 steigern", 200, 260),
    ("fr", "Passer de 50 € à 37,50 € de coût par lead", 50, 37.5),
    ("fr", "750 leads qualifiés par mois (vs 600 actuellement)", 600, 750),
    ("fr", "Augmenter le taux de conversion de 2,1 % à 2,8 % d'ici fin juin", 2.1, 2.8),
    ("fr", "Réduire le délai de réponse de 2 jours à 4 heures", 2 * 1440, 4 * 60),
    ("fr", "Faire passer le NPS de 32 à 45", 32, 45),
    ("fr", "Porter le panier moyen à 85 € (aujourd'hui 70 €)", 70, 85),
    ("fr", "Atteindre 1 500 clients actifs, contre 1 100 actuellement", 1100, 1500),
    ("es", "Aumentar la tasa de conversión del 2 % al 3 % en el T2", 2, 3),
    ("es", "Reducir el churn del 5% al 3% antes de junio", 5, 3),
    ("es", "Pasar de 1.200 a 2.000 usuarios activos", 1200, 2000),
    ("es", "Reducir el tiempo de respuesta de 4 horas a 30 minutos", 240, 30),
    ("es", "Alcanzar un NPS de 45 (actualmente 30)", 30, 45),
    ("es", "Ventas mensuales de 80.000 € a 120.000 €", 80_000, 120_000),
    ("en", "Raise week-1 activation from 32% to 45%", 32, 45),
    ("en", "Cut cost per lead 32 -> 25", 32, 25),
])
def test_from_and_to_are_read_in_each_language(language, text, start, target):
    f = facts(text, language)
    assert (f.start, f.target) == (pytest.approx(start), pytest.approx(target)), f


@pytest.mark.parametrize("language, text", [
    ("de", "Bis zum 30. Mai die beliebteste Banking-App der Schweiz werden"),
    ("de", "Bis Q3 die erste Wahl für kleine Handwerksbetriebe werden"),
    ("de", "Im 3. Quartal Marktführer in der DACH-Region werden"),
    ("de", "Bis Ende 2026 unsere Kunden begeistern"),
    ("de", "Ab KW 12 jede Bestellung am selben Tag versenden"),
    ("de", "Bis 30.06.2026 ein Onboarding, das niemand erklären muss"),
    ("fr", "Devenir la banque préférée des étudiants d'ici fin juin"),
    ("fr", "Au T3, faire de notre appli la référence des artisans"),
    ("fr", "D'ici le 1er juillet, rendre la prise en main évidente"),
    ("fr", "Être la première école en ligne de France en 2027"),
    ("es", "Antes de junio, ser la app favorita de los autónomos"),
    ("es", "En el T2, conquistar a las pymes de Madrid"),
    ("es", "Para el 30 de junio de 2026, un onboarding sin fricción"),
    ("es", "Ser la referencia del sector a finales de 2026"),
])
def test_dates_and_quarters_are_time_never_a_number(language, text):
    f = facts(text, language)
    assert f.numbers == ()


@pytest.mark.parametrize("language, text", [
    ("de", "Neue Website bis zum 30. Mai live"), ("de", "CRM-Migration bis Q3 abgeschlossen"),
    ("de", "Neues Preismodell bis Ende Juni eingeführt"),
    ("fr", "Nouvelle application en ligne d'ici fin juin"), ("fr", "Lancer la nouvelle offre au T3"),
    ("fr", "Nouveau site livré avant le 30 juin"),
    ("es", "Nueva web lanzada antes de junio"), ("es", "Lanzar la nueva app en el T2"),
    ("es", "Nuevo CRM operativo para el 30 de junio"),
])
def test_deadlines_are_read_in_each_language(language, text):
    assert facts(text, language).deadline


@pytest.mark.parametrize("language, text, amount", [
    ("de", "Churn um 20 % senken", 20), ("de", "Den NPS um 10 Punkte steigern", 10),
    ("fr", "Augmenter le taux de conversion de 20 %", 20), ("fr", "Réduire les coûts de 15 %", 15),
    ("es", "Aumentar las ventas en un 20 %", 20), ("es", "Reducir un 15 % los costes", 15),
])
def test_a_change_by_an_amount_has_no_starting_value(language, text, amount):
    f = facts(text, language)
    assert f.relative_change and f.start is None and f.numbers == (amount,)


@pytest.mark.parametrize("language, text, value, percent", [
    ("de", "Marktanteil von 12,5 Prozent", 12.5, True), ("de", "2 Mio. € Umsatz", 2e6, False),
    ("de", "Umsatz 500 Tsd. EUR", 5e5, False), ("fr", "2 millions d'euros de CA", 2e6, False),
    ("fr", "Taux d'ouverture de 25 pour cent", 25, True), ("fr", "50 k€ de MRR", 5e4, False),
    ("es", "Una cuota del 12,5 por ciento", 12.5, True), ("es", "10 mil clientes activos", 1e4, False),
    ("es", "Facturar 1,5 millones de euros", 1.5e6, False),
])
def test_units_percent_and_scale_words(language, text, value, percent):
    f = facts(text, language)
    assert f.numbers == (pytest.approx(value),) and f.percent == percent


@pytest.mark.parametrize("language, text, field, expected", [
    ("de", "Neues CRM einführen", "opening_task", "einführen"),
    ("de", "Führe das neue CRM ein", "opening_task", "Führe"),
    ("de", "Kundenzufriedenheit verbessern", "vague_verb", "verbessern"),
    ("de", "Conversion auf 5 % steigern", "opening_direction", "increase"),
    ("de", "Uptime bei 99,9 % halten", "opening_direction", "maintain"),
    ("fr", "Lancer la nouvelle application", "opening_task", "Lancer"),
    ("fr", "Mise en place du nouveau CRM", "opening_task", "Mise en place"),
    ("fr", "Améliorer la satisfaction client", "vague_verb", "Améliorer"),
    ("fr", "Maintenir la disponibilité à 99,9 %", "opening_direction", "maintain"),
    ("es", "Lanzar la nueva web", "opening_task", "Lanzar"),
    ("es", "Mejorar la satisfacción del cliente", "vague_verb", "Mejorar"),
    ("es", "Reducir el churn al 3 %", "opening_direction", "decrease"),
])
def test_word_lists_per_language(language, text, field, expected):
    assert getattr(facts(text, language), field) == expected


def test_words_match_whole_words_in_every_language():
    assert facts("Verbesserungsvorschläge der Kunden sammeln", "de").vague_verb == ""
    assert facts("Lanceurs d'alerte protégés", "fr").opening_task == ""
    assert facts("Mejoras pedidas por los clientes", "es").vague_verb == ""


@pytest.mark.parametrize("text, language", [
    ("Erhöhe die Conversion von 3,2 % auf 5,5 % bis Q3", "de"),
    ("Passer de 50 € à 37,50 € par lead", "fr"),
    ("Aumentar la tasa de conversión del 2 % al 3 %", "es"),
    ("Raise week-1 activation from 32% to 45%", "en"),
])
def test_a_draft_in_another_language_than_the_session_s_is_read_in_its_own(text, language):
    for session in ("en", "de", "fr", "es"):
        assert facts(text, session).language == language, session


def test_a_short_or_mixed_text_stays_in_the_session_s_language():
    assert facts("NPS 45", "de").language == "de"
    assert facts("Churn 3 %", "fr").language == "fr"
    assert facts("MRR", "es").language == "es"


def test_english_numbers_are_read_as_before():
    assert facts("Grow German customers from 800 to 1,400").target == 1400
    assert facts("Grow ARR from $1.2M to $2M by end of Q4 2026").start == pytest.approx(1.2e6)


def test_what_a_french_draft_is_about_leaves_out_elided_articles_and_months():
    about = facts("Devenir la banque préférée des étudiants d'ici fin juin", "fr").subject
    assert about == {stem(word, "fr") for word in ("banque", "préférée", "étudiant")}
    assert "onboarding" in facts("Réussir l'onboarding des PME", "fr").subject  # the elided article is gone


def test_a_subject_is_the_same_in_the_singular_and_the_plural_in_every_language():
    assert stem("Kunden", "de") == stem("Kunde", "de")
    assert stem("clientes", "es") == stem("cliente", "es")
    assert stem("étudiants", "fr") == stem("étudiant", "fr")
    assert stem("customers") == stem("customer")


def test_a_german_key_result_about_a_compound_of_the_objectives_subject_shows_it():
    objective = facts("Bewerberinnen erleben uns als schnellsten Arbeitgeber der Region", "de")
    assert shares_subject(objective, facts("Zeit von Bewerbung bis Zusage von 41 auf 21 Tage verkürzen", "de"))
    assert shares_subject(facts("Unsere Neukunden starten ohne Hürden", "de"),
                          facts("Kundenzufriedenheit im Onboarding von 7,1 auf 8,5 steigern", "de"))
    assert not shares_subject(objective, facts("Serverkosten von 40.000 € auf 30.000 € senken", "de"))
