"""Texts of the Administration page (``supervisor.admin.*``), Indonesian first (KBBI/PUEBI)."""

from __future__ import annotations

import re

from ui.i18n import register, tr

TEXTS: dict[str, dict[str, str]] = {
    # sub-pages
    "supervisor.admin.tab.services": {"id": "Layanan", "en": "Services"},
    "supervisor.admin.tab.counters": {"id": "Loket", "en": "Counters"},
    "supervisor.admin.tab.officers": {"id": "Petugas", "en": "Officers"},
    "supervisor.admin.tab.settings": {"id": "Pengaturan", "en": "Settings"},
    "supervisor.admin.tab.sitefile": {"id": "Ekspor/Impor Berkas Situs", "en": "Export/Import Site File"},
    # common
    "supervisor.admin.new": {"id": "Baru", "en": "New"},
    "supervisor.admin.save": {"id": "Simpan", "en": "Save"},
    "supervisor.admin.reload": {"id": "Muat Ulang", "en": "Reload"},
    "supervisor.admin.active": {"id": "Aktif", "en": "Active"},
    "supervisor.admin.yes": {"id": "Ya", "en": "Yes"},
    "supervisor.admin.no": {"id": "Tidak", "en": "No"},
    "supervisor.admin.loading": {"id": "Memuat…", "en": "Loading…"},
    "supervisor.admin.load_failed": {"id": "Gagal memuat: {reason}", "en": "Could not load: {reason}"},
    "supervisor.admin.saved": {"id": "Tersimpan.", "en": "Saved."},
    "supervisor.admin.refused": {"id": "Tidak disimpan: {reason}", "en": "Not saved: {reason}"},
    "supervisor.admin.conflict": {
        "id": "Data ini baru saja diubah oleh {who}. Muat ulang lalu ulangi.",
        "en": "{who} has just changed this. Reload, then try again.",
    },
    "supervisor.admin.someone": {"id": "petugas lain", "en": "someone else"},
    # the core's common refusals, worded for the administrator
    "supervisor.admin.err.code_used": {
        "id": "Kode layanan {code} sudah dipakai oleh {name}.", "en": "Service code {code} is already used by {name}."},
    "supervisor.admin.err.code_fixed": {
        "id": "Kode layanan tidak dapat diubah karena tercetak pada tiketnya. Tambahkan layanan baru.",
        "en": "A service's code cannot change (its tickets carry it). Add a new service instead."},
    "supervisor.admin.err.counter_exists": {"id": "Loket {n} sudah ada.", "en": "Counter {n} already exists."},
    "supervisor.admin.err.number_fixed": {
        "id": "Nomor loket tidak dapat diubah. Tambahkan loket baru.",
        "en": "A counter's number cannot change. Add a new counter instead."},
    "supervisor.admin.err.stranded": {
        "id": "Loket {n} tidak akan melayani layanan aktif apa pun. Beri layanan lain atau nonaktifkan loketnya dulu.",
        "en": "Counter {n} would serve no active service. Give it another service or deactivate it first."},
    "supervisor.admin.err.officer_exists": {
        "id": "Nama pengguna {name} sudah dipakai.", "en": "The username {name} is already taken."},
    "supervisor.admin.err.username_fixed": {
        "id": "Nama pengguna tidak dapat diubah. Tambahkan petugas baru.",
        "en": "A username cannot change. Add a new officer instead."},
    "supervisor.admin.err.self_disable": {
        "id": "Anda tidak dapat menonaktifkan akun sendiri; administrator lain yang harus melakukannya.",
        "en": "You cannot disable your own account; another administrator must do it."},
    "supervisor.admin.err.last_admin": {
        "id": "{name} adalah satu-satunya administrator aktif. Jadikan petugas lain administrator dulu.",
        "en": "{name} is the last active administrator. Make another officer an administrator first."},
    "supervisor.admin.new_entry": {"id": "Entri baru — isi lalu simpan.", "en": "New entry — fill in, then save."},
    "supervisor.admin.choose": {"id": "Pilih…", "en": "Choose…"},
    # services
    "supervisor.admin.code": {"id": "Kode", "en": "Code"},
    "supervisor.admin.name": {"id": "Nama", "en": "Name"},
    "supervisor.admin.name_id": {"id": "Nama (Indonesia)", "en": "Name (Indonesian)"},
    "supervisor.admin.name_en": {"id": "Nama (Inggris)", "en": "Name (English)"},
    "supervisor.admin.description_id": {"id": "Deskripsi (Indonesia)", "en": "Description (Indonesian)"},
    "supervisor.admin.description_en": {"id": "Deskripsi (Inggris)", "en": "Description (English)"},
    "supervisor.admin.colour": {"id": "Warna", "en": "Colour"},
    "supervisor.admin.choose_colour": {"id": "Pilih Warna…", "en": "Choose Colour…"},
    "supervisor.admin.hours": {"id": "Jam Layanan", "en": "Opening Hours"},
    "supervisor.admin.always_open": {"id": "Selalu buka (tanpa jam layanan)", "en": "Always open (no hours)"},
    "supervisor.admin.day.mon": {"id": "Senin", "en": "Monday"},
    "supervisor.admin.day.tue": {"id": "Selasa", "en": "Tuesday"},
    "supervisor.admin.day.wed": {"id": "Rabu", "en": "Wednesday"},
    "supervisor.admin.day.thu": {"id": "Kamis", "en": "Thursday"},
    "supervisor.admin.day.fri": {"id": "Jumat", "en": "Friday"},
    "supervisor.admin.day.sat": {"id": "Sabtu", "en": "Saturday"},
    "supervisor.admin.day.sun": {"id": "Minggu", "en": "Sunday"},
    "supervisor.admin.quota": {"id": "Kuota Harian", "en": "Daily Quota"},
    "supervisor.admin.no_limit": {"id": "Tanpa batas", "en": "No limit"},
    "supervisor.admin.target_wait": {"id": "Standar Waktu Tunggu (menit)", "en": "Target Waiting Time (min)"},
    "supervisor.admin.target_service": {"id": "Standar Waktu Layanan (menit)", "en": "Target Service Time (min)"},
    "supervisor.admin.sort_order": {"id": "Urutan di Kios", "en": "Order at the Kiosk"},
    "supervisor.admin.col.quota": {"id": "Kuota", "en": "Quota"},
    "supervisor.admin.col.standard": {"id": "Standar (menit)", "en": "Targets (min)"},
    "supervisor.admin.col.booking": {"id": "Booking/Slot", "en": "Bookings/Slot"},
    "supervisor.admin.booking": {"id": "Booking Daring", "en": "Online Bookings"},
    "supervisor.admin.booking_quota": {"id": "Kuota Booking per Slot", "en": "Booking Quota per Slot"},
    "supervisor.admin.booking_hint": {
        "id": "Booking paling banyak per slot waktu, agar pengunjung tanpa booking tetap mendapat tempat. "
              "0: layanan ini tidak menerima booking.",
        "en": "Bookings per time slot at most, so walk-in visitors keep their place. "
              "0: this service takes no bookings."},
    "supervisor.admin.booking_none": {"id": "tidak ada", "en": "none"},
    "supervisor.admin.requirements_id": {"id": "Persyaratan (Indonesia)", "en": "Requirements (Indonesian)"},
    "supervisor.admin.requirements_en": {"id": "Persyaratan (Inggris)", "en": "Requirements (English)"},
    "supervisor.admin.requirements_hint": {
        "id": "Dokumen yang perlu dibawa; dicetak pada bukti booking",
        "en": "Documents to bring; printed on the booking slip"},
    # counters
    "supervisor.admin.number": {"id": "Nomor", "en": "Number"},
    "supervisor.admin.counter_services": {"id": "Layanan (urut prioritas)", "en": "Services (in priority order)"},
    "supervisor.admin.up": {"id": "Naik", "en": "Up"},
    "supervisor.admin.down": {"id": "Turun", "en": "Down"},
    "supervisor.admin.call_rule": {"id": "Aturan Panggilan", "en": "Call Rule"},
    "supervisor.admin.rule.service_order": {"id": "Urutan layanan", "en": "Service order"},
    "supervisor.admin.rule.longest_wait": {"id": "Terlama menunggu", "en": "Longest wait"},
    # officers
    "supervisor.admin.username": {"id": "Nama Pengguna", "en": "Username"},
    "supervisor.admin.display_name": {"id": "Nama Tampilan", "en": "Display Name"},
    "supervisor.admin.role": {"id": "Peran", "en": "Role"},
    "supervisor.admin.role.officer": {"id": "Petugas", "en": "Officer"},
    "supervisor.admin.role.supervisor": {"id": "Koordinator Layanan", "en": "Supervisor"},
    "supervisor.admin.role.admin": {"id": "Administrator", "en": "Administrator"},
    "supervisor.admin.password": {"id": "Kata Sandi", "en": "Password"},
    "supervisor.admin.password_hint": {
        "id": "wajib untuk petugas baru; isi untuk mengganti", "en": "required for a new officer; fill in to change"},
    "supervisor.admin.disable": {"id": "Nonaktifkan", "en": "Disable"},
    "supervisor.admin.enable": {"id": "Aktifkan", "en": "Enable"},
    "supervisor.admin.reset_password": {"id": "Setel Ulang Kata Sandi", "en": "Reset Password"},
    "supervisor.admin.password_reset": {
        "id": "Kata sandi {user} disetel ulang; kunci masuk juga dibuka.",
        "en": "{user}'s password was reset; any sign-in lock was lifted."},
    "supervisor.admin.need_password": {"id": "Isi kata sandi baru dahulu.", "en": "Type the new password first."},
    # settings
    "supervisor.admin.site_name": {"id": "Nama Kantor", "en": "Office Name"},
    "supervisor.admin.site_subtitle": {"id": "Subjudul", "en": "Subtitle"},
    "supervisor.admin.site_subtitle_en": {"id": "Subjudul (Inggris)", "en": "Subtitle (English)"},
    "supervisor.admin.logo": {"id": "Logo (berkas PNG)", "en": "Logo (PNG file)"},
    "supervisor.admin.template_id": {"id": "Templat Pengumuman (Indonesia)", "en": "Announcement Template (Indonesian)"},
    "supervisor.admin.template_en": {"id": "Templat Pengumuman (Inggris)", "en": "Announcement Template (English)"},
    "supervisor.admin.template_hint": {
        "id": "Kolom: {{number}}, {{counter}}, {{counter_name}}, {{service}}",
        "en": "Fields: {{number}}, {{counter}}, {{counter_name}}, {{service}}"},
    "supervisor.admin.ticker": {"id": "Teks Berjalan", "en": "Ticker"},
    "supervisor.admin.ticker_en": {"id": "Teks Berjalan (Inggris)", "en": "Ticker (English)"},
    "supervisor.admin.media_dir": {"id": "Folder Media Layar", "en": "Display Media Folder"},
    "supervisor.admin.kiosk_pin": {"id": "PIN Kios", "en": "Kiosk PIN"},
    "supervisor.admin.pin_set": {"id": "PIN kios terpasang.", "en": "A kiosk PIN is set."},
    "supervisor.admin.pin_none": {"id": "Belum ada PIN kios.", "en": "No kiosk PIN is set."},
    "supervisor.admin.set_pin": {"id": "Setel PIN", "en": "Set PIN"},
    "supervisor.admin.clear_pin": {"id": "Hapus PIN", "en": "Remove PIN"},
    "supervisor.admin.pin_hint": {"id": "4–12 angka", "en": "4–12 digits"},
    "supervisor.admin.pin_saved": {"id": "PIN kios disetel.", "en": "The kiosk PIN was set."},
    "supervisor.admin.pin_cleared": {"id": "PIN kios dihapus.", "en": "The kiosk PIN was removed."},
    "supervisor.admin.nothing_changed": {"id": "Tidak ada yang berubah.", "en": "Nothing changed."},
    # site file
    "supervisor.admin.sitefile_intro": {
        "id": "Berkas situs (TOML) memuat pengaturan, layanan, loket, dan petugas (tanpa kata sandi dan PIN). "
              "Impor memeriksa seluruh berkas lebih dahulu, lalu menerapkannya sekaligus: jika ada satu "
              "kesalahan, tidak ada yang berubah.",
        "en": "The site file (TOML) holds the settings, services, counters and officers (no passwords, no PIN). "
              "Importing checks the whole file first, then applies it at once: one fault and nothing changes."},
    "supervisor.admin.export": {"id": "Ekspor Berkas Situs…", "en": "Export Site File…"},
    "supervisor.admin.import": {"id": "Impor Berkas Situs…", "en": "Import Site File…"},
    "supervisor.admin.exported": {"id": "Berkas situs diekspor ke {path}.", "en": "The site file was exported to {path}."},
    "supervisor.admin.imported": {
        "id": "Berkas situs diimpor. Berubah: {settings} pengaturan, {services} layanan, {counters} loket, "
              "{officers} petugas.",
        "en": "The site file was imported. Changed: {settings} settings, {services} services, {counters} counters, "
              "{officers} officers."},
    "supervisor.admin.file_failed": {"id": "Berkas tidak dapat dipakai: {reason}", "en": "The file cannot be used: {reason}"},
}

