"""English or French: lingua's detector restricted to the two languages veille reads.

Its models ship inside the ``lingua-language-detector`` wheel (nothing is downloaded).
Only the first 600 characters are looked at, which is plenty for news prose. A
stop-word count decides when lingua is not installed or cannot tell.
"""

from __future__ import annotations

import re
from functools import cache

LANGUAGES = ("en", "fr")
_SAMPLE = 600
_WORD = re.compile(r"[a-zà-ÿ']+")
_STOP = {
    "en": frozenset("the of and to in on was were is are said by with for at from that this have has".split()),
    "fr": frozenset("le la les des du de et un une à au aux est ont été dans pour par sur selon "
                    "qui que ce cette".split()),
}


@cache
def _detector():
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - lingua is a dependency; the fallback stays honest
        return None
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()


def detect_language(text: str) -> tuple[str, float]:
    """("en" or "fr", confidence 0.5-1)."""
    sample = text[:_SAMPLE]
    detector = _detector()
    if detector is not None and sample.strip():
        values = detector.compute_language_confidence_values(sample)
        if values:
            best = values[0]
            code = "en" if best.language.name == "ENGLISH" else "fr"
            if best.value >= 0.6:
                return code, float(best.value)
    return _by_stop_words(sample)


def _by_stop_words(sample: str) -> tuple[str, float]:
    words = _WORD.findall(sample.lower())
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    total = sum(counts.values())
    if not total:
        return "en", 0.5
    lang = max(counts, key=counts.get)
    return lang, 0.5 + 0.5 * abs(counts["en"] - counts["fr"]) / total


def check_language(value: str | None) -> str | None:
    """A caller's language code, lower-cased; None when absent. Raises on others."""
    from veille.errors import InvalidValue

    if value is None or str(value).strip() == "":
        return None
    code = str(value).strip().lower()[:2]
    if code not in LANGUAGES:
        raise InvalidValue(f"expected lang to be en or fr, got {value!r}")
    return code
