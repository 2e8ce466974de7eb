"""Every word the rendered reports print, in Indonesian and English."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # report titles
    "volume": ("Volume layanan per layanan dan hari", "Volume per service and day"),
    "times": ("Waktu tunggu dan waktu layanan", "Waiting and service times"),
    "compliance": ("Kepatuhan terhadap standar pelayanan", "Compliance with the service standard"),
    "arrivals": ("Kedatangan menurut jam dan hari", "Arrivals by hour and weekday"),
    "staff": ("Kinerja petugas dan loket", "Officers and counters"),
    "recalls": ("Panggilan ulang dan pengalihan", "Recalls and transfers"),
    "summary": ("Laporan standar pelayanan", "Service standard report"),
    "summary_month": ("Laporan bulanan standar pelayanan", "Monthly service standard report"),
    "summary_year": ("Laporan tahunan standar pelayanan", "Yearly service standard report"),
    "ikm": ("Indeks Kepuasan Masyarakat (IKM)", "Community Satisfaction Index (IKM)"),
    # tables
    "t_volume_service": ("Volume per layanan", "Volume per service"),
    "t_volume_kind": ("Jenis dan asal tiket", "Ticket kinds and sources"),
    "t_volume_day": ("Volume per hari", "Volume per day"),
    "t_bookings": ("Pengunjung pemesanan daring dan datang langsung", "Booked and walk-in visitors"),
    "t_booking_status": ("Pemesanan daring menurut status", "Bookings by outcome"),
    "t_wait": ("Waktu tunggu (menit)", "Waiting time (minutes)"),
    "t_service": ("Waktu layanan (menit)", "Service time (minutes)"),
    "t_compliance_service": ("Kepatuhan per layanan", "Compliance per service"),
    "t_compliance_day": ("Kepatuhan per hari, semua layanan", "Compliance per day, all services"),
    "t_compliance_cells": ("Kepatuhan per layanan per hari", "Compliance per service per day"),
    "t_arrivals": ("Kedatangan (tiket baru) menurut jam dan hari", "Arrivals (new tickets) by hour and weekday"),
    "t_officers": ("Per petugas", "Per officer"),
    "t_counters": ("Per loket", "Per counter"),
    "t_recalls": ("Panggilan ulang dan pengalihan per layanan", "Recalls and transfers per service"),
    "t_flows": ("Pengalihan antarlayanan", "Transfers between services"),
    # columns
    "day": ("Tanggal", "Date"),
    "service": ("Layanan", "Service"),
    "code": ("Kode", "Code"),
    "issued": ("Diterbitkan", "Issued"),
    "transferred_in": ("Pindahan masuk", "Transferred in"),
    "served": ("Dilayani", "Served"),
    "no_show": ("Tidak hadir", "No-show"),
    "cancelled": ("Dibatalkan", "Cancelled"),
    "transferred_out": ("Dialihkan", "Transferred out"),
    "expired": ("Kedaluwarsa", "Expired"),
    "open": ("Belum selesai", "Still open"),
    "no_show_rate": ("Tingkat tidak hadir (%)", "No-show rate (%)"),
    "priority": ("Prioritas", "Priority"),
    "ordinary": ("Reguler", "Ordinary"),
    "kiosk": ("Kios", "Kiosk"),
    "counter_source": ("Loket", "Counter"),
    "booking": ("Pemesanan daring", "Booking"),
    "visits": ("Kunjungan", "Visits"),
    "visitors": ("Pengunjung", "Visitors"),
    "walk_in": ("Datang langsung", "Walk-in"),
    "bookings": ("Pemesanan", "Bookings"),
    "b_checked_in": ("Datang tepat waktu", "Checked in"),
    "b_late": ("Datang terlambat", "Came late"),
    "b_no_show": ("Tidak datang", "No-show"),
    "b_booked": ("Belum datang", "Not yet come"),
    "b_no_show_rate": ("Tingkat tidak datang (%)", "No-show rate (%)"),
    "booked_share": ("Pemesanan daring (%)", "Booked (%)"),
    "booked_wait_mean": ("Tunggu pemesanan, rata-rata (menit)", "Booked wait, average (min)"),
    "booked_wait_median": ("Tunggu pemesanan, median (menit)", "Booked wait, median (min)"),
    "walk_in_wait_mean": ("Tunggu datang langsung, rata-rata (menit)", "Walk-in wait, average (min)"),
    "walk_in_wait_median": ("Tunggu datang langsung, median (menit)", "Walk-in wait, median (min)"),
    "mean": ("Rata-rata", "Average"),
    "median": ("Median", "Median"),
    "p90": ("Persentil ke-90", "90th percentile"),
    "max": ("Maksimum", "Maximum"),
    "target_wait": ("Target tunggu (menit)", "Target wait (min)"),
    "target_service": ("Target layanan (menit)", "Target service (min)"),
    "measured": ("Diukur", "Measured"),
    "met": ("Sesuai standar", "Met"),
    "share": ("Kepatuhan (%)", "Compliance (%)"),
    "hour": ("Jam", "Hour"),
    "total": ("Jumlah", "Total"),
    "officer": ("Petugas", "Officer"),
    "counter": ("Loket", "Counter"),
    "avg_service": ("Rata-rata layanan (menit)", "Average service (min)"),
    "idle": ("Waktu menganggur (menit)", "Idle time (min)"),
    "recalled_visits": ("Kunjungan dipanggil ulang", "Visits recalled"),
    "n_recalls": ("Panggilan ulang", "Recalls"),
    "from_service": ("Dari layanan", "From service"),
    "to_service": ("Ke layanan", "To service"),
    "all_services": ("Semua layanan", "All services"),
    "unknown": ("(tidak diketahui)", "(unknown)"),
    # headings and notes
    "period": ("Periode", "Period"),
    "filters": ("Saringan", "Filters"),
    "f_service": ("layanan", "service"),
    "f_counter": ("loket", "counter"),
    "f_officer": ("petugas", "officer"),
    "generated": ("Dibuat", "Generated"),
    "page": ("Halaman {n}", "Page {n}"),
    "no_data": ("Tidak ada data pada periode ini.", "No data in this period."),
    "headline": ("Ringkasan", "At a glance"),
    "h_issued": ("Tiket diterbitkan", "Tickets issued"),
    "h_served": ("Pengunjung dilayani", "Visitors served"),
    "h_no_show_rate": ("Tingkat tidak hadir", "No-show rate"),
    "h_compliance": ("Dipanggil dalam target tunggu", "Called within the target wait"),
    "h_wait": ("Waktu tunggu rata-rata / median", "Average / median wait"),
    "h_service": ("Waktu layanan rata-rata / median", "Average / median service time"),
    "h_peak": ("Jam tersibuk", "Busiest hour"),
    "h_bookings": ("Pemesanan daring / datang langsung", "Booked / walk-in visitors"),
    "minutes_unit": ("menit", "min"),
    "c_volume": ("Tiket per layanan: diterbitkan dan dilayani", "Tickets per service: issued and served"),
    "c_compliance": ("Kepatuhan per hari (%), semua layanan", "Compliance per day (%), all services"),
    "c_heatmap": ("Kedatangan per jam dan hari", "Arrivals per hour and weekday"),
    "definitions": ("Definisi", "Definitions"),
    # the IKM (survey) report
    "t_ikm": ("Indeks Kepuasan Masyarakat", "Community Satisfaction Index"),
    "t_ikm_elements": ("Nilai rata-rata per unsur (NRR)", "Average score per element (NRR)"),
    "t_ikm_weakest": ("Unsur dengan nilai terendah", "Weakest elements"),
    "t_ikm_services": ("IKM per layanan", "IKM per service"),
    "t_wbk": ("Indeks persepsi antikorupsi", "Anti-corruption perception index"),
    "t_profile": ("Profil responden: {field}", "Respondents' profile: {field}"),
    "t_comments": ("Saran dan masukan responden", "Respondents' comments"),
    "t_plan": ("Rencana tindak lanjut", "Follow-up plan"),
    "element": ("Unsur", "Element"),
    "item": ("Butir", "Item"),
    "answers": ("Jawaban", "Answers"),
    "score_total": ("Jumlah nilai", "Sum of scores"),
    "nrr": ("NRR", "NRR"),
    "nrr_weighted": ("NRR tertimbang", "Weighted NRR"),
    "ikm_value": ("IKM", "IKM"),
    "wbk_value": ("Indeks", "Index"),
    "grade": ("Mutu pelayanan", "Service quality"),
    "respondents": ("Responden", "Respondents"),
    "complete": ("Mengisi lengkap", "Answered every element"),
    "target_sample": ("Sampel minimal", "Minimum sample"),
    "previous_visitors": ("Pengunjung periode sebelumnya", "Visitors in the period before"),
    "progress": ("Capaian sampel (%)", "Sample reached (%)"),
    "option": ("Pilihan", "Option"),
    "number_sign": ("No.", "No."),
    "comment": ("Saran/masukan", "Comment"),
    "h_ikm": ("IKM dan mutu pelayanan", "IKM and service quality"),
    "h_respondents": ("Responden / sampel minimal", "Respondents / minimum sample"),
    "h_wbk": ("Indeks persepsi antikorupsi", "Anti-corruption perception index"),
    "h_weakest": ("Unsur terlemah", "Weakest elements"),
    "no_ikm": ("Belum ada IKM: setiap unsur memerlukan sedikitnya satu jawaban.",
               "No IKM yet: every element needs at least one answer."),
    "no_plan": ("Belum ada rencana tindak lanjut untuk periode ini.", "No follow-up plan for this period yet."),
    "of_target": ("{n} dari {target} ({share})", "{n} of {target} ({share})"),
    "c_nrr": ("NRR per unsur (skala 1–4)", "NRR per element (scale 1–4)"),
    "def_ikm": (
        "NRR (nilai rata-rata) unsur = jumlah nilai jawaban ÷ jumlah jawaban unsur itu. "
        "IKM = (Σ NRR × 1/9) × 25, dibulatkan ke dua desimal hanya pada akhir perhitungan. Mutu pelayanan: "
        "A 88,31–100 Sangat Baik; B 76,61–88,30 Baik; C 65,00–76,60 Kurang Baik; D 25,00–64,99 Tidak Baik "
        "(Permenpan RB No. 14 Tahun 2017). Responden = survei dengan sedikitnya satu unsur dijawab. Sampel minimal "
        "menurut Krejcie dan Morgan dari jumlah pengunjung yang selesai dilayani pada periode sebelumnya. "
        "Indeks persepsi antikorupsi memakai rumus yang sama atas lima butirnya (masing-masing 1/5).",
        "An element's NRR (average score) = sum of its answers ÷ number of answers to it. "
        "IKM = (Σ NRR × 1/9) × 25, rounded to two decimals only at the end. Service quality: A 88.31–100 Very good; "
        "B 76.61–88.30 Good; C 65.00–76.60 Less than good; D 25.00–64.99 Not good (Permenpan RB No. 14/2017). "
        "Respondents = surveys with at least one element answered. Minimum sample by Krejcie and Morgan from the "
        "visitors served in the period before. The anti-corruption perception index uses the same formula over "
        "its five items (1/5 each).",
    ),
    # the poster
    "poster_title": ("INDEKS KEPUASAN MASYARAKAT", "COMMUNITY SATISFACTION INDEX"),
    "poster_quality": ("Mutu pelayanan", "Service quality"),
    "poster_respondents": ("dari {n} responden", "from {n} respondents"),
    "poster_basis": ("Survei Kepuasan Masyarakat menurut Permenpan RB No. 14 Tahun 2017",
                     "Community Satisfaction Survey under Permenpan RB No. 14/2017"),
    "poster_thanks": ("Terima kasih atas partisipasi Bapak/Ibu.", "Thank you for taking part."),
    "def_text": (
        "Waktu tunggu = panggilan pertama – masuk antrean (pengalihan mempertahankan waktu masuk; pengunjung "
        "pemesanan daring masuk antrean pada waktu pesanannya, dan yang dipanggil lebih awal menunggu 0 menit). "
        "Pengunjung pemesanan daring = tiket dari kode booking yang dipakai dalam jendela kedatangannya; tiket "
        "baru lainnya datang langsung; setiap pengunjung dihitung sekali (tiket pindahan tidak). Pemesanan daring "
        "menurut status: datang tepat waktu = check-in dalam jendela kedatangan; datang terlambat = setelahnya "
        "(mendapat tiket biasa); tidak datang = jendela tertutup tanpa check-in; tingkat tidak datang = tidak datang "
        "÷ (tepat waktu + terlambat + tidak datang). "
        "Waktu layanan = selesai – mulai dilayani. Sesuai standar = dipanggil dalam target tunggu layanan; "
        "yang diukur: semua kunjungan yang dipanggil dan yang meninggalkan antrean tanpa dipanggil setelah "
        "target terlewati. Tingkat tidak hadir = tidak hadir ÷ (dilayani + tidak hadir). Waktu menganggur = "
        "petugas masuk, loket tidak dijeda, tidak ada pengunjung di loket. Persentil ke-90: peringkat terdekat. "
        "Waktu menurut zona waktu kantor; hari menurut hari layanan antrean.",
        "Waiting time = first call – entry into the queue (a transfer keeps the entry time; a booked visitor "
        "enters the queue at the booked time, and one called earlier waited 0 minutes). "
        "Booked visitors = tickets from a booking code used within its check-in window; every other new ticket "
        "is a walk-in; each visitor counts once (a transfer's ticket does not). Bookings by outcome: checked in = "
        "within the check-in window; came late = after it (an ordinary ticket); no-show = the window closed without "
        "a check-in; no-show rate = no-shows ÷ (checked in + late + no-shows). "
        "Service time = finish – start. Met = called within the service's target wait; measured: every called "
        "visit and every visit that left the queue uncalled after the target had passed. No-show rate = "
        "no-shows ÷ (served + no-shows). Idle time = officer signed in, counter not paused, nobody at it. "
        "90th percentile: nearest rank. Times in the site's time zone; days are the queue's business days.",
    ),
}


def text(key: str, language: str = "id", **values: object) -> str:
    """The text ``key`` in ``language`` (``"id"`` or ``"en"``), formatted with ``values``."""
    id_text, en_text = TEXTS[key]
    chosen = en_text if language == "en" else id_text
    return chosen.format(**values) if values else chosen


WEEKDAY_SHORT = {
    "id": ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