register(TEXTS)


# The core's English refusals (db.admin) worth a translation: the pattern and the key whose
# text takes the pattern's named groups. Others are shown as the core wrote them.
_REFUSALS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^service code '(?P<code>[^']+)' is already used by (?P<name>.+)$", "supervisor.admin.err.code_used"),
        (r"^a service's code cannot change", "supervisor.admin.err.code_fixed"),
        (r"^counter (?P<n>\d+) already exists", "supervisor.admin.err.counter_exists"),
        (r"^a counter's number cannot change", "supervisor.admin.err.number_fixed"),
        (r"^counter (?P<n>\d+) would serve no active service", "supervisor.admin.err.stranded"),
        (r"^officer '(?P<name>[^']+)' already exists$", "supervisor.admin.err.officer_exists"),
        (r"^a username cannot change", "supervisor.admin.err.username_fixed"),
        (r"^you cannot disable your own account", "supervisor.admin.err.self_disable"),
        (r"^(?P<name>.+) is the last active administrator", "supervisor.admin.err.last_admin"),
    )
)


def refusal_text(message: str) -> str:
    """A refusal of ``db.admin`` in the current language (common ones translated)."""
    for pattern, key in _REFUSALS:
        match = pattern.match(message)
        if match:
            return tr(key, **match.groupdict())
    return message
