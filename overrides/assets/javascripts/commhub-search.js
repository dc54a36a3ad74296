// commhub search: the browser half of src/commhub/search.py.
// Both must agree on fold(), shardOf() and the file layout search/<lang>/{docs,<shard>}.json.
// Loaded only by the search page, so no other page pays for it; the index is fetched
// on the first query, one document list plus one shard per word.
(function () {
  "use strict";

  var form = document.getElementById("commhub-search");
  if (!form || !window.fetch) return;
  var input = document.getElementById("commhub-search-input");
  var widen = document.getElementById("commhub-search-all");
  var status = document.getElementById("commhub-search-status");
  var list = document.getElementById("commhub-search-results");
  var strings = JSON.parse(document.getElementById("commhub-search-strings").textContent);
  var root = form.getAttribute("data-root");
  var pageLang = form.getAttribute("data-lang");
  var languages = form.getAttribute("data-languages").split(" ");
  var SHARDS = 128;
  var MAX_RESULTS = 50;
  var cache = {};

  function fetchJSON(url) {
    if (!(url in cache)) {
      cache[url] = fetch(url).then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return cache[url];
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

  function searchLanguage(lang, query) {
    var base = root + "search/" + lang + "/";
    return fetchJSON(base + "docs.json").then(function (index) {
      if (!index) return [];
      var queryWords = words(query, lang);
      if (!queryWords.length) return [];
      return scoreWords(base, queryWords).then(function (scores) {
        // A phrase typed without spaces that the browser split differently from the index:
        // try it whole, as one word.
        if (!scores.size && queryWords.length > 1 && !/\s/.test(query.trim())) {
          return scoreWords(base, [query.trim().normalize("NFC").toLowerCase()]);
        }
        return scores;
      }).then(function (scores) {
        var results = [];
        scores.forEach(function (score, doc) {
          var row = index.docs[doc];
          results.push({ url: row[0], title: row[1], summary: row[2], label: row[3], lang: row[4], score: score });
        });
        return results;
      });
    });
  }

  function render(results, query) {
    list.textContent = "";
    results.slice(0, MAX_RESULTS).forEach(function (result) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = root + result.url;
      link.textContent = result.title;
      link.setAttribute("hreflang", result.lang);
      if (result.lang !== pageLang) link.lang = result.lang;
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement("p");
      meta.className = "commhub-list__meta";
      meta.textContent = result.label + (result.lang !== pageLang ? " · " + (strings.languages[result.lang] || result.lang) : "");
      item.appendChild(meta);
      if (result.summary) {
        var summary = document.createElement("p");
        summary.textContent = result.summary;
        if (result.lang !== pageLang) summary.lang = result.lang;
        item.appendChild(summary);
      }
      list.appendChild(item);
    });
    status.textContent = results.length
      ? strings.results.replace("{count}", String(results.length))
      : (query ? strings.no_results : "");
  }

  var latest = 0;
  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    if (widen.checked) url.searchParams.set("all", "1"); else url.searchParams.delete("all");
    history.replaceState(null, "", url);
    if (!query) { render([], ""); return; }
    status.textContent = strings.loading;
    var targets = widen.checked ? languages : [pageLang];
    Promise.all(targets.map(function (lang) { return searchLanguage(lang, query); })).then(function (perLanguage) {
      if (ticket !== latest) return;  // a newer query is under way
      var results = [].concat.apply([], perLanguage);
      results.sort(function (a, b) {
        return (b.score - a.score) || (a.lang === pageLang ? -1 : 0) - (b.lang === pageLang ? -1 : 0)
          || a.title.localeCompare(b.title);
      });
      render(results, query);
    });
  }

  var timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }
  input.addEventListener("input", schedule);
  widen.addEventListener("change", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });

  var params = new URLSearchParams(window.location.search);
  if (params.get("all")) widen.checked = true;
  if (params.get("q")) { input.value = params.get("q"); run(); }
})();
