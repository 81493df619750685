/* The search page (templates/search.html), reading the Pagefind index that
 * handbog/theme/search.py writes to pagefind/ when the handbook is built.
 *
 * The model's pages (core elements, prerequisites, checklists, experiences) come first;
 * the glossary and the other lookup pages follow under a heading of their own, so that a
 * word explained in the glossary does not push the pages that say what to do out of sight.
 * The reader can also show one kind only. Nothing is sent anywhere: Pagefind loads parts of
 * its index from this site as it needs them.
 *
 * The results tell the truth: a page counts only when a word on it shares its first letters
 * with the reader's word (Pagefind falls back to any indexed prefix, so »tosprogede« would
 * find »to»); a word the pages do not have is corrected to one of theirs one letter away,
 * or read with æ, ø and å for ae, oe and aa, and the status line says so. The rules and the
 * pages' words come from the build (handbog/theme/search.py: RULES, the glossary and the
 * files of words by first letter in handbog-soegeregler.json, all words in
 * handbog-ordforraad.json).
 *
 * On a slow line every byte before the first result counts (docs/projekt/ydeevne.md):
 * whether the pages have a word is read from the small file of its first letter, fetched
 * while the reader types; all the pages' words only when a word must be corrected; and the
 * first result is shown as soon as its own page's text is in.
 */
// Each result shown costs one request for its page's fragment: few at first, on a slow net.
const MAIN = 5;
const LOOKUP = 3;
const MORE = 8;
// Results checked for a real match before the search gives up on a group (prefix guesses
// sort last, so a group whose first ones are guesses has nothing better further down).
const CHECKED = 12;
// The model's pages; the others are »opslag« (handbog/theme/search.py: kind_of).
const MAIN_GROUP = { gruppe: "hovedside" };

const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
// Where the search reads and writes: the search page's form, or (inPage below) the panel a
// content page opens under its own search box; the rules and the ranking are the same.
let form = document.querySelector("form.handbog-search");
let field = form && form.querySelector("input[name=q]");
let kinds = form && form.querySelector(".handbog-search-kinds");
let status = document.querySelector(".handbog-search-status");
let output = document.querySelector(".handbog-search-results");
// a content page's panel: the page's own address is left as it is
let inPlace = false;
let ready = null;

let pagefind = null;
// Pagefind has its options: it may be asked (before, it would start without them)
let started = false;
let latest = 0;
let rules = null;
let vocabulary = [];
let known = new Set();
let vocabularyLoad = null;
// first letter → the pages' words that begin with it, as loaded
const byLetter = new Map();
let letters = {};
// [first word, file] of each part of Pagefind's index, in order (handbog/compat.py)
let parts = [];
const partsAsked = new Set();
const letterLoads = new Map();
let glossary = { entries: [], names: {} };

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) { el.className = className; }
  if (text !== undefined) { el.textContent = text; }
  return el;
}

function chosenKind() {
  return kinds ? kinds.querySelector("select").value || null : null;
}

async function json(path) {
  const response = await fetch(new URL(path, root));
  if (!response.ok) { throw new Error(path + ": " + response.status); }
  return response.json();
}

let rulesLoad = null;

function loadRules() {
  rulesLoad = rulesLoad || readRules();
  return rulesLoad;
}

async function readRules() {
  const data = await json("pagefind/handbog-soegeregler.json");
  rules = data.rules;
  letters = data.letters;
  parts = data.parts;
  // the filter the results are grouped by is needed by every search, and Pagefind's meta
  // file (it reads the name from its entry file, fetched fresh first): asked for at once
  prefetch(data.filters[Object.keys(MAIN_GROUP)[0]]);
  data.meta.forEach(prefetch);
  glossary = data.glossary;
}

function learn(words) {
  words.forEach((w) => known.add(w));
}

// All the pages' words, most used first: only to correct a word (nearest below).
function loadVocabulary() {
  vocabularyLoad = vocabularyLoad || json("pagefind/handbog-ordforraad.json").then((data) => {
    vocabulary = data.words;
    learn(vocabulary);
  });
  return vocabularyLoad;
}

