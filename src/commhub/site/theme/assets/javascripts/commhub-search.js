// commhub search: the browser half of src/commhub/search.py.
// Both must agree on fold(), shardOf() and the file layout search/<lang>/{docs,<shard>,d<n>}.json.
// Loaded only by the search page, so no other page pays for it. A query fetches one shard per
// word, then the rows (title, summary, address) of the results shown, PAGE_SIZE at a time.
// In an offline copy read from file:// (src/commhub/outputs/bundle.py), where the browser fetches
// nothing, each file of the index is also a script <name>.js that files its data under
// window.commhubIndex["search/<lang>/<name>.json"]: it is loaded by a script element instead.
(function () {
  "use strict";

  var form = document.getElementById("commhub-search");
  if (!form || !window.fetch) return;
  var input = document.getElementById("commhub-search-input");
  var widen = document.getElementById("commhub-search-all");
  var status = document.getElementById("commhub-search-status");
  var list = document.getElementById("commhub-search-results");
  var more = document.getElementById("commhub-search-more");
  var strings = JSON.parse(document.getElementById("commhub-search-strings").textContent);
  var root = form.getAttribute("data-root");
  var pageLang = form.getAttribute("data-lang");
  var languages = form.getAttribute("data-languages").split(" ");
  var FORMAT = 2;
  var SHARDS = 128;
  var PAGE_SIZE = 10;
  var cache = {};
  var perFile = {};  // language -> documents per file of rows (from its docs.json)
  var offline = window.location.protocol === "file:";

  // The data of `url` (under root) from its script twin, in an offline copy.
  function loadScript(url) {
    return new Promise(function (resolve) {
      var key = url.slice(root.length);
      var script = document.createElement("script");
      script.src = url.replace(/\.json$/, ".js");
      script.onload = function () {
        var index = window.commhubIndex || {};
        var data = index[key] || null;
        delete index[key];
        script.remove();
        resolve(data);
      };
      script.onerror = function () { script.remove(); resolve(null); };
      document.head.appendChild(script);
    });
  }

  function fetchJSON(url) {
    if (!(url in cache)) {
      cache[url] = offline ? loadScript(url) : fetch(url).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return cache[url];
  }

  // file:// has no directory index: a page's address there names its index.html.
  function pageAddress(url) {
    return offline ? url.replace(/(^|\/)(?=#|$)/, "$1index.html") : url;
  }

  function isLatin(word) {
    for (var i = 0; i < word.length; i++) {
      var code = word.charCodeAt(i);
      if (code < 0x250 || (code >= 0x1e00 && code <= 0x1eff)) continue;
      if (/\p{L}/u.test(word[i])) return false;
    }
    return true;
  }

  // Same as search.fold: lower-case NFC; Latin words lose diacritics and đ becomes d.
  function fold(word) {
    word = word.normalize("NFC").toLowerCase();
    if (!isLatin(word)) return word;
    return word.replace(/đ/g, "d").normalize("NFD").replace(/\p{M}/gu, "");
  }

  function shardOf(key) {
    var points = Array.from(key);
    var first = points[0].codePointAt(0);
    var second = points.length > 1 ? points[1].codePointAt(0) : 0;
    return (first * 31 + second) % SHARDS;
  }

  // Words of the query, split like the index: ICU word breaks (Intl.Segmenter) where the browser has them.
  function words(text, lang) {
    text = text.normalize("NFC").toLowerCase().replace(/['\u2019]/g, " ");
    if (window.Intl && Intl.Segmenter) {
      var segmenter = new Intl.Segmenter(lang, { granularity: "word" });
      return Array.from(segmenter.segment(text)).filter(function (part) {
        return part.isWordLike && /[\p{L}\p{N}]/u.test(part.segment);
      }).map(function (part) { return part.segment; });
    }
    return text.match(/[\p{L}\p{M}\p{N}]+/gu) || [];
  }

  // Scores of the documents that contain every word; the last word may be unfinished (prefix).
  function scoreWords(base, queryWords) {
    var scores = null;
    return queryWords.reduce(function (previous, word, index) {
      return previous.then(function (done) {
        if (done) return true;
        var key = fold(word);
        var typedMarks = key !== word;
        // The last word may be unfinished. In scripts written without spaces every word may be a
        // prefix: the browser's ICU can cut a word finer than the build's (ឥត|គិត|ថ្លៃ vs ឥតគិតថ្លៃ),
        // and the index holds each word's tails, so pieces still meet whole words.
        var prefix = index === queryWords.length - 1 || !isLatin(key);
        return fetchJSON(base + shardOf(key) + ".json").then(function (shard) {
          var found = new Map();
          Object.keys(shard || {}).forEach(function (candidate) {
            var weight = candidate === key ? 1 : (prefix && candidate.indexOf(key) === 0 ? 0.5 : 0);
            if (!weight) return;
            var entry = shard[candidate];
            var exact = new Set();
            if (typedMarks && entry.v) {
              Object.keys(entry.v).forEach(function (form) {
                if (form === word || (prefix && form.indexOf(word) === 0)) entry.v[form].forEach(function (d) { exact.add(d); });
              });
            }
            entry.p.forEach(function (posting) {
              // Typed with diacritics: documents with exactly that spelling rank first.
              var score = posting[1] * weight * (exact.has(posting[0]) ? 4 : 1);
              found.set(posting[0], Math.max(found.get(posting[0]) || 0, score));
            });
          });
          if (scores === null) {
            scores = found;
          } else {
            var next = new Map();
            scores.forEach(function (score, doc) {
              if (found.has(doc)) next.set(doc, score + found.get(doc));
            });
            scores = next;
          }
          return scores.size === 0;
        });
      });
    }, Promise.resolve(false)).then(function () { return scores || new Map(); });
  }

  function base(lang) {
    return root + "search/" + lang + "/";
  }

  // Results of one language: {lang, doc, score}; their rows are fetched when shown.
  function searchLanguage(lang, query) {
    var queryWords = words(query, lang);
    if (!queryWords.length) return Promise.resolve([]);
    var header = fetchJSON(base(lang) + "docs.json");
    var scored = scoreWords(base(lang), queryWords).then(function (scores) {
      // A phrase typed without spaces that the browser split differently from the index:
      // try it whole, as one word.
      if (!scores.size && queryWords.length > 1 && !/\s/.test(query.trim())) {
        return scoreWords(base(lang), [query.trim().normalize("NFC").toLowerCase()]);
      }
      return scores;
    });
    return Promise.all([header, scored]).then(function (both) {
      var index = both[0];
      if (!index || index.format !== FORMAT) return [];
      perFile[lang] = index.per_file;
      var results = [];
      both[1].forEach(function (score, doc) {
        results.push({ lang: lang, doc: doc, score: score });
      });
      return results;
    });
  }

  // Documents are numbered in title order: equal scores rank by title within a language.
  function compare(a, b) {
    return (b.score - a.score)
      || (a.lang === pageLang ? 0 : 1) - (b.lang === pageLang ? 0 : 1)
      || languages.indexOf(a.lang) - languages.indexOf(b.lang)
      || a.doc - b.doc;
  }

  // The rows of `results`, each fetched with the other rows of its file.
  function withRows(results) {
    return Promise.all(results.map(function (result) {
      var size = perFile[result.lang];
      return fetchJSON(base(result.lang) + "d" + Math.floor(result.doc / size) + ".json").then(function (rows) {
        var row = rows && rows[result.doc % size];
        return row ? { url: row[0], title: row[1], summary: row[2], label: row[3], lang: row[4] } : null;
      });
    })).then(function (rows) { return rows.filter(Boolean); });
  }

  function resultItem(result) {
    var element = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = root + pageAddress(result.url);
    link.textContent = result.title;
    link.setAttribute("hreflang", result.lang);
    if (result.lang !== pageLang) link.lang = result.lang;
    heading.appendChild(link);
    element.appendChild(heading);
    var meta = document.createElement("p");
    meta.className = "commhub-list__meta";
    meta.textContent = result.label + (result.lang !== pageLang ? " · " + (strings.languages[result.lang] || result.lang) : "");
    element.appendChild(meta);
    if (result.summary) {
      var summary = document.createElement("p");
      summary.textContent = result.summary;
      if (result.lang !== pageLang) summary.lang = result.lang;
      element.appendChild(summary);
    }
    return element;
  }

  var latest = 0;
  // The current query's results, how many are shown, and whether more are being fetched.
  var shown = { ticket: 0, results: [], count: 0, busy: false };

  // Show the next PAGE_SIZE results of the query `ticket`: the first ones replace the list (once
  // their rows are at hand, so that it does not flash empty); later ones take the focus.
  function showMore(ticket, first) {
    if (shown.ticket !== ticket || shown.busy) return;
    shown.busy = true;
    var next = shown.results.slice(shown.count, shown.count + PAGE_SIZE);
    return withRows(next).then(function (rows) {
      shown.busy = false;
      if (ticket !== latest) return;  // a newer query is under way
      if (first) {
        list.textContent = "";
        status.textContent = shown.results.length
          ? strings.results.replace("{count}", String(shown.results.length)) : strings.no_results;
      }
      shown.count += next.length;
      var items = rows.map(resultItem);
      items.forEach(function (element) { list.appendChild(element); });
      more.hidden = shown.count >= shown.results.length;
      if (!first && items.length) items[0].querySelector("a").focus();
    });
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    if (widen && widen.checked) url.searchParams.set("all", "1"); else url.searchParams.delete("all");
    history.replaceState(null, "", url);
    if (!query) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = strings.loading;
    var targets = widen && widen.checked ? languages : [pageLang];
    Promise.all(targets.map(function (lang) { return searchLanguage(lang, query); })).then(function (perLanguage) {
      if (ticket !== latest) return;
      shown = { ticket: ticket, results: [].concat.apply([], perLanguage).sort(compare), count: 0, busy: false };
      return showMore(ticket, true);
    });
  }

  var timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }
  input.addEventListener("input", schedule);
  if (widen) widen.addEventListener("change", run);  // an offline copy has one language, no checkbox
  more.addEventListener("click", function () { showMore(latest, false); });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });

  var params = new URLSearchParams(window.location.search);
  if (params.get("all") && widen) widen.checked = true;
  if (params.get("q")) { input.value = params.get("q"); run(); }
})();
