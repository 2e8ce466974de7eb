"""What the satisfaction survey asks: the nine SKM elements (*unsur*, Permenpan RB No. 14
Tahun 2017), the five anti-corruption perception items a WBK unit asks, and the optional
respondent profile of the regulation's form, each in Indonesian and English.

Every answer is 1..4, 4 the best, so one form and one index formula serve both the
elements and the WBK items. The survey screen, the kiosk and the reports all read these
tables; nobody words a question a second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models import ELEMENT_COLUMNS, WBK_COLUMNS

Words = dict[str, str]  # {"id": ..., "en": ...}


def _w(id_text: str, en_text: str) -> Words:
    return {"id": id_text, "en": en_text}


@dataclass(frozen=True)
class Question:
    """One question answered 1 (worst) .. 4 (best): ``key`` is its column (``u1``, ``w3``),
    ``code`` what reports print (``U1``), ``name`` the element's short name."""

    key: str
    code: str
    name: Words
    question: Words
    answers: tuple[Words, Words, Words, Words]

    def text(self, language: str) -> str:
        """The question in ``language`` (``id`` or ``en``)."""
        return self.question.get(language, self.question["id"])

    def answer(self, value: int, language: str) -> str:
        """The wording of answer ``value`` (1..4) in ``language``."""
        words = self.answers[value - 1]
        return words.get(language, words["id"])

    def title(self, language: str) -> str:
        """The element's short name in ``language``."""
        return self.name.get(language, self.name["id"])


_SUITABLE = (_w("Tidak sesuai", "Not suitable"), _w("Kurang sesuai", "Less suitable"),
             _w("Sesuai", "Suitable"), _w("Sangat sesuai", "Very suitable"))

#: The nine elements, in the regulation's order U1..U9.
ELEMENTS: tuple[Question, ...] = (
    Question("u1", "U1", _w("Persyaratan", "Requirements"),
             _w("Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
                "How well do the requirements fit the service you came for?"),
             _SUITABLE),
    Question("u2", "U2", _w("Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"),
             _w("Bagaimana kemudahan prosedur pelayanan di unit ini?",
                "How easy is the service procedure here?"),
             (_w("Tidak mudah", "Not easy"), _w("Kurang mudah", "Not very easy"),
              _w("Mudah", "Easy"), _w("Sangat mudah", "Very easy"))),
    Question("u3", "U3", _w("Waktu Penyelesaian", "Completion time"),
             _w("Bagaimana kecepatan waktu pelayanan yang Bapak/Ibu terima?",
                "How fast was the service you received?"),
             (_w("Tidak cepat", "Not fast"), _w("Kurang cepat", "Not very fast"),
              _w("Cepat", "Fast"), _w("Sangat cepat", "Very fast"))),
    Question("u4", "U4", _w("Biaya/Tarif", "Cost/fees"),
             _w("Bagaimana kewajaran biaya/tarif pelayanan?",
                "How fair is the cost of the service?"),
             (_w("Sangat mahal", "Very expensive"), _w("Cukup mahal", "Fairly expensive"),
              _w("Murah", "Cheap"), _w("Gratis", "Free"))),
    Question("u5", "U5", _w("Produk Spesifikasi Jenis Pelayanan", "Service product specification"),
             _w("Bagaimana kesesuaian hasil pelayanan dengan yang tercantum dalam standar pelayanan?",
                "How well does the result match what the service standard promises?"),
             _SUITABLE),
    Question("u6", "U6", _w("Kompetensi Pelaksana", "Staff competence"),
             _w("Bagaimana kompetensi atau kemampuan petugas dalam memberikan pelayanan?",
                "How competent was the officer who served you?"),
             (_w("Tidak kompeten", "Not competent"), _w("Kurang kompeten", "Not very competent"),
              _w("Kompeten", "Competent"), _w("Sangat kompeten", "Very competent"))),
    Question("u7", "U7", _w("Perilaku Pelaksana", "Staff conduct"),
             _w("Bagaimana kesopanan dan keramahan petugas dalam memberikan pelayanan?",
                "How polite and friendly was the officer?"),
             (_w("Tidak sopan dan ramah", "Not polite or friendly"),
              _w("Kurang sopan dan ramah", "Not very polite or friendly"),
              _w("Sopan dan ramah", "Polite and friendly"), _w("Sangat sopan dan ramah", "Very polite and friendly"))),
    Question("u8", "U8", _w("Penanganan Pengaduan, Saran, dan Masukan", "Complaints, suggestions and feedback"),
             _w("Bagaimana penanganan pengaduan, saran, dan masukan pengguna layanan di unit ini?",
                "How are complaints, suggestions and feedback handled here?"),
             (_w("Tidak ada", "There is none"), _w("Ada tetapi tidak berfungsi", "There is one, but it does not work"),
              _w("Berfungsi kurang maksimal", "It works, but not fully"),
              _w("Dikelola dengan baik", "It is well managed"))),
    Question("u9", "U9", _w("Sarana dan Prasarana", "Facilities and infrastructure"),
             _w("Bagaimana kualitas sarana dan prasarana pelayanan?",
                "How good are the service's facilities?"),
             (_w("Buruk", "Poor"), _w("Cukup", "Fair"), _w("Baik", "Good"), _w("Sangat baik", "Very good"))),
)