// The pages' words that begin with this letter (none when the rules name no file for it).
function loadLetter(letter) {
  if (!letterLoads.has(letter)) {
    const path = letters[letter];
    letterLoads.set(letter, !path ? Promise.resolve() : json("pagefind/" + path).then((data) => {
      byLetter.set(letter, data.words);
      learn(data.words);
    }));
  }
  return letterLoads.get(letter);
}

function cannotStart() {
  status.textContent = "Søgningen kunne ikke starte i denne browser. Brug menuen eller " +
    "ordlisten i stedet.";
}

async function start() {
  try {
    const [module] = await Promise.all([
      import(new URL("pagefind/pagefind.js", root).href), loadRules()]);
    pagefind = module;
    // Pagefind adds the words it searched for to each result's link, for the page it opens
    // to mark them (_static/search/markering.js, loaded by paa-siden.js). It searches on the page, not
    // in a Web Worker (noWorker, Pagefind's pull request 937): the worker keeps a heavy
    // search from holding up the page, and this index is small, but its script is 12 KB
    // more before the first result on a slow line.
    await pagefind.options({
      baseUrl: root.pathname, excerptLength: 24, highlightParam: rules.highlightParam,
      noWorker: true });
    await pagefind.init();
    started = true;
  } catch (error) {
    cannotStart();
    return false;
  }
  if (!kinds) { return true; }
  const filters = await pagefind.filters();
  Object.keys(filters.art || {}).sort((a, b) => a.localeCompare(b, "da")).forEach((name) => {
    kinds.querySelector("select").appendChild(new Option(name, name));
  });
  kinds.hidden = false;
  return true;
}

// --- The reader's words --------------------------------------------------------------------

function words(text) {
  return text.toLocaleLowerCase("da").split(/[^\p{L}\p{N}§-]+/u)
    .map((w) => w.replace(/^-+|-+$/g, "")).filter(Boolean);
}

function fold(word) {
  return rules.folds.reduce((w, [from, to]) => w.split(from).join(to), word);
}

function startsSomeWord(word) {
  return word.length >= rules.minPrefix &&
    (byLetter.get(word[0]) || []).some((w) => w.startsWith(word));
}

// Optimal string alignment distance, stopped as soon as it is more than one.
function withinOne(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) { return false; }
  let i = 0;
  while (i < a.length && a[i] === b[i]) { i++; }
  const restA = a.slice(i + 1);
  const restB = b.slice(i + 1);
  return restA === restB ||                          // one letter wrong
    a.slice(i) === b.slice(i + 1) ||                 // one letter missing in a
    a.slice(i + 1) === b.slice(i) ||                 // one letter extra in a
    (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));  // swapped
}

function nearest(word) {
  if (word.length < rules.correctFrom) { return null; }
  // the pages' words come most used first, so the first one found is the likeliest
  return vocabulary.find((w) => withinOne(word, w)) || null;
}

// A word of the query as the pages write it: with æ, ø and å when the pages have it so
// (»boerneinddragelse« is also in file names on the developers' pages), else itself when
// they have it (or a word it begins), else the nearest of their words.
// (Needs the files of the word's first letters, and all words when it returns null.)
function asThePagesHaveIt(word) {
  const folded = fold(word);
  if (folded !== word && (known.has(folded) || startsSomeWord(folded))) { return folded; }
  if (known.has(word) || startsSomeWord(word)) { return word; }
  return null;
}

function mend(word) {
  if (word.length < rules.minWord) { return word; }
  const folded = fold(word);
  return asThePagesHaveIt(word) ||
    nearest(word) || (folded !== word ? nearest(folded) : null) || word;
}

function initials(list) {
  return new Set(list.filter((w) => w.length >= rules.minWord)
    .flatMap((w) => [w[0], fold(w)[0]]));
}

// The query's words as the pages write them, with what that needs loaded first.
async function mendAll(typed) {
  await Promise.all([...initials(typed)].map(loadLetter));
  if (typed.some((w) => w.length >= rules.minWord && !asThePagesHaveIt(w))) {
    await loadVocabulary();
  }
  return typed.map(mend);
}

function meaningful(list) {
  return list.filter((w) => w.length >= rules.minWord && !rules.questionWords.includes(w));
}

