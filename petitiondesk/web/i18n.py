"""Find the zh_CN catalogue for the locale Babel calls zh_Hans_CN.

Babel parses "zh_CN" into zh_Hans_CN (it adds the likely script), and gettext then
looks for catalogues named zh_Hans_CN or zh, never zh_CN, so the Chinese catalogue
would silently go unused. This domain tries language_TERRITORY first.
"""

from __future__ import annotations

from babel import support
from flask_babel import Domain, get_locale


class CatalogueDomain(Domain):
    """The messages domain, finding catalogues by language_TERRITORY as well."""

    def get_translations(self):
        """Return the translations for the request's locale (cached per locale)."""
        locale = get_locale()
        if locale is None:
            return support.NullTranslations()
        key = (str(locale), self.domain[0])
        if key not in self.cache:
            names = [str(locale)]
            if locale.territory:
                names.insert(0, f"{locale.language}_{locale.territory}")
            translations = support.Translations()
            for dirname in self.translation_directories:
                translations.merge(support.Translations.load(dirname, names, self.domain[0]))
            self.cache[key] = translations
        return self.cache[key]
