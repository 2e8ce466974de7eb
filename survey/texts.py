"""The survey screen's own texts, Indonesian first (registered with :mod:`ui.i18n` at import).

The questions come from ``db.survey.elements``, the form's words from ``ui.survey_texts``.
"""

from __future__ import annotations

from ui.i18n import register

register({
    "survey.app.sleep_thanks": {"id": "Terima kasih atas kunjungan Bapak/Ibu",
                                "en": "Thank you for your visit"},
    "survey.app.sleep_hint": {"id": "Setelah layanan selesai, mohon luangkan waktu sejenak untuk menilai pelayanan kami.",
                              "en": "When your service is finished, please take a moment to rate it."},
    "survey.app.title": {"id": "Survei Kepuasan Masyarakat", "en": "Satisfaction Survey"},
    "survey.app.counter": {"id": "Loket {n}", "en": "Counter {n}"},
    "survey.app.language": {"id": "English", "en": "Bahasa Indonesia"},
    "survey.app.done_title": {"id": "Terima kasih atas penilaian Bapak/Ibu",
                              "en": "Thank you for your answers"},
    "survey.app.done_text": {"id": "Masukan Bapak/Ibu membantu kami memperbaiki pelayanan.",
                             "en": "Your answers help us improve our service."},
    "survey.app.loading": {"id": "Memuat…", "en": "Loading…"},
})