_AGREE = (_w("Tidak setuju", "Disagree"), _w("Kurang setuju", "Somewhat disagree"),
          _w("Setuju", "Agree"), _w("Sangat setuju", "Strongly agree"))

#: The anti-corruption perception items (a WBK unit's survey), as statements to agree with.
WBK_ITEMS: tuple[Question, ...] = (
    Question("w1", "W1", _w("Tanpa diskriminasi", "No discrimination"),
             _w("Tidak ada diskriminasi dalam pelayanan.", "Nobody is treated unfairly here."), _AGREE),
    Question("w2", "W2", _w("Tanpa menyerobot antrean", "No queue-jumping"),
             _w("Tidak ada yang dilayani di luar urutan antrean.", "Nobody is served out of turn."), _AGREE),
    Question("w3", "W3", _w("Tanpa imbalan", "No gratuities"),
             _w("Petugas tidak meminta atau menerima imbalan dalam bentuk apa pun.",
                "The officers neither ask for nor accept gifts or tips of any kind."), _AGREE),
    Question("w4", "W4", _w("Tanpa pungutan liar", "No illegal fees"),
             _w("Tidak ada pungutan liar (pungli).", "No illegal fees are charged."), _AGREE),
    Question("w5", "W5", _w("Tanpa calo", "No brokers"),
             _w("Tidak ada percaloan dalam pelayanan.", "No brokers or middlemen are involved."), _AGREE),
)

assert tuple(q.key for q in ELEMENTS) == ELEMENT_COLUMNS and tuple(q.key for q in WBK_ITEMS) == WBK_COLUMNS


@dataclass(frozen=True)
class ProfileField:
    """One optional question of the respondent profile: ``key`` is its column, ``options``
    the codes stored with their wording. Every one may be left unanswered."""

    key: str
    label: Words
    options: tuple[tuple[str, Words], ...]

    def codes(self) -> tuple[str, ...]:
        """The codes this field accepts."""
        return tuple(code for code, _ in self.options)

    def option_text(self, code: str, language: str) -> str:
        """The wording of ``code`` in ``language`` (the code itself when unknown)."""
        for c, words in self.options:
            if c == code:
                return words.get(language, words["id"])
        return code


#: The respondent profile (the regulation's form asks age, sex, education and occupation);
#: the age only as a band, and nothing that names the person.
PROFILE: tuple[ProfileField, ...] = (
    ProfileField("age_group", _w("Usia", "Age"), (
        ("u25", _w("Di bawah 25 tahun", "Under 25")), ("25-34", _w("25–34 tahun", "25–34")),
        ("35-44", _w("35–44 tahun", "35–44")), ("45-54", _w("45–54 tahun", "45–54")),
        ("55+", _w("55 tahun ke atas", "55 or over")))),
    ProfileField("gender", _w("Jenis kelamin", "Sex"), (
        ("L", _w("Laki-laki", "Male")), ("P", _w("Perempuan", "Female")))),
    ProfileField("education", _w("Pendidikan terakhir", "Education"), (
        ("SD", _w("SD atau sederajat", "Primary school")), ("SMP", _w("SMP atau sederajat", "Junior high school")),
        ("SMA", _w("SMA/SMK atau sederajat", "Senior high school")), ("D", _w("Diploma (D1–D4)", "Diploma")),
        ("S1", _w("Sarjana (S1)", "Bachelor's degree")), ("S2", _w("Magister (S2)", "Master's degree")),
        ("S3", _w("Doktor (S3)", "Doctorate")))),
    ProfileField("occupation", _w("Pekerjaan", "Occupation"), (
        ("PNS", _w("PNS/ASN", "Civil servant")), ("TNI", _w("TNI", "Armed forces")), ("POLRI", _w("Polri", "Police")),
        ("SWASTA", _w("Pegawai swasta", "Private employee")), ("WIRAUSAHA", _w("Wirausaha", "Self-employed")),
        ("PELAJAR", _w("Pelajar/Mahasiswa", "Student")), ("LAINNYA", _w("Lainnya", "Other")))),
)

#: The longest comment kept (characters); a longer one is cut there.
COMMENT_MAX = 500


def question(key: str) -> Question:
    """The element or WBK item stored in column ``key`` (``u1`` .. ``u9``, ``w1`` .. ``w5``)."""
    for q in ELEMENTS + WBK_ITEMS:
        if q.key == key:
            return q
    raise KeyError(key)