// A word Pagefind matched counts when it begins with the reader's word, or shares enough
// of its first letters (Pagefind's stemming: »forældrene« finds »forældre«).
function genuine(found, word) {
  let same = 0;
  while (same < found.length && same < word.length && found[same] === word[same]) { same++; }
  const needed = Math.min(word.length, Math.max(rules.minPrefix,
    Math.ceil(rules.minShare * word.length)));
  return same >= needed;
}

// The reader's words that this page really has, by the words at Pagefind's locations.
function matchedOn(data, terms) {
  const content = data.content.split(/\s+/);
  const found = new Set();
  for (const at of data.locations) {
    const word = words(content[at] || "")[0] || "";
    terms.forEach((t) => { if (genuine(word, t)) { found.add(t); } });
  }
  return found;
}

// --- Searching -------------------------------------------------------------------------------

// All the words together; when no page has them all, pages with any of them, those with
// more of the words first.
async function find(terms, filters) {
  const all = await pagefind.search(terms.join(" "), { filters });
  if (!all || all.results.length || terms.length < 2) { return all ? all.results : []; }
  const each = await Promise.all(terms.map((t) => pagefind.search(t, { filters })));
  const merged = new Map();
  each.forEach((s) => (s ? s.results : []).forEach((r) => {
    const m = merged.get(r.id) || { r, n: 0, score: 0 };
    m.n += 1;
    m.score += r.score;
    merged.set(r.id, m);
  }));
  return [...merged.values()].sort((a, b) => b.n - a.n || b.score - a.score).map((m) => m.r);
}

// The results whose words really match, loaded in order until `count` are found.
class Checked {
  constructor(results, terms) {
    this.results = results;
    this.terms = terms;
    this.next = 0;
    this.matched = new Set();
  }

  get done() { return this.next >= this.results.length; }

  async take(count, limit) {
    const kept = [];
    while (kept.length < count && !this.done && (limit === undefined || this.next < limit)) {
      const batch = this.results.slice(this.next, this.next + count - kept.length);
      this.next += batch.length;
      for (const data of await Promise.all(batch.map((r) => r.data()))) {
        const on = matchedOn(data, this.terms);
        if (on.size) {
          on.forEach((t) => this.matched.add(t));
          kept.push(data);
        }
      }
    }
    return kept;
  }
}

function sectionUrl(url, anchorId) {
  // Pagefind links to the heading's id; the section's own id is the one the page's contents
  // and permalinks use (the heading's is the section's with a prefix, handbog/theme/search.py).
  if (anchorId && anchorId.startsWith(rules.headingPrefix)) {
    return url.replace("#" + anchorId, "#" + anchorId.slice(rules.headingPrefix.length));
  }
  return url;
}

function result(data, kind) {
  const item = element("li", "handbog-search-result");
  const heading = element("p", "handbog-search-title");
  const link = element("a", "", data.meta.title || data.url);
  const subs = (data.sub_results || []).filter((sub) =>
    !(sub.anchor && sub.anchor.id === rules.wordsAnchor));
  // The heading below the title whose section has the most of the words (Pagefind lists
  // the sections in the page's order), when there is one.
  const score = (sub) => (sub.weighted_locations || [])
    .reduce((sum, at) => sum + at.balanced_score, 0) || (sub.locations || []).length;
  const best = subs.filter((sub) => sub.anchor && sub.url !== data.url && sub.title)
    .reduce((top, sub) => (!top || score(sub) > score(top) ? sub : top), null);
  // Not a text fragment (#…:~:text=) to highlight the words: the browser goes to their
  // first place on the page, which was in a need's trace above the section (and opened it).
  link.href = best ? sectionUrl(best.url, best.anchor.id) : data.url;
  heading.appendChild(link);
  if (kind) { heading.appendChild(element("span", "handbog-search-kind-label", kind)); }
  item.appendChild(heading);
  if (best) {
    const sub = element("p", "handbog-search-section");
    const subLink = element("a", "", best.title);
    subLink.href = link.href;
    sub.append("Afsnit: ", subLink);
    item.appendChild(sub);
  }
  const shown = best || subs[0];
  const excerpt = element("p", "handbog-search-excerpt");
  if (shown && !shown.excerpt.includes(rules.wordsLead)) {
    excerpt.innerHTML = shown.excerpt;  // Pagefind's escaped text with <mark>
  } else {
    excerpt.textContent = "Siden bruger ordet under et andet navn.";
  }
  item.appendChild(excerpt);
  return item;
}

