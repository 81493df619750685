/* The searched words marked on the page a search result opened. soeg.js asks Pagefind to
 * put them in the result's link (?markeret=…, RULES in handbog/theme/search.py); the
 * page's search partial (templates/furo/partials/handbog-phone-search.html) imports this
 * module only for such a link, with the parameter's name as ?p=. Pagefind's own
 * highlighting script marks them in the page's indexed text; handbog.css gives the marks
 * their colour on screen and none on paper.
 */
const param = new URL(import.meta.url).searchParams.get("p");
const root = new URL(document.documentElement.dataset.content_root || "./", location.href);

const highlight = await import(new URL("pagefind/pagefind-highlight.js", root).href);
new highlight.default({
  highlightParam: param,
  addStyles: false,
  markOptions: {
    className: "handbog-markeret",
    // what the index leaves out, and the hidden list of other names
    exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *", "[hidden]", "[hidden] *"],
  },
});
// A link to the page's top: its first marked word is where the reader should look (a link
// to a section opens at the section, and stays there).
const first = document.querySelector("mark.handbog-markeret");
if (!location.hash && first) { first.scrollIntoView({ block: "center" }); }
