"""Hostile input: what a mischievous or careless user may type into any field."""

XSS_MARK = "kz-xss"
SCRIPT = f"<script>alert('{XSS_MARK}')</script>"
IMG = f"<img src=x onerror=\"alert('{XSS_MARK}')\">"
SVG = f"\"'><svg onload=alert('{XSS_MARK}')>"
RAW_MARKUP = ("<script>alert(", "<img src=x onerror", "<svg onload")
"""Pieces that may never appear unescaped in an HTML page."""

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]

CORPUS = {
    "script": SCRIPT,
    "event handler": IMG,
    "attribute breakout": SVG,
    "javascript url": "javascript:alert(1)//",
    "template syntax": "{{ 7*7 }} {% now 'Y' %} ${7*7}",
    "csv formula": FORMULAS[0],
    "csv dde": FORMULAS[4],
    "sql": "'; DROP TABLE classroom_user; --",
    "sql union": "1 OR 1=1 UNION SELECT password FROM classroom_user",
    "control characters": "a\x00b\x01c\x07d\x1be\x7ff\r\n\tg",
    "rtl override": "student\u202egnp.exe\u202c \u200f\u200e\ufeff",
    "combining": "Z\u0351\u0334a\u0315\u0321l\u035c\u0360g\u0315o\u0489 e\u0301\u0301\u0301",
    "kazakh": "Қазақстан тарихы: Алаш Орда, 1917 — әңгіме",
    "russian": "История Казахстана: Алаш-Орда, коллективизация, голод 1931–1933",
    "emoji and astral": "📚🇰🇿 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "replacement and noncharacter": "\ufffd\uffff",
    "long number": "9" * 400,
    "negative": "-1",
    "empty": "",
    "whitespace": "   \u00a0\u2003  ",
    "one megabyte": "Ж" * 1_000_000,
}