async function list(checked, count, title, ticket) {
  const box = element("section", "handbog-search-group");
  if (title) { box.appendChild(element("h2", "", title)); }
  const ol = element("ol", "handbog-search-list");
  box.appendChild(ol);
  const button = element("button", "handbog-search-more", "Vis flere");
  button.type = "button";
  box.appendChild(button);
  async function more(n, limit) {
    const found = await checked.take(n, limit);
    found.forEach((d) => ol.appendChild(result(d, (d.filters.art || [])[0])));
    button.hidden = checked.done;
    if (found.length && !box.parentNode && ticket === latest) { output.appendChild(box); }
    return found.length;
  }
  button.addEventListener("click", () => more(MORE));
  // The first result's page alone, shown as soon as it is in (on a slow line the others'
  // would share the line with it); then the rest together.
  let shown = await more(1, 1);
  if (ticket === latest) { shown += await more(count - shown, CHECKED); }
  return shown;
}

// Pagefind's results for the words, with the first result's page already asked for (the
// groups' first pages come at once, not one group after the other).
function warmed(search) {
  return search.then((results) => {
    if (results.length) { results[0].data().catch(() => {}); }
    return results;
  });
}

// A glossary term searched for by one of its names: its definition above the results,
// apart from them (it is the answer to »what does it mean«, not a page among the others).
function glossaryEntry(phrase) {
  const number = glossary.names[phrase];
  if (number === undefined) { return 0; }
  const [headword, href, definition] = glossary.entries[number];
  const box = element("aside", "handbog-search-term");
  const heading = element("p", "handbog-search-term-title", "I ordlisten: ");
  const link = element("a", "", headword);
  // as Pagefind writes the results' links: from the site's root
  link.setAttribute("href", root.pathname + href);
  heading.appendChild(link);
  box.append(heading, element("p", "handbog-search-excerpt", definition));
  output.appendChild(box);
  return 1;
}

function quoted(text) {
  return "»" + text + "«";
}

function deadEnd(query) {
  const glossary = element("a", "", "ordlisten");
  glossary.href = new URL("ordliste.html", root).href;
  const ask = element("a", "", "spørgsmål, rapporten ikke svarer på");
  ask.href = new URL("om-modellen/spoergsmaal-uden-svar.html", root).href;
  status.replaceChildren("Ingen sider passer på " + quoted(query) + ". Prøv et andet ord, " +
    "slå op i ", glossary, ", eller se listen over ", ask, ".");
}

async function search(query) {
  const ticket = ++latest;
  query = query.trim();
  if (!inPlace) {
    const url = new URL(location.href);
    if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
    url.hash = "";
    history.replaceState(null, "", url);
  }
  delete status.dataset.query;
  if (!query) {
    output.textContent = "";
    status.textContent = "";
    return;
  }
  const typed = words(query);
  const kind = chosenKind();
  const groups = kind ?
    [[{ art: kind }, MAIN, null]] :
    [[MAIN_GROUP, MAIN, null],
      [{ gruppe: "opslag" }, LOOKUP, "I ordlisten og opslagsdelene"]];
  let mended;
  try {
    mended = await mendAll(typed);
  } catch (error) {
    if (ticket === latest) { cannotStart(); }
    return;
  }
  if (ticket !== latest) { return; }  // a newer query has started
  const terms = meaningful(mended).length ? meaningful(mended) : mended;
  const found = await Promise.all(groups.map(([filters]) => warmed(find(terms, filters))));
  if (ticket !== latest) { return; }  // a newer query has started
  output.textContent = "";
  const entry = kind ? 0 : glossaryEntry(mended.join(" "));
  let shown = 0;
  let more = false;
  const matched = new Set();
  // The model's pages are shown as soon as they are loaded; the lookup pages follow.
  for (let i = 0; i < groups.length; i++) {
    const checked = new Checked(found[i], terms);
    shown += await list(checked, groups[i][1], groups[i][2], ticket);
    if (ticket !== latest) { return; }
    checked.matched.forEach((t) => matched.add(t));
    more = more || !checked.done;
  }
  if (!shown && !entry) {
    deadEnd(query);
  } else if (!shown) {
    status.textContent = "Ordet står i ordlisten; ingen af de andre sider bruger det.";
  } else {
    const used = terms.filter((t) => matched.has(t));
    const changed = mended.join(" ") !== typed.join(" ");
    if (changed || used.length < terms.length) {
      status.textContent = "Viser resultater for " + quoted(used.join(" ")) + ". Ingen " +
        "sider passer på " + quoted(query) + " præcis, som det er skrevet.";
    } else {
      const count = shown === 1 ? "1 side" : shown + " sider";
      status.textContent = (more ? "Mindst " + count : count.charAt(0).toUpperCase() +
        count.slice(1)) + " passer på " + quoted(query) + ".";
    }
  }
  // for the tests and the benchmark: this query is finished
  status.dataset.query = query;
}

