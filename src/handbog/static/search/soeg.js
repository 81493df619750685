/* The search page (templates/search.html), reading the Pagefind index that
 * handbog/search.py writes to pagefind/ when the handbook is built.
 *
 * The model's pages (core elements, prerequisites, checklists, experiences) come first;
 * the glossary and the other lookup pages follow under a heading of their own, so that a
 * word explained in the glossary does not push the pages that say what to do out of sight.
 * The reader can also show one kind only. Nothing is sent anywhere: Pagefind loads parts of
 * its index from this site as it needs them.
 */
// Each result shown costs one request for its page's fragment: few at first, on a slow net.
const MAIN = 5;
const LOOKUP = 3;
const MORE = 8;

const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
const form = document.querySelector(".handbog-search");
const field = form.querySelector("input[name=q]");
const kinds = form.querySelector(".handbog-search-kinds");
const status = document.querySelector(".handbog-search-status");
const output = document.querySelector(".handbog-search-results");

let pagefind = null;
let latest = 0;

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) { el.className = className; }
  if (text !== undefined) { el.textContent = text; }
  return el;
}

function chosenKind() {
  return kinds.querySelector("select").value || null;
}

async function start() {
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname, excerptLength: 24 });
    await pagefind.init();
  } catch (error) {
    status.textContent = "Søgningen kunne ikke starte i denne browser. Brug menuen eller " +
      "ordlisten i stedet.";
    return false;
  }
  const filters = await pagefind.filters();
  Object.keys(filters.art || {}).sort((a, b) => a.localeCompare(b, "da")).forEach((name) => {
    kinds.querySelector("select").appendChild(new Option(name, name));
  });
  kinds.hidden = false;
  return true;
}

function result(data, kind) {
  const item = element("li", "handbog-search-result");
  const heading = element("p", "handbog-search-title");
  const link = element("a", "", data.meta.title || data.url);
  // The best heading on the page for the words, when there is one below the title.
  const best = (data.sub_results || []).find((sub) => sub.url !== data.url && sub.title);
  link.href = data.url;
  heading.appendChild(link);
  if (kind) { heading.appendChild(element("span", "handbog-search-kind-label", kind)); }
  item.appendChild(heading);
  if (best) {
    const sub = element("p", "handbog-search-section");
    const subLink = element("a", "", best.title);
    subLink.href = best.url;
    sub.append("Afsnit: ", subLink);
    item.appendChild(sub);
  }
  const excerpt = element("p", "handbog-search-excerpt");
  excerpt.innerHTML = (best || data).excerpt;  // Pagefind's escaped text with <mark>
  item.appendChild(excerpt);
  return item;
}

async function list(found, count, title) {
  const box = element("section", "handbog-search-group");
  // On the page at once, so each result shows as soon as it has arrived.
  output.appendChild(box);
  if (title) { box.appendChild(element("h2", "", title)); }
  const ol = element("ol", "handbog-search-list");
  box.appendChild(ol);
  let shown = 0;
  async function more(n) {
    const next = found.slice(shown, shown + n);
    shown += next.length;
    // On a slow line the first result comes alone, so it shows before the others share
    // the bandwidth; the rest follow together, in their order.
    const [first, ...rest] = next;
    if (first) {
      const d = await first.data();
      ol.appendChild(result(d, (d.filters.art || [])[0]));
    }
    const data = await Promise.all(rest.map((r) => r.data()));
    data.forEach((d) => ol.appendChild(result(d, (d.filters.art || [])[0])));
    button.hidden = shown >= found.length;
  }
  const button = element("button", "handbog-search-more", "Vis flere");
  button.type = "button";
  button.addEventListener("click", () => more(MORE));
  box.appendChild(button);
  await more(count);
  return box;
}

async function search(query) {
  const ticket = ++latest;
  query = query.trim();
  const url = new URL(location.href);
  if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
  history.replaceState(null, "", url);
  if (!query) {
    output.textContent = "";
    status.textContent = "";
    return;
  }
  const kind = chosenKind();
  const searches = kind ?
    [pagefind.search(query, { filters: { art: kind } })] :
    [pagefind.search(query, { filters: { gruppe: "hovedside" } }),
      pagefind.search(query, { filters: { gruppe: "opslag" } })];
  const found = (await Promise.all(searches)).map((s) => (s ? s.results : []));
  if (ticket !== latest) { return; }  // a newer query has started
  const total = found.reduce((n, r) => n + r.length, 0);
  output.textContent = "";
  // The model's pages are shown as soon as they are loaded; the lookup pages follow.
  if (found[0].length) {
    await list(found[0], MAIN, null);
    if (ticket !== latest) { return; }
  }
  if (found[1] && found[1].length) {
    await list(found[1], LOOKUP, "I ordlisten og opslagsdelene");
    if (ticket !== latest) { return; }
  }
  if (total) {
    status.textContent = (total === 1 ? "1 side" : total + " sider") + " passer på «" +
      query + "».";
    return;
  }
  // An honest dead end: some questions the report does not answer, and a page says so.
  const ask = element("a", "", "spørgsmål, rapporten ikke svarer på");
  ask.href = new URL("om-modellen/spoergsmaal-uden-svar.html", root).href;
  status.replaceChildren("Ingen sider passer på «" + query + "». Prøv et andet ord, slå op " +
    "i ordlisten, eller se listen over ", ask, ".");
}

if (await start()) {
  let timer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);  // Enter searches now; the search the typing scheduled is not needed
    search(field.value);
  });
  field.addEventListener("input", () => {
    // Fetch the words' index while the reader is still typing (Pagefind's preload).
    if (field.value.trim()) { pagefind.preload(field.value.trim()); }
    clearTimeout(timer);
    timer = setTimeout(() => search(field.value), 250);
  });
  kinds.addEventListener("change", () => search(field.value));
  const query = new URL(location.href).searchParams.get("q");
  if (query) {
    field.value = query;
    search(query);
  }
}
