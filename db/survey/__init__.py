"""The satisfaction survey (SKM, Permenpan RB No. 14 Tahun 2017): responses and periods."""