// --- A content page's search box ------------------------------------------------------------

/** Start the search for a content page's panel (templates/partials/handbog-phone-search.html):
 * its status line and results take the search page's place. True when Pagefind is ready. */
export function inPage(panelStatus, panelOutput) {
  inPlace = true;
  status = panelStatus;
  output = panelOutput;
  ready = ready || start();
  return ready;
}

// Pagefind asks for the part of its index a word is in only once its WebAssembly (70 KB)
// is in, which on a slow line was after Enter. The part is asked for as soon as the
// word's first letters tell which one it is, to come alongside. Not for a word still being
// typed that may become a question word (»hv« of »hvordan«): those are not searched for.
function fetchParts(text) {
  const typed = words(text);
  const typing = /\s$/.test(text) ? null : typed[typed.length - 1];
  const searched = meaningful(typed).filter((word) => word !== typing ||
    !rules.questionWords.some((q) => q.startsWith(word)));
  for (const word of searched) {
    const before = parts.filter(([first]) => first <= word);
    const files = new Set(parts.filter(([first]) => first.startsWith(word)).map((p) => p[1]));
    if (before.length) { files.add(before[before.length - 1][1]); }
    // a word's first letter may start several parts: wait for one more letter
    if (files.size !== 1) { continue; }
    const [file] = files;
    prefetch(file);
  }
}

function prefetch(file) {
  if (!file || partsAsked.has(file)) { return; }
  partsAsked.add(file);
  const link = document.createElement("link");
  link.rel = "prefetch";
  link.href = new URL("pagefind/" + file, root).href;
  document.head.appendChild(link);
}

/** Fetch what a search for the words typed so far will need: the index's parts and the
 * filter the results are grouped by (Pagefind's preload), and the files of the words'
 * first letters. */
export function preload(text) {
  if (!text.trim()) { return; }
  // the rules (3 KB) come before Pagefind's module: the words' files need only them
  loadRules().then(() => {
    fetchParts(text);
    initials(words(text)).forEach((letter) => loadLetter(letter).catch(() => {}));
    if (started) { pagefind.preload(text.trim(), { filters: MAIN_GROUP }); }
  }).catch(() => {});
}

export { search };

// --- The search page -------------------------------------------------------------------------

if (form && await (ready = start())) {
  let timer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);  // Enter searches now; the search the typing scheduled is not needed
    search(field.value);
  });
  field.addEventListener("input", () => {
    // Fetch the words' index while the reader is still typing.
    preload(field.value);
    clearTimeout(timer);
    timer = setTimeout(() => search(field.value), 250);
  });
  kinds.addEventListener("change", () => search(field.value));
  // An Enter pressed before the script was ready was held by the page (templates/search.html)
  const held = document.documentElement.dataset.handbogHeld;
  // ?q= from a form without script; #q= from a page's search field (the page's own address,
  // which that page fetched while the reader typed: templates/partials/handbog-phone-search)
  const address = new URL(location.href);
  const fromPage = new URLSearchParams(address.hash.slice(1)).get("q");
  const query = held !== undefined ? field.value : fromPage || address.searchParams.get("q");
  document.documentElement.dataset.handbogReady = "";
  if (query) {
    field.value = query;
    search(query);
  }
}
