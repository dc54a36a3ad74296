// commhub's start of the browser editor, loaded before Sveltia CMS: the editor's interface speaks
// the hub's language (the <html data-ui-locale>) until the editor picks another in its settings.
(() => {
  const key = "sveltia-cms.prefs";
  const locale = document.documentElement.dataset.uiLocale;
  try {
    const prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
    if (locale && !prefs.locale) {
      prefs.locale = locale;
      localStorage.setItem(key, JSON.stringify(prefs));
    }
  } catch (error) {
    // Storage refused (private mode): Sveltia falls back to the browser's language.
  }
})();
