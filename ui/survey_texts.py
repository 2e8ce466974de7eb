"""The survey form's own texts (the questions and answers come from ``db.survey.elements``).

Registered with :mod:`ui.i18n` at import; Indonesian first, "Bapak/Ibu" for the visitor.
"""

from __future__ import annotations

from ui.i18n import register, tr

register({
    "survey.progress": {"id": "Pertanyaan {n} dari {total}", "en": "Question {n} of {total}"},
    "survey.wbk_progress": {"id": "Pernyataan {n} dari {total}", "en": "Statement {n} of {total}"},
    "survey.wbk_intro": {"id": "Seberapa setuju Bapak/Ibu dengan pernyataan berikut?",
                         "en": "How far do you agree with this statement?"},
    "survey.service": {"id": "Layanan: {service}", "en": "Service: {service}"},
    "survey.back": {"id": "‹ Kembali", "en": "‹ Back"},
    "survey.profile_progress": {"id": "Data responden {n} dari {total}", "en": "About you, {n} of {total}"},
    "survey.profile_note": {"id": "Boleh dilewati. Survei ini tanpa nama.",
                            "en": "You may skip this. The survey is anonymous."},
    "survey.skip": {"id": "Lewati", "en": "Skip"},
    "survey.next": {"id": "Lanjut ›", "en": "Next ›"},
    "survey.comment_title": {"id": "Saran dan masukan Bapak/Ibu untuk kami",
                             "en": "Your suggestions for us"},
    "survey.comment_note": {"id": "Boleh dikosongkan.", "en": "You may leave this empty."},
    "survey.comment_hint": {"id": "Ketik saran atau masukan di sini…", "en": "Type your suggestion here…"},
    "survey.send": {"id": "Kirim", "en": "Send"},
    # Refusals, worded for the visitor (``SurveyRefused.reason``).
    "survey.refused.answered": {"id": "Survei untuk nomor ini sudah diisi. Terima kasih.",
                                "en": "The survey for this number has already been answered. Thank you."},
    "survey.refused.closed": {"id": "Survei untuk nomor ini sudah selesai. Terima kasih.",
                              "en": "The survey for this number is already complete. Thank you."},
    "survey.refused.not_finished": {"id": "Survei dapat diisi setelah layanan selesai.",
                                    "en": "The survey can be answered once the service is finished."},
    "survey.refused.other_day": {"id": "Survei hanya dapat diisi pada hari kunjungan.",
                                 "en": "The survey can only be answered on the day of the visit."},
    "survey.refused.unknown": {"id": "Nomor antrean ini tidak ditemukan hari ini.",
                               "en": "This ticket number was not found today."},
    "survey.not_saved": {"id": "Maaf, jawaban Bapak/Ibu belum dapat disimpan. Silakan coba lagi nanti.",
                         "en": "Sorry, your answers could not be saved. Please try again later."},
})

REFUSAL_REASONS = ("answered", "closed", "not_finished", "other_day", "unknown")


def refusal_text(reason: str, fallback: str) -> str:
    """The visitor's wording of a refusal with ``reason`` (``fallback``, the core's
    sentence, for a reason this module does not know)."""
    return tr(f"survey.refused.{reason}") if reason in REFUSAL_REASONS else fallback
