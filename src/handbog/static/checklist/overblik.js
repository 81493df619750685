/* The overview of many answers files, in the browser (the page's {tjeklisteoverblik}).
 *
 * The rules and the markup are those of handbog/checklists/aggregate.py, function by function
 * (same names in camelCase), so that the command line 'handbog tjekliste samlet' and this page
 * show the same figures: tests/test_aggregate_browser.py loads one corpus into both and
 * compares the tables, the charts and the CSV. Change one, change the other.
 *
 * The files are read with FileReader and stay in this tab: no fetch, no XHR, no storage. Text
 * that looks like a CPR number, or its beginning, makes the whole file refused. The rules
 * (format versions, limits, CPR patterns, scales and ranks, the number rule, the messages)
 * come from the checklist contract the page embeds (handbog/checklists/contract.py), read
 * and applied by svarfil.js, which the form uses too.
 */
(function () {
  "use strict";

  var S = window.handbogSvarfil;
  // Set from the page's contract in Page (the functions below are called after that).
  var contract = null;
  // The overview's labels, chart styles, CSV head and saved page style: aggregate.py's, from
  // the contract's "overview" part (set in Page, like contract).
  var NO_UNIT, ALL_UNITS, UNANSWERED_LABEL, SERIES_COLOURS, SERIES_DASHES, SERIES_MARKERS;
  var RADAR_MIN_SECTIONS;
  var HEAT_COLOURS, HEAT_TEXT, PAGE_STYLE, CSV_HEAD, PLURALS, LEAD, ROUND_MESSAGES, ROUNDS;
  var MESSAGES, NEAR, STATUS, PARTICIPATION_HEAD, RESTS_ON, SINCE_FIRST, NOTES_CSV_HEAD;
  var UNITS, KIND_HEAD, KIND_AT, GOAL;
  var UNIT_TREND, MAX_UNIT_COLUMNS, UNIT_GROUP;
  function useContract(data) {
    var o = data.overview;
    contract = data;
    UNIT_TREND = o.unit_trend; MAX_UNIT_COLUMNS = o.max_unit_columns; UNIT_GROUP = o.unit_group;
    PLURALS = o.plurals; LEAD = o.lead; ROUND_MESSAGES = o.round_messages; ROUNDS = o.round_rule;
    MESSAGES = o.messages; NEAR = o.near; STATUS = o.status;
    PARTICIPATION_HEAD = o.participation_head; RESTS_ON = o.rests_on; SINCE_FIRST = o.since_first;
    NO_UNIT = o.no_unit; ALL_UNITS = o.all_units; UNANSWERED_LABEL = o.unanswered;
    SERIES_COLOURS = o.series_colours; SERIES_DASHES = o.series_dashes;
    SERIES_MARKERS = o.series_markers; RADAR_MIN_SECTIONS = o.radar_min_sections;
    HEAT_COLOURS = o.heat_colours; HEAT_TEXT = o.heat_text;
    PAGE_STYLE = o.page_style; CSV_HEAD = o.csv_head; NOTES_CSV_HEAD = o.notes_csv_head;
    UNITS = o.units; KIND_HEAD = o.kind_head; KIND_AT = o.kind_at; GOAL = o.goal;
  }

  // -- Numbers ------------------------------------------------------------------------------

  // Levels are exact fractions (svarfil.js); a figure is rounded by the contract's rule.
  function number(value, decimals) { return S.number(contract, value, decimals); }
  function signed(value) {
    var text = number(value);
    return value === null || text.charAt(0) === "-" || /^[0,.]*$/.test(text) ? text : "+" + text;
  }
  // Exact arithmetic on levels (fractions of BigInts, svarfil.js), as scoring.py's Fraction:
  // a mean of means and a change between rounds stay exact.
  var frac = S.frac, asFrac = S.asFrac, TWO = BigInt(2);
  function mean(values) {
    var total = frac(0), count = 0;
    values.forEach(function (v) {
      if (!S.known(v)) { return; }
      var x = asFrac(v);
      total = frac(total.n * x.d + x.n * total.d, total.d * x.d);
      count++;
    });
    return count ? frac(total.n, total.d * BigInt(count)) : null;
  }
  function minus(a, b) {
    a = asFrac(a); b = asFrac(b);
    return frac(a.n * b.d - b.n * a.d, a.d * b.d);
  }
  function compare(a, b) {
    a = asFrac(a); b = asFrac(b);
    var left = a.n * b.d, right = b.n * a.d;
    return left < right ? -1 : (left > right ? 1 : 0);
  }
  // The value as a float, for chart coordinates (as Python's float(Fraction)).
  function toNumber(value) {
    var x = asFrac(value);
    return Number(x.n) / Number(x.d);
  }
  // floor(value * times / over + 1/2) for a value >= 0: the nearest step, a tie upwards.
  function nearest(value, times, over) {
    var x = asFrac(value), t = BigInt(times), o = BigInt(over);
    return Number((TWO * x.n * t + x.d * o) / (TWO * x.d * o));
  }
  // A chart coordinate, as aggregate.py's svg_number: geometry, not a figure a reader compares.
  function svgNumber(value) {
    var units = Math.floor(value * 10 + 0.5), sign = units < 0 ? "-" : "";
    units = Math.abs(units);
    return sign + Math.floor(units / 10) + "." + (units % 10);
  }
  function danishDate(iso) {
    var p = iso.split("-");
    return parseInt(p[2], 10) + "." + parseInt(p[1], 10) + "." + parseInt(p[0], 10);
  }
  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  var isObject = S.isObject;
  function sortedStrings(list) {
    return list.slice().sort(function (a, b) { return a < b ? -1 : (a > b ? 1 : 0); });
  }
  function unique(list) {
    var seen = {}, out = [];
    list.forEach(function (x) { if (!seen.hasOwnProperty(x)) { seen[x] = true; out.push(x); } });
    return out;
  }

  // -- Reading ------------------------------------------------------------------------------

  function Problem(name, message) { this.name = name; this.message = message; }

  // One file's text as its data, or throws a Problem (the file is left out): the checks that
  // come before the checklist is chosen (aggregate.py's read_answers and unknown checklist).
  function parseFile(name, text, data, guard) {
    var raw;
    try { raw = S.parse(data, text); } catch (e) {
      if (!(e instanceof S.SvarfilError)) { throw e; }
      throw new Problem(name, e.message);
    }
    var context = isObject(raw.context) ? raw.context : {};
    var texts = [];
    data.format.context.forEach(function (key) {
      if (typeof context[key] === "string") { texts.push(["feltet '" + key + "'", context[key]]); }
    });
    var answers = isObject(raw.answers) ? raw.answers : null;
    if (!answers) { throw new Problem(name, "feltet 'answers' mangler."); }
    Object.keys(answers).forEach(function (id) {
      if (isObject(answers[id]) && typeof answers[id].note === "string") {
        texts.push(["noten til '" + S.clip(data, id) + "'", answers[id].note]);
      }
    });
    var unsafe = texts.filter(function (t) { return guard.test(t[1]); });
    if (unsafe.length) {
      throw new Problem(name, unsafe.map(function (t) { return t[0]; }).join(", ") +
        " indeholder tekst, der ligner et CPR-nummer eller begyndelsen på et. Svarfiler må " +
        "ikke indeholde personoplysninger om børn eller familier. " +
        S.message(data, "cpr_way_out", { file: name }));
    }
    var checklist = data.checklists[raw.checklist];
    if (!checklist) {
      throw new Problem(name, S.message(data, "unknown_checklist", {
        answers: S.clip(data, raw.checklist), known: Object.keys(data.checklists).join(", ")
      }));
    }
    return raw;
  }

  // The checklist most files belong to (a tie: the id that sorts first), as aggregate.py's
  // choose_checklist: never the one that happens to come first.
  function chooseChecklist(ids) {
    var counts = {};
    ids.forEach(function (id) { counts[id] = (counts[id] || 0) + 1; });
    var best = null;
    Object.keys(counts).forEach(function (id) {
      if (best === null || counts[id] > counts[best] || (counts[id] === counts[best] && id < best)) {
        best = id;
      }
    });
    return best;
  }

  // A parsed file of the chosen checklist as an entry, or throws a Problem.
  function readFile(name, raw, data) {
    var context = isObject(raw.context) ? raw.context : {}, answers = raw.answers;
    var checklist = data.checklists[raw.checklist];
    var version = raw.checklist_version, notes = [];
    if (typeof version !== "number") {
      throw new Problem(name, "feltet 'checklist_version' mangler.");
    }
    // As the command line with --accepter-fejl: a version the checklist never had is said,
    // and the answers that fit are counted (the page always shows what it left out and why).
    if (version < 1 || version > checklist.version) {
      notes.push(S.message(data, "never_had", {
        version: S.clip(data, version), checklist: raw.checklist, latest: checklist.version
      }) + " Svarene, der passer, er talt med.");
    }
    var dato = typeof context.dato === "string" ? context.dato : "";
    if (dato && !new RegExp(data.date_pattern).test(dato)) {
      throw new Problem(name, "datoen '" + dato + "' er ikke en dato i formen ÅÅÅÅ-MM-DD.");
    }
    var runde = context[data.format.round_field];
    if (runde !== undefined && data.rounds[runde] === undefined) {
      throw new Problem(name, "runden '" + runde + "' findes ikke; den skal være en af " +
        Object.keys(data.rounds).join(", ") + ".");
    }
    var periode = context[data.format.period_field];
    if (periode !== undefined && !new RegExp(data.format.period_pattern).test(periode)) {
      throw new Problem(name, "perioden '" + S.clip(data, periode) + "' skal være et år, fx " +
        "2026, eller et skoleår, fx 2026/27.");
    }
    var ranks = {}, positions = {}, values = {}, itemNotes = {};
    checklist.scale.forEach(function (s) { ranks[s.value] = s.rank; });
    var known = {};
    checklist.sections.forEach(function (section) {
      section.items.forEach(function (item) {
        known[item.id] = true;
        var answer = answers[item.id], value = isObject(answer) ? answer.value : null;
        var onScale = typeof value === "string" && ranks.hasOwnProperty(value);
        values[item.id] = onScale ? value : null;
        itemNotes[item.id] = isObject(answer) && typeof answer.note === "string" ? answer.note : "";
        positions[item.id] = onScale ? ranks[value] : null;
        if (value !== null && value !== undefined && !onScale) {
          notes.push("svaret '" + value + "' på punktet '" + item.id + "' findes ikke på " +
            "skalaen og tælles ikke med.");
        }
      });
    });
    var unknown = Object.keys(answers).filter(function (id) { return !known[id]; });
    if (version >= 1 && version < checklist.version) {
      notes.push("svarene er givet til version " + version + " af tjeklisten, som nu er i " +
        "version " + checklist.version + ". Svarene til de punkter, der stadig findes, er " +
        "talt med.");
    }
    if (unknown.length) {
      notes.push("svar til punkter, som tjeklisten ikke har, tælles ikke med: " +
        unknown.join(", ") + ".");
    }
    var updated = typeof raw.updated === "string" ? raw.updated : "";
    if (!(typeof context.enhed === "string" && context.enhed.trim())) {
      throw new Problem(name, MESSAGES.no_unit);
    }
    return {
      checklist: raw.checklist, name: name,
      unit: context.enhed.trim(),
      person: typeof context.udfyldt_af === "string" ? context.udfyldt_af.trim() : "",
      day: dato || updated.slice(0, 10), label: runde === undefined ? null : runde,
      period: typeof periode === "string" ? periode.trim() : "",
      positions: positions, values: values, notes: notes, itemNotes: itemNotes
    };
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return values.hasOwnProperty(key) ? String(values[key]) : all;
    });
  }

  // Near-matches of unit names, as aggregate.py's unit_key, edit_distance, near, near_units.
  function unitKey(name) {
    return Array.from(name.toLowerCase()).map(function (c) {
      return /[\p{L}\p{N}]/u.test(c) ? c : " ";
    }).join("").split(" ").filter(function (w) { return w; }).join(" ");
  }
  function editDistance(a, b) {
    a = Array.from(a); b = Array.from(b);
    var row = [], i, j;
    for (j = 0; j <= b.length; j++) { row.push(j); }
    for (i = 1; i <= a.length; i++) {
      var previous = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var old = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] !== b[j - 1] ? 1 : 0));
        previous = old;
      }
    }
    return row[b.length];
  }
  function near(a, b) {
    var x = unitKey(a), y = unitKey(b);
    if (a === b) { return false; }
    if (x === y || x.indexOf(y + " ") === 0 || y.indexOf(x + " ") === 0) { return true; }
    var wx = x.split(" "), wy = y.split(" ");
    if (wx.length === wy.length && wx.some(function (p, k) {
      return p !== wy[k] && Math.max(Array.from(p).length, Array.from(wy[k]).length) <= 2;
    })) { return false; }
    return Math.min(Array.from(x).length, Array.from(y).length) >= NEAR.length &&
      editDistance(x, y) <= NEAR.distance;
  }
  function nearUnits(entries) {
    var files = {}, out = [];
    entries.forEach(function (e) { (files[e.unit] = files[e.unit] || []).push(e.name); });
    var units = sortedStrings(Object.keys(files));
    function before(p, q) {  // (-files, length, name) of p sorts before q's
      if (files[p].length !== files[q].length) { return files[p].length > files[q].length; }
      if (p.length !== q.length) { return p.length < q.length; }
      return p < q;
    }
    units.forEach(function (unit) {
      var others = units.filter(function (o) { return near(unit, o); });
      for (var k = 0; k < others.length; k++) {
        if (before(others[k], unit)) {
          out.push([entries.filter(function (e) { return e.unit === unit; })[0], others[k],
            files[others[k]]]);
          break;
        }
      }
    });
    return out;
  }

  // The files of the chosen checklist as entries, as aggregate.py's read_files: strays, files
  // without a unit and duplicates are named and left out. Returns entries, refused, warnings.
  function readAll(named, data, guard, units, kind) {
    var refused = [], warnings = [], found = [];
    named.forEach(function (pair) {
      try {
        if (pair[1] === null) { throw new Problem(pair[0], "filen kunne ikke læses."); }
        if (pair[1] instanceof Problem) { throw pair[1]; }
        found.push({ name: pair[0], text: pair[1], raw: parseFile(pair[0], pair[1], data, guard) });
      } catch (e) {
        if (!(e instanceof Problem)) { throw e; }
        refused.push(e);
      }
    });
    var chosen = chooseChecklist(found.map(function (f) { return f.raw.checklist; }));
    var strays = found.filter(function (f) { return f.raw.checklist !== chosen; }).length;
    var entries = [], texts = [], twins = [], others = [];
    found.forEach(function (f) {
      var entry;
      try {
        if (f.raw.checklist !== chosen) {
          throw new Problem(f.name, S.message(data, "mixed_checklists", {
            answers: f.raw.checklist, chosen: chosen, count: found.length - strays,
            total: found.length
          }));
        }
        entry = listed(readFile(f.name, f.raw, data), units, warnings);
      } catch (e) {
        if (!(e instanceof Problem)) { throw e; }
        refused.push(e);
        return;
      }
      if (kind && entry.kind !== kind) {
        others.push(entry);
        return;
      }
      var twin = null, k;
      for (k = 0; k < entries.length && !twin; k++) {
        if (texts[k] === f.text) {
          twin = [entries[k], entries[k].name === entry.name ? "chosen_twice" : "same_content"];
        }
      }
      for (k = 0; k < entries.length && !twin; k++) {
        var o = entries[k];
        if (entry.person && o.unit === entry.unit && o.person === entry.person &&
            o.period === entry.period && o.label === entry.label && o.day === entry.day) {
          twin = [o, "same_person"];
        }
      }
      if (twin) {
        warnings.push(f.name + ": " + fill(MESSAGES[twin[1]], { first: twin[0].name }));
        twins.push([entry, twin[1], twin[0].name]);
        return;
      }
      entries.push(entry);
      texts.push(f.text);
    });
    // With a units file the list says which names are one unit: no guessing.
    (units ? [] : nearUnits(entries)).forEach(function (n) {
      warnings.push(n[0].name + ": " + fill(MESSAGES.near_unit, {
        unit: n[0].unit, other: n[1], files: n[2].join(", ")
      }));
    });
    return { entries: entries, refused: refused, warnings: warnings, chosen: chosen,
      twins: twins, others: others, units: units || null, kind: kind || null };
  }

  // -- The units file (handbog/checklists/units.py) ------------------------------------------
  //
  // The command line reads the units file with a full YAML reader (ruamel.yaml). The page
  // reads the form the overview page shows: fields and block lists, texts plain or in quotes,
  // a list in [brackets], numbers and # comments, and reads them as YAML does. Any other form
  // of YAML is named with its line, with the way to the command line, rather than guessed at.
  function UnitsProblem(line, message) { this.line = line; this.message = message; }

  function unitsMessage(key, values) { return fill(UNITS.messages[key], values || {}); }

  var DASH = /^-( |$)/;
  var KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^"'\s#\[{&*!|>%@`-][^:]*?|-[^ :][^:]*?)\s*:( +|$)/;

  function yamlLines(text) {
    var out = [];
    text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n").forEach(function (raw, n) {
      var quote = "", cut = raw.length;
      for (var i = 0; i < raw.length; i++) {
        var c = raw.charAt(i);
        if (quote) {
          if (c === "\\" && quote === '"') { i++; } else if (c === quote) { quote = ""; }
        } else if ((c === '"' || c === "'") && /(^|[:\-\[,]\s*|^\s*)$/.test(raw.slice(0, i))) {
          quote = c;
        } else if (c === "#" && (i === 0 || /\s/.test(raw.charAt(i - 1)))) {
          cut = i;
          break;
        }
      }
      var body = raw.slice(0, cut).replace(/\s+$/, "");
      if (!body.trim() || (!out.length && body === "---")) { return; }
      var indent = body.length - body.replace(/^ +/, "").length;
      if (body.charAt(indent) === "\t") {
        throw new UnitsProblem(n + 1, unitsMessage("page_form", {
          line: n + 1, what: "en tabulator er brugt til indrykning" }));
      }
      out.push({ no: n + 1, indent: indent, body: body.slice(indent) });
    });
    return out;
  }

  function parseUnitsYaml(text) {
    var lines = yamlLines(text), i = 0;
    function fail(no, what) {
      throw new UnitsProblem(no, unitsMessage("page_form", { line: no, what: what }));
    }
    function unquote(text, no) {
      var m;
      if ((m = /^"((?:[^"\\]|\\.)*)"$/.exec(text))) {
        try { return JSON.parse('"' + m[1] + '"'); } catch (e) { fail(no, "en tekst i anførselstegn"); }
      }
      if ((m = /^'((?:[^']|'')*)'$/.exec(text))) { return m[1].replace(/''/g, "'"); }
      if (/^["']/.test(text)) { fail(no, "en tekst i anførselstegn bliver ikke lukket"); }
      return null;
    }
    function scalar(text, no) {
      var quoted = unquote(text, no);
      if (quoted !== null) { return { v: quoted, line: no }; }
      if (text.charAt(0) === "[") {
        if (!/\]$/.test(text)) { fail(no, "en liste i [ ] bliver ikke lukket"); }
        var inner = text.slice(1, -1).trim(), items = [], part = "", quote = "";
        for (var k = 0; k < inner.length; k++) {
          var c = inner.charAt(k);
          if (quote) {
            if (c === "\\" && quote === '"') { part += c + inner.charAt(++k); continue; }
            if (c === quote) { quote = ""; }
          } else if (c === '"' || c === "'") {
            quote = c;
          } else if (c === ",") {
            items.push(part.trim());
            part = "";
            continue;
          }
          part += c;
        }
        if (inner) { items.push(part.trim()); }
        return { seq: items.map(function (t) {
          if (!t || /^[\[{]/.test(t)) { fail(no, "en liste inden i en liste"); }
          return scalar(t, no);
        }), line: no };
      }
      if (/^[{&*!|>%@`]/.test(text) || /: |:$/.test(text)) {
        fail(no, "tegnet '" + text.charAt(0) + "' eller et kolon i en tekst uden anførselstegn");
      }
      if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) { return { num: text, line: no }; }
      if (/^[-+]?(\.inf|\.nan|0x|0o)/i.test(text) || /^\d[\d_]*e/i.test(text)) {
        fail(no, "et tal skrevet som '" + text + "'");
      }
      if (/^(true|True|TRUE|false|False|FALSE)$/.test(text)) {
        return { v: /^t/i.test(text), line: no };
      }
      if (/^(null|Null|NULL|~)$/.test(text)) { return { v: null, line: no }; }
      return { v: text, line: no };
    }
    function block() {
      return DASH.test(lines[i].body) ? seq(lines[i].indent) : map(lines[i].indent);
    }
    function deeper(indent, dashOk) {
      return i < lines.length && (lines[i].indent > indent ||
        (dashOk && lines[i].indent === indent && DASH.test(lines[i].body)));
    }
    function map(indent) {
      var node = { map: {}, keys: [], line: lines[i].no };
      while (i < lines.length && lines[i].indent === indent && !DASH.test(lines[i].body)) {
        var line = lines[i], m = KEY.exec(line.body);
        if (!m) { fail(line.no, "der mangler et kolon efter et feltnavn"); }
        var key = unquote(m[1], line.no);
        key = key === null ? m[1] : key;
        if (node.map.hasOwnProperty(key)) { fail(line.no, "det samme felt står to gange"); }
        var rest = line.body.slice(m[0].length);
        i++;
        var value;
        if (rest) {
          value = scalar(rest, line.no);
        } else if (deeper(indent, true)) {
          value = block();
        } else {
          value = { v: null, line: line.no };
        }
        value.keyLine = line.no;
        node.map[key] = value;
        node.keys.push(key);
      }
      if (i < lines.length && lines[i].indent > indent) {
        fail(lines[i].no, "indrykningen passer ikke med linjerne ovenover");
      }
      return node;
    }
    function seq(indent) {
      var node = { seq: [], line: lines[i].no };
      while (i < lines.length && lines[i].indent === indent && DASH.test(lines[i].body)) {
        var line = lines[i], rest = line.body.replace(/^- */, "");
        var at = indent + (line.body.length - rest.length);
        if (!rest) {
          i++;
          node.seq.push(deeper(indent, false) ? block() : { v: null, line: line.no });
        } else if (KEY.test(rest)) {
          // a mapping that begins on the dash's line: read as if it stood on a line of its own
          lines[i] = { no: line.no, indent: at, body: rest };
          node.seq.push(map(at));
        } else {
          node.seq.push(scalar(rest, line.no));
          i++;
        }
      }
      if (i < lines.length && lines[i].indent > indent) {
        fail(lines[i].no, "indrykningen passer ikke med linjerne ovenover");
      }
      return node;
    }
    if (!lines.length) { return null; }
    var root = block();
    if (i < lines.length) { fail(lines[i].no, "indrykningen passer ikke med linjerne ovenover"); }
    return root;
  }

  // The units file as units.py's read_units checks it: its fields, the kinds, a name or a
  // spelling under two units. Returns { units, goals, goalLines, label } or throws a list of
  // UnitsProblem.
  function readUnits(name, text) {
    var root, problems = [];
    try { root = parseUnitsYaml(text); } catch (e) {
      if (!(e instanceof UnitsProblem)) { throw e; }
      throw [e];
    }
    function problem(line, key, values) {
      values.line = line;
      problems.push(new UnitsProblem(line, unitsMessage(key, values)));
    }
    function isText(node) { return node && typeof node.v === "string" && node.v.trim() !== ""; }
    function unknown(node, allowed) {
      node.keys.forEach(function (key) {
        if (allowed.indexOf(key) < 0) {
          problem(node.map[key].keyLine, "page_unknown", { key: key, allowed: allowed.join(", ") });
        }
      });
    }
    if (!root || !root.map || !root.map.enheder || !root.map.enheder.seq ||
        !root.map.enheder.seq.length) {
      problem(root ? root.line : 1, "page_top", {});
      throw problems;
    }
    unknown(root, ["enheder", "maal"]);
    var units = [], seen = {};
    root.map.enheder.seq.forEach(function (item, n) {
      if (!item.map) { problem(item.line, "page_top", {}); return; }
      unknown(item, ["navn", "stavemaader", "type"]);
      var navn = item.map.navn, type = item.map.type, spellings = item.map.stavemaader;
      if (!isText(navn)) {
        problem(navn ? navn.line : item.line, "page_value", { what: "navn", wanted: "en tekst" });
        return;
      }
      var unit = navn.v.trim().split(/\s+/).join(" ");
      if (!type || typeof type.v !== "string" || UNITS.kinds.indexOf(type.v) < 0) {
        var kind = type ? String(type.num !== undefined ? type.num : type.v) : "";
        problems.push(new UnitsProblem(type ? type.line : item.line, unitsMessage("file_kind", {
          unit: unit, kind: kind, hint: kindHint(kind), kinds: UNITS.kinds.join(", ") })));
        return;
      }
      var written = [[unit, navn.line]];
      if (spellings) {
        if (!spellings.seq || spellings.seq.some(function (s) { return !isText(s); })) {
          problem(spellings.line, "page_value", {
            what: "stavemaader", wanted: "en liste af tekster" });
          return;
        }
        spellings.seq.forEach(function (s) { written.push([s.v, s.line]); });
      }
      units.push({ name: unit, kind: type.v, written: written,
        spellings: written.slice(1).map(function (w) { return w[0]; }) });
    });
    var goals = {}, goalLines = {}, maal = root.map.maal;
    if (maal && !maal.map) {
      problem(maal.line, "page_value", { what: "maal", wanted: "tjeklisternes id med mål" });
    }
    (maal && maal.map ? maal.keys : []).forEach(function (cid) {
      var sections = maal.map[cid];
      goalLines[cid] = sections.keyLine;
      if (!sections.map) {
        problem(sections.line, "page_value", { what: "maal › " + cid,
          wanted: "afsnittenes id med hvert sit mål" });
        return;
      }
      goals[cid] = {};
      sections.keys.forEach(function (sid) {
        var value = sections.map[sid];
        if (value.num === undefined) {
          problem(value.line, "page_value", { what: "maal › " + cid + " › " + sid,
            wanted: "et tal" });
          return;
        }
        goals[cid][sid] = [decimal(value.num), value.keyLine, value.num];
      });
    });
    // As units.py: the fields first (the schema), then a name or spelling under two units.
    function stop() {
      if (problems.length) {
        problems.sort(function (a, b) { return a.line - b.line; });
        throw problems;
      }
    }
    stop();
    units.forEach(function (u) {
      u.written.forEach(function (w) {
        var key = spellingKey(w[0]);
        if (seen.hasOwnProperty(key)) {
          problems.push(new UnitsProblem(w[1], unitsMessage("twice", {
            name: w[0], first: seen[key][0], line: seen[key][1], unit: u.name })));
        } else {
          seen[key] = [u.name, w[1]];
        }
      });
    });
    stop();
    return { units: units, goals: goals, goalLines: goalLines, label: name };
  }

  // 2.5 → the exact fraction 5/2 (as Fraction("2.5") in units.py).
  function decimal(text) {
    var m = /^([-+]?)(\d*)\.?(\d*)$/.exec(text), digits = m[2] + m[3];
    return frac((m[1] === "-" ? "-" : "") + (digits || "0"), "1" + "0".repeat(m[3].length));
  }

  function spellingKey(name) { return name.toLowerCase().trim().split(/\s+/).join(" "); }

  function kindHint(kind) {
    var start = kind.trim().toLowerCase().slice(0, UNITS.kind_prefix);
    var close = UNITS.kinds.filter(function (k) { return start && k.indexOf(start) === 0; });
    return close.length ? fill(UNITS.messages.hint, { kind: close[0] }) : "";
  }

  function findUnit(units, written) {
    var wanted = spellingKey(written);
    for (var k = 0; k < units.units.length; k++) {
      var unit = units.units[k];
      if ([unit.name].concat(unit.spellings).some(function (n) { return spellingKey(n) === wanted; })) {
        return unit;
      }
    }
    return null;
  }

  // aggregate.py's listed: the entry under its unit's name in the units file, with its kind.
  function listed(entry, units, warnings) {
    if (!units) { return entry; }
    var unit = findUnit(units, entry.unit);
    if (!unit) {
      var close = units.units.filter(function (u) { return near(entry.unit, u.name); });
      throw new Problem(entry.name, unitsMessage("not_listed", { unit: entry.unit,
        file: units.label, hint: close.length ? unitsMessage("hint_unit", { unit: close[0].name }) : "" }));
    }
    if (unit.name !== entry.unit) {
      warnings.push(entry.name + ": " + unitsMessage("mapped", { written: entry.unit,
        unit: unit.name, file: units.label }));
    }
    entry.unit = unit.name;
    entry.kind = unit.kind;
    return entry;
  }

  // units.py's check_goals: goals of a checklist or a section that does not exist, or off the
  // scale. Returns the problems (none: the goals are good).
  function goalProblems(units, checklist, known) {
    var problems = [];
    function hint(written, options) {
      var close = options.filter(function (o) { return near(written, o); });
      return close.length ? unitsMessage("hint_unit", { unit: close[0] }) : "";
    }
    Object.keys(units.goals).forEach(function (cid) {
      if (known.indexOf(cid) < 0) {
        problems.push(new UnitsProblem(units.goalLines[cid], unitsMessage("goal_checklist", {
          checklist: cid, hint: hint(cid, known), known: known.join(", ") })));
      }
    });
    var ids = checklist.sections.map(function (s) { return s.id; });
    Object.keys(units.goals[checklist.id] || {}).forEach(function (sid) {
      var goal = units.goals[checklist.id][sid];
      if (ids.indexOf(sid) < 0) {
        problems.push(new UnitsProblem(goal[1], unitsMessage("goal_section", {
          checklist: checklist.id, section: sid, hint: hint(sid, ids), sections: ids.join(", ") })));
      } else if (compare(goal[0], frac(0)) < 0 || compare(goal[0], frac(checklist.top)) > 0) {
        problems.push(new UnitsProblem(goal[1], unitsMessage("goal_range", {
          value: goal[2], section: sid, top: checklist.top,
          example: number(frac(checklist.top, 2)).replace(",", ".") })));
      }
    });
    return problems;
  }

  // The overview with what the units file adds (aggregate.py's Overview.with_units).
  function withUnits(o, read, data) {
    o.kinds = {};
    o.kind = null;
    o.goals = {};
    o.unitsFile = "";
    if (!read.units) { return o; }
    read.units.units.forEach(function (u) { o.kinds[u.name] = u.kind; });
    o.kind = read.kind;
    o.unitsFile = read.units.label;
    var goals = read.units.goals[o.checklist.id] || {};
    Object.keys(goals).forEach(function (sid) { o.goals[sid] = goals[sid][0]; });
    read.others.forEach(function (e) {
      o.participants.push([e.unit, fill(STATUS.other_kind, { kind: e.kind }),
        e.label === null ? ROUNDS.no_round : roundTitle(e.period, e.label, data),
        danishDate(e.day), e.person || "–", e.name]);
    });
    o.participants.forEach(function (row) {
      row.splice(KIND_AT, 0, o.kinds.hasOwnProperty(row[0]) ? o.kinds[row[0]] : "–");
    });
    return o;
  }

  function participationHead(o) {
    var head = PARTICIPATION_HEAD.slice();
    return Object.keys(o.kinds).length ?
      head.slice(0, KIND_AT).concat([KIND_HEAD], head.slice(KIND_AT)) : head;
  }

  function kindText(o) {
    return o.kind ? fill(LEAD.kind, { kind: o.kind, file: o.unitsFile }) : "";
  }

  // -- Goals (aggregate.py's goal_* and with_goals) ------------------------------------------

  function hasGoals(o) { return Object.keys(o.goals).length > 0; }

  function goalText(o, section) {
    return o.goals.hasOwnProperty(section.id) ? number(o.goals[section.id]) : "–";
  }

  function goalBars(o, xOf, span) {
    var out = [];
    o.checklist.sections.forEach(function (section, n) {
      if (!o.goals.hasOwnProperty(section.id)) { return; }
      var x = svgNumber(xOf(toNumber(o.goals[section.id]))), ys = span(n);
      out.push('<line class="ho-maal" x1="' + x + '" y1="' + svgNumber(ys[0]) + '" x2="' + x +
        '" y2="' + svgNumber(ys[1]) + '" stroke="currentColor" stroke-width="2" ' +
        'stroke-dasharray="' + GOAL.dash + '"/>');
    });
    return out.join("");
  }

  function goalRadar(o, axes, point) {
    if (!hasGoals(o) || axes.some(function (a) { return !o.goals.hasOwnProperty(a[1].id); })) {
      return "";
    }
    var corners = axes.map(function (a) { return point(a[0], toNumber(o.goals[a[1].id])); });
    return '<path class="ho-maal" d="M' + corners.map(function (c) {
      return svgNumber(c[0]) + " " + svgNumber(c[1]);
    }).join("L") + 'Z" fill="none" stroke="currentColor" stroke-width="2" ' +
      'stroke-dasharray="' + GOAL.dash + '"/>';
  }

  function goalTrend(o, left, right, yOf) {
    var out = [];
    o.checklist.sections.forEach(function (section, n) {
      if (!o.goals.hasOwnProperty(section.id)) { return; }
      var y = svgNumber(yOf(toNumber(o.goals[section.id])));
      out.push('<line class="ho-maal" x1="' + svgNumber(left) + '" y1="' + y + '" x2="' +
        svgNumber(right) + '" y2="' + y + '" stroke="' + seriesStyle(n)[0] + '" ' +
        'stroke-width="1.5" stroke-dasharray="' + GOAL.dots + '"/>');
    });
    return out.join("");
  }

  function withGoals(o, parts) {
    if (!hasGoals(o)) { return parts; }
    var sections = o.checklist.sections;
    var said = sections.map(function (s, n) {
      return o.goals.hasOwnProperty(s.id) ? (n + 1) + " " + s.title + ": " + number(o.goals[s.id]) : null;
    }).filter(function (x) { return x !== null; }).join("; ");
    return parts.map(function (part) {
      var copy = {};
      Object.keys(part).forEach(function (k) { copy[k] = part[k]; });
      if (part.chart.indexOf("ho-maal") >= 0) {
        copy.chart = part.chart.replace("</desc>", function () {
          return esc(fill(GOAL.desc, { goals: said })) + "</desc>";
        });
        copy.chartCaption = part.chartCaption +
          (part.klass === "ho-enheder" ? GOAL.trend_caption : GOAL.caption);
      }
      if (part.klass === "ho-afsnit") {
        copy.head = part.head.slice(0, -1).concat([GOAL.head, part.head[part.head.length - 1]]);
        copy.rows = part.rows.map(function (row, n) {
          return row.slice(0, -1).concat([goalText(o, sections[n]), row[row.length - 1]]);
        });
      } else if (part.klass === "ho-enheder") {
        copy.head = part.head.concat([GOAL.head]);
        copy.rows = part.rows.map(function (row, n) {
          return row.concat([goalText(o, sections[n % sections.length])]);
        });
      }
      return copy;
    });
  }

  function withGoalColumn(o, rows) {
    if (!hasGoals(o)) { return rows; }
    var byName = {}, atSection = CSV_HEAD.indexOf("Afsnit"), atItem = CSV_HEAD.indexOf("Punkt");
    o.checklist.sections.forEach(function (s, n) { byName[(n + 1) + " " + s.title] = s; });
    return rows.map(function (row) {
      var section = byName[row[atSection]];
      var shown = o.goals.hasOwnProperty(section.id) && !row[atItem] ?
        number(o.goals[section.id], 2) : "";
      return row.concat([shown]);
    });
  }

  // -- Counting -----------------------------------------------------------------------------

  // The rounds (handbog/checklists/rounds.py, from the contract's round_rule): a period and a
  // phase; dates never split or number rounds. Files without a round, when others have one,
  // are left out and named (apart).
  function roundTitle(period, phase, data) {
    var label = data.rounds[phase];
    return period ? ROUNDS.title.replace("{period}", period)
      .replace("{phase}", label.toLowerCase()) : label;
  }
  function roundKey(period, phase) {
    return ROUNDS.key.replace("{period}", period || ROUNDS.no_period_key)
      .replace("{place}", String(ROUNDS.phases.indexOf(phase) + 1)).replace("{phase}", phase);
  }
  function makeRound(key, title, members) {
    var days = sortedStrings(members.map(function (e) { return e.day; }));
    var first = days[0], last = days[days.length - 1];
    var span = danishDate(first) + (last !== first ? "–" + danishDate(last) : "");
    return { key: key, title: title, first: first, last: last, entries: members,
      span: span, heading: title + " (" + span + ")" };
  }

  function roundsOf(entries, data) {
    var labelled = entries.filter(function (e) { return e.label !== null; });
    var apart = labelled.length ? entries.filter(function (e) { return e.label === null; }) : [];
    var groups = {}, order = [];
    labelled.forEach(function (e) {
      var id = JSON.stringify([e.period, e.label]);
      if (!groups[id]) { groups[id] = []; order.push([e.period, e.label, id]); }
      groups[id].push(e);
    });
    order.sort(function (a, b) {
      if (a[0] !== b[0]) { return a[0] < b[0] ? -1 : 1; }
      return ROUNDS.phases.indexOf(a[1]) - ROUNDS.phases.indexOf(b[1]);
    });
    var rounds = order.map(function (g) {
      return makeRound(roundKey(g[0], g[1]), roundTitle(g[0], g[1], data), groups[g[2]]);
    });
    if (!labelled.length && entries.length) {
      rounds.push(makeRound(ROUNDS.no_round_key, ROUNDS.no_round, entries.slice()));
    }
    return { rounds: rounds, apart: apart };
  }

  // As aggregate.py's round_problems: files left out, and units pooled over several dates.
  function roundProblems(entries, apart, rounds) {
    var out = apart.map(function (e) { return e.name + ": " + ROUND_MESSAGES.no_round; });
    if (rounds.length === 1 && rounds[0].key === ROUNDS.no_round_key) {
      sortedStrings(unique(entries.map(function (e) { return e.unit; }))).forEach(function (unit) {
        var mine = entries.filter(function (e) { return e.unit === unit; });
        var days = unique(mine.map(function (e) { return e.day; }));
        if (days.length > 1) {
          out.push(ROUND_MESSAGES.days_without_round.replace("{unit}", unit)
            .replace("{count}", String(days.length)).replace("{files}", mine.map(function (e) {
              return e.name + " " + danishDate(e.day);
            }).join(", ")));
        }
      });
    }
    return out;
  }

  // Who took part, as aggregate.py's participation: the counted files by unit, round, date
  // and name, then those left out in the order they were given.
  function participation(rounds, apart, read, data) {
    function row(e, title, status) {
      return [e.unit, status, title, danishDate(e.day), e.person || "–", e.name];
    }
    var counted = [];
    rounds.forEach(function (round, r) {
      round.entries.forEach(function (e) {
        counted.push({ key: [e.unit, r, e.day, e.name], row: row(e, round.title, STATUS.counted) });
      });
    });
    counted.sort(function (a, b) {
      for (var k = 0; k < a.key.length; k++) {
        if (a.key[k] < b.key[k]) { return -1; }
        if (a.key[k] > b.key[k]) { return 1; }
      }
      return 0;
    });
    var out = counted.map(function (c) { return c.row; });
    apart.forEach(function (e) { out.push(row(e, ROUNDS.no_round, STATUS.no_round)); });
    read.twins.forEach(function (t) {
      var title = t[0].label === null ? ROUNDS.no_round : roundTitle(t[0].period, t[0].label, data);
      out.push(row(t[0], title, fill(STATUS[t[1]], { first: t[2] })));
    });
    unique(read.refused.map(function (p) { return p.name; })).forEach(function (name) {
      out.push(["–", STATUS.refused, "–", "–", "–", name]);
    });
    return out;
  }

  function items(checklist) {
    var out = [];
    checklist.sections.forEach(function (s) { s.items.forEach(function (i) { out.push(i); }); });
    return out;
  }

  function aggregate(checklist, entries, data, read) {
    var found = roundsOf(entries, data), rounds = found.rounds, counted = [];
    rounds.forEach(function (r) { counted = counted.concat(r.entries); });
    var units = sortedStrings(unique(counted.map(function (e) { return e.unit; })));
    var all = items(checklist);
    var o = {
      checklist: checklist, rounds: rounds, units: units, apart: found.apart,
      roundNotes: roundProblems(entries, found.apart, rounds),
      unitItems: [], unitSections: [], items: [], sections: [], distribution: [],
      sectionAnswers: [],
      files: counted.length,
      participants: participation(rounds, found.apart, read, data)
    };
    o.top = checklist.top;
    o.threshold = checklist.threshold;
    rounds.forEach(function (round) {
      var perItem = {}, perSection = {}, present = [];
      units.forEach(function (unit) {
        var members = round.entries.filter(function (e) { return e.unit === unit; });
        if (!members.length) { return; }
        present.push(unit);
        perItem[unit] = {};
        all.forEach(function (item) {
          perItem[unit][item.id] = mean(members.map(function (e) { return e.positions[item.id]; }));
        });
        perSection[unit] = {};
        checklist.sections.forEach(function (section) {
          var pooled = [];
          section.items.forEach(function (item) {
            members.forEach(function (e) { pooled.push(e.positions[item.id]); });
          });
          perSection[unit][section.id] = mean(pooled);
        });
      });
      o.unitItems.push(perItem);
      o.unitSections.push(perSection);
      var itemMeans = {}, sectionMeans = {}, counts = {};
      all.forEach(function (item) {
        itemMeans[item.id] = mean(present.map(function (u) { return perItem[u][item.id]; }));
        var tally = { values: {}, none: 0 };
        checklist.scale.forEach(function (s) { tally.values[s.value] = 0; });
        round.entries.forEach(function (e) {
          var v = e.values[item.id];
          if (v === null) { tally.none++; } else { tally.values[v]++; }
        });
        counts[item.id] = tally;
      });
      checklist.sections.forEach(function (section) {
        sectionMeans[section.id] = mean(present.map(function (u) {
          return perSection[u][section.id];
        }));
      });
      o.items.push(itemMeans);
      o.sections.push(sectionMeans);
      o.distribution.push(counts);
      // The answers each section's level rests on, as aggregate.py's section_answers.
      var behind = {}, notRelevant = {};
      checklist.scale.forEach(function (s) { if (s.not_relevant) { notRelevant[s.value] = true; } });
      units.concat([ALL_UNITS]).forEach(function (unit) {
        var members = round.entries.filter(function (e) {
          return unit === ALL_UNITS || e.unit === unit;
        });
        if (!members.length) { return; }
        behind[unit] = {};
        checklist.sections.forEach(function (section) {
          var known = 0, possible = 0;
          section.items.forEach(function (item) {
            members.forEach(function (e) {
              if (e.positions[item.id] !== null) { known++; }
              if (!notRelevant[e.values[item.id]]) { possible++; }
            });
          });
          behind[unit][section.id] = [known, possible];
        });
      });
      o.sectionAnswers.push(behind);
    });
    return withUnits(o, read, data);
  }

  function numbered(o) {
    var out = [];
    o.checklist.sections.forEach(function (section, s) {
      section.items.forEach(function (item, i) {
        out.push({ number: (s + 1) + "." + (i + 1), section: section, item: item });
      });
    });
    return out;
  }

  function lowest(o, levels) {
    var known = o.units.filter(function (u) {
      return levels.hasOwnProperty(u) && levels[u] !== null;
    }).map(function (u) { return levels[u]; });
    if (!known.length) { return []; }
    var min = known.reduce(function (a, b) { return compare(b, a) < 0 ? b : a; });
    if (compare(min, o.threshold) >= 0) { return []; }
    return o.units.filter(function (u) {
      return levels.hasOwnProperty(u) && levels[u] !== null && compare(levels[u], min) === 0;
    });
  }

  // '2,1' or, when items are unanswered, '2,1 (4 af 6 svar)' (aggregate.py's level_text).
  function levelText(value, behind) {
    if (value === null || !behind || behind[0] >= behind[1]) { return number(value); }
    return number(value) + fill(RESTS_ON, { known: behind[0], possible: behind[1] });
  }
  function sinceFirst(values) {
    var n = values.length;
    if (n < 2 || values[n - 1] === null || values[0] === null) { return null; }
    return minus(values[n - 1], values[0]);
  }

  function change(values) {
    var n = values.length;
    if (n < 2 || values[n - 1] === null || values[n - 2] === null) { return null; }
    return minus(values[n - 1], values[n - 2]);
  }

  function get(map, unit, id) {
    return map.hasOwnProperty(unit) && map[unit][id] !== undefined ? map[unit][id] : null;
  }

  // -- Charts -------------------------------------------------------------------------------

  function marker(kind, x, y, colour) {
    var xs = svgNumber(x), ys = svgNumber(y);
    if (kind === "firkant") {
      return '<rect x="' + svgNumber(x - 4) + '" y="' + svgNumber(y - 4) + '" width="8" ' +
        'height="8" fill="' + colour + '"/>';
    }
    if (kind === "trekant") {
      return '<path d="M' + xs + " " + svgNumber(y - 5) + "L" + svgNumber(x + 5) + " " +
        svgNumber(y + 4) + "L" + svgNumber(x - 5) + " " + svgNumber(y + 4) + 'Z" fill="' +
        colour + '"/>';
    }
    if (kind === "ruder") {
      return '<path d="M' + xs + " " + svgNumber(y - 5) + "L" + svgNumber(x + 5) + " " + ys +
        "L" + xs + " " + svgNumber(y + 5) + "L" + svgNumber(x - 5) + " " + ys + 'Z" fill="' +
        colour + '"/>';
    }
    return '<circle cx="' + xs + '" cy="' + ys + '" r="4" fill="' + colour + '"/>';
  }

  function seriesStyle(index) {
    var n = index % SERIES_COLOURS.length;
    return [SERIES_COLOURS[n], SERIES_DASHES[n], SERIES_MARKERS[n]];
  }

  function svgOpen(ident, width, height, title, desc) {
    return '<svg class="ho-chart" viewBox="0 0 ' + width + " " + height + '" width="' + width +
      '" height="' + height + '" role="img" aria-labelledby="' + ident + "-titel " + ident +
      '-beskrivelse" xmlns="http://www.w3.org/2000/svg"><title id="' + ident + '-titel">' +
      esc(title) + '</title><desc id="' + ident + '-beskrivelse">' + esc(desc) + "</desc>";
  }

  // aggregate.py's _legend: a line with its dashes and marker, or (bars) a bar and the marker.
  function legend(entries, y, bars) {
    var out = [];
    entries.forEach(function (entry, n) {
      var style = seriesStyle(entry[0]), x = 10.0;
      var row = y + n * 18;
      if (bars) {
        out.push('<rect x="' + svgNumber(x) + '" y="' + svgNumber(row - 5) + '" width="18" ' +
          'height="10" fill="' + style[0] + '"/>');
        out.push(marker(style[2], x + 25, row, style[0]));
      } else {
        var dash = style[1] ? ' stroke-dasharray="' + style[1] + '"' : "";
        out.push('<line x1="' + svgNumber(x) + '" y1="' + svgNumber(row) + '" x2="' +
          svgNumber(x + 28) + '" y2="' + svgNumber(row) + '" stroke="' + style[0] +
          '" stroke-width="2.5"' + dash + "/>");
        out.push(marker(style[2], x + 14, row, style[0]));
      }
      out.push('<text x="' + svgNumber(x + 34) + '" y="' + svgNumber(row + 4) +
        '" font-size="11" fill="currentColor">' + esc(entry[1]) + "</text>");
    });
    return out.join("");
  }

  // Only a checklist of RADAR_MIN_SECTIONS or more sections gets a radar: its axes are them.
  function radarAxes(o) {
    return o.checklist.sections.map(function (s, n) {
      return { short: String(n + 1), section: s };
    });
  }

  function axisLevel(o, r, axis) { return o.sections[r][axis.section.id]; }

  function radarSvg(o) {
    var axes = radarAxes(o), count = axes.length;
    var size = 360, cx = 180.0, cy = 170.0, radius = 120.0;
    var height = 330 + o.rounds.length * 18;
    var what = "afsnittenes";
    var parts = o.rounds.map(function (round, r) {
      return round.heading + ": " + axes.map(function (axis) {
        return axis.short + ": " + number(axisLevel(o, r, axis));
      }).join(", ");
    });
    var desc = "Radardiagram over " + what + " niveau for alle enheder, fra 0 i midten til " +
      o.top + " yderst, en figur pr. runde. " + parts.join(". ") + ". Tallene står også i " +
      "tabellen under diagrammet.";
    var out = [svgOpen("ho-radar", size, height, "Niveau pr. runde: " + what + " niveau", desc)];
    function point(k, level) {
      var angle = -Math.PI / 2 + 2 * Math.PI * k / count;
      var distance = radius * level / o.top;
      return [cx + distance * Math.cos(angle), cy + distance * Math.sin(angle)];
    }
    function pathOf(corners) {
      return "M" + corners.map(function (p) {
        return svgNumber(p[0]) + " " + svgNumber(p[1]);
      }).join("L") + "Z";
    }
    var k, p;
    for (var ring = 1; ring <= o.top; ring++) {
      var corners = [];
      for (k = 0; k < count; k++) { corners.push(point(k, ring)); }
      out.push('<path d="' + pathOf(corners) + '" fill="none" stroke="currentColor" ' +
        'stroke-opacity="0.3"/>');
      p = point(0, ring);
      out.push('<text x="' + svgNumber(p[0] + 4) + '" y="' + svgNumber(p[1] + 4) +
        '" font-size="10" fill="currentColor">' + ring + "</text>");
    }
    axes.forEach(function (axis, k) {
      var end = point(k, o.top);
      out.push('<line x1="' + svgNumber(cx) + '" y1="' + svgNumber(cy) + '" x2="' +
        svgNumber(end[0]) + '" y2="' + svgNumber(end[1]) + '" stroke="currentColor" ' +
        'stroke-opacity="0.3"/>');
      var at = point(k, o.top * 1.12);
      var cos = (at[0] - cx) / (radius * 1.12);
      var anchor = cos > 0.3 ? "start" : (cos < -0.3 ? "end" : "middle");
      out.push('<text x="' + svgNumber(at[0]) + '" y="' + svgNumber(at[1] + 4) +
        '" font-size="11" text-anchor="' + anchor + '" fill="currentColor">' + esc(axis.short) +
        "</text>");
    });
    o.rounds.forEach(function (round, r) {
      var style = seriesStyle(r);
      var corners = axes.map(function (axis, k) {
        var level = axisLevel(o, r, axis);
        return point(k, level === null ? 0.0 : toNumber(level));
      });
      var dash = style[1] ? ' stroke-dasharray="' + style[1] + '"' : "";
      out.push('<path d="' + pathOf(corners) + '" fill="' + style[0] + '" fill-opacity="0.08" ' +
        'stroke="' + style[0] + '" stroke-width="2.5"' + dash + "/>");
      corners.forEach(function (c) { out.push(marker(style[2], c[0], c[1], style[0])); });
    });
    out.push(goalRadar(o, axes.map(function (a, k) { return [k, a.section]; }), point));
    out.push(legend(o.rounds.map(function (round, r) { return [r, round.heading]; }), 330));
    out.push("</svg>");
    return out.join("");
  }

  // aggregate.py's bars_svg: for checklists with too few sections for a radar.
  function barsSvg(o) {
    var sections = o.checklist.sections, rounds = o.rounds;
    var width = 360, left = 20.0, right = 300.0, barH = 14, gap = 4;
    var groupH = 20 + rounds.length * (barH + gap) + 8;
    var chartH = 10 + groupH * sections.length;
    var height = chartH + 30 + rounds.length * 18;
    function xOf(level) { return left + (right - left) * level / o.top; }
    var parts = sections.map(function (section, n) {
      return (n + 1) + " " + section.title + ": " + rounds.map(function (round, r) {
        return round.heading + ": " + number(o.sections[r][section.id]);
      }).join(", ");
    });
    var desc = "Søjlediagram over afsnittenes niveau for alle enheder, fra 0 til venstre til " +
      o.top + " til højre, en søjle pr. runde. " + parts.join(". ") + ". Tallene står også " +
      "i tabellen under diagrammet.";
    var out = [svgOpen("ho-soejler", width, height, "Niveau pr. runde: afsnittenes niveau",
      desc)];
    for (var level = 0; level <= o.top; level++) {
      var x = xOf(level);
      out.push('<line x1="' + svgNumber(x) + '" y1="10" x2="' + svgNumber(x) + '" y2="' +
        svgNumber(chartH) + '" stroke="currentColor" stroke-opacity="0.3"/>' +
        '<text x="' + svgNumber(x) + '" y="' + svgNumber(chartH + 14) + '" font-size="10" ' +
        'text-anchor="middle" fill="currentColor">' + level + "</text>");
    }
    sections.forEach(function (section, n) {
      var topY = 10 + groupH * n, title = (n + 1) + " " + section.title;
      var shown = title.length <= 52 ? title : title.slice(0, 51) + "…";
      out.push('<text x="' + svgNumber(left) + '" y="' + svgNumber(topY + 14) + '" ' +
        'font-size="11" font-weight="600" fill="currentColor">' + esc(shown) + "</text>");
      rounds.forEach(function (round, r) {
        var style = seriesStyle(r), y = topY + 20 + r * (barH + gap);
        var value = o.sections[r][section.id];
        if (value === null) {
          out.push('<text x="' + svgNumber(left + 4) + '" y="' + svgNumber(y + 11) + '" ' +
            'font-size="10" fill="currentColor">' + esc(UNANSWERED_LABEL) + "</text>");
          return;
        }
        var end = xOf(toNumber(value));
        out.push('<rect x="' + svgNumber(left) + '" y="' + svgNumber(y) + '" width="' +
          svgNumber(end - left) + '" height="' + barH + '" fill="' + style[0] + '"/>');
        out.push(marker(style[2], end + 7, y + barH / 2, style[0]));
        out.push('<text x="' + svgNumber(end + 15) + '" y="' + svgNumber(y + 11) + '" ' +
          'font-size="10" fill="currentColor">' + number(value) + "</text>");
      });
    });
    out.push(goalBars(o, xOf, function (n) {
      return [10 + groupH * n + 18, 10 + groupH * (n + 1) - 6];
    }));
    out.push(legend(rounds.map(function (round, r) { return [r, round.heading]; }),
      chartH + 34, true));
    out.push("</svg>");
    return out.join("");
  }

  function trendSvg(o) {
    var sections = o.checklist.sections, rounds = o.rounds;
    var width = 360, left = 40.0, right = 340.0, topY = 20.0, bottomY = 200.0;
    var height = 250 + sections.length * 18;
    function xOf(r) {
      if (rounds.length === 1) { return (left + right) / 2; }
      return left + (right - left) * r / (rounds.length - 1);
    }
    function yOf(level) { return bottomY - (bottomY - topY) * level / o.top; }
    var parts = sections.map(function (section, s) {
      return (s + 1) + " " + section.title + ": " + rounds.map(function (round, r) {
        return round.title + ": " + number(o.sections[r][section.id]);
      }).join(", ");
    });
    var desc = "Linjediagram over hvert afsnits niveau for alle enheder, runde for runde, fra " +
      "0 nederst til " + o.top + " øverst. " + parts.join(". ") + ". Tallene står også i " +
      "tabellen under diagrammet.";
    var out = [svgOpen("ho-trend", width, height, "Udvikling pr. afsnit", desc)];
    for (var level = 0; level <= o.top; level++) {
      var y = yOf(level);
      out.push('<line x1="' + svgNumber(left) + '" y1="' + svgNumber(y) + '" x2="' +
        svgNumber(right) + '" y2="' + svgNumber(y) + '" stroke="currentColor" ' +
        'stroke-opacity="0.3"/>');
      out.push('<text x="' + svgNumber(left - 8) + '" y="' + svgNumber(y + 4) + '" ' +
        'font-size="10" text-anchor="end" fill="currentColor">' + level + "</text>");
    }
    rounds.forEach(function (round, r) {
      out.push('<text x="' + svgNumber(xOf(r)) + '" y="' + svgNumber(bottomY + 18) + '" ' +
        'font-size="11" text-anchor="middle" fill="currentColor">' + esc(round.title) +
        "</text>");
    });
    sections.forEach(function (section, s) {
      var style = seriesStyle(s), points = [];
      rounds.forEach(function (round, r) {
        var value = o.sections[r][section.id];
        if (value !== null) { points.push([xOf(r), yOf(toNumber(value))]); }
      });
      if (points.length > 1) {
        var dash = style[1] ? ' stroke-dasharray="' + style[1] + '"' : "";
        out.push('<path d="M' + points.map(function (p) {
          return svgNumber(p[0]) + " " + svgNumber(p[1]);
        }).join("L") + '" fill="none" stroke="' + style[0] + '" stroke-width="2.5"' + dash +
          "/>");
      }
      points.forEach(function (p) { out.push(marker(style[2], p[0], p[1], style[0])); });
    });
    out.push(goalTrend(o, left, right, yOf));
    out.push(legend(sections.map(function (s, n) { return [n, (n + 1) + " " + s.title]; }),
      250));
    out.push("</svg>");
    return out.join("");
  }

  function heatColour(o, value) {
    var steps = HEAT_COLOURS.length - 1;
    return Math.min(steps, Math.max(0, nearest(value, steps, o.top)));
  }

  function heatmapSvg(o, units, ident) {
    var last = o.rounds.length - 1, rows = numbered(o);
    var columns = (units === undefined ? o.units : units).concat([ALL_UNITS]);
    var cellW = 46, cellH = 22, left = 50, head = 130;
    var width = left + cellW * columns.length + 90, height = head + cellH * rows.length + 10;
    var desc = "Varmekort over punkternes niveau i runden " + o.rounds[last].heading + ": en " +
      "række pr. punkt, en kolonne pr. enhed og en for alle enheder. Jo mørkere felt, jo " +
      "højere niveau (0 til " + o.top + "); tallet står i feltet, og et tomt felt med streg " +
      "betyder ingen svar. Tallene og punkternes tekst står i tabellen under diagrammet.";
    var out = [svgOpen(ident || "ho-varme", width, height, "Punkter og enheder i seneste runde",
      desc)];
    columns.forEach(function (column, c) {
      var x = left + cellW * c + cellW / 2;
      var shown = column.length <= 22 ? column : column.slice(0, 21) + "…";
      out.push('<text transform="translate(' + svgNumber(x + 4) + " " + svgNumber(head - 6) +
        ') rotate(-45)" font-size="11" fill="currentColor">' + esc(shown) + "</text>");
    });
    rows.forEach(function (row, n) {
      var y = head + cellH * n;
      out.push('<text x="' + svgNumber(left - 8) + '" y="' + svgNumber(y + 15) + '" ' +
        'font-size="11" text-anchor="end" fill="currentColor">' + esc(row.number) + "</text>");
      columns.forEach(function (column, c) {
        var value = column === ALL_UNITS ? o.items[last][row.item.id] :
          get(o.unitItems[last], column, row.item.id);
        var x = left + cellW * c;
        if (value === null) {
          out.push('<rect x="' + svgNumber(x) + '" y="' + svgNumber(y) + '" width="' + cellW +
            '" height="' + cellH + '" fill="none" stroke="currentColor" stroke-opacity="0.4"/>' +
            '<text x="' + svgNumber(x + cellW / 2) + '" y="' + svgNumber(y + 15) + '" ' +
            'font-size="11" text-anchor="middle" fill="currentColor">–</text>');
          return;
        }
        var shade = heatColour(o, value);
        out.push('<rect x="' + svgNumber(x) + '" y="' + svgNumber(y) + '" width="' + cellW +
          '" height="' + cellH + '" fill="' + HEAT_COLOURS[shade] + '" stroke="#ffffff"/>' +
          '<text x="' + svgNumber(x + cellW / 2) + '" y="' + svgNumber(y + 15) + '" ' +
          'font-size="11" text-anchor="middle" fill="' + HEAT_TEXT[shade] + '">' +
          number(value) + "</text>");
      });
    });
    out.push("</svg>");
    return out.join("");
  }

  // aggregate.py's unit_trend_svg: one small multiple, the same axes for every unit.
  function unitTrendSvg(o, n, unit) {
    var sections = o.checklist.sections, rounds = o.rounds;
    var width = 360, left = 40.0, right = 330.0, topY = 34.0, bottomY = 154.0;
    // More than three rounds do not fit side by side: every other label one line lower.
    var stagger = rounds.length > 3 ? 13 : 0;
    var legendY = bottomY + 42 + stagger, height = Math.floor(legendY + sections.length * 18);
    function xOf(r) {
      if (rounds.length === 1) { return (left + right) / 2; }
      return left + (right - left) * r / (rounds.length - 1);
    }
    function yOf(level) { return bottomY - (bottomY - topY) * level / o.top; }
    var levels = sections.map(function (section) {
      return rounds.map(function (round, r) { return get(o.unitSections[r], unit, section.id); });
    });
    var descParts = sections.map(function (section, s) {
      return (s + 1) + " " + section.title + ": " + rounds.map(function (round, r) {
        return round.title + ": " + number(levels[s][r]);
      }).join(", ");
    });
    var desc = "Linjediagram over niveauet i " + unit + " for hvert afsnit, runde for runde, " +
      "fra 0 nederst til " + o.top + " øverst. " + descParts.join(". ") + ". Tallene og " +
      "ændringerne står i tabellen under diagrammerne.";
    var out = [svgOpen("ho-enhed-" + n, width, height, "Udvikling i " + unit, desc)];
    out.push('<text x="' + svgNumber(10) + '" y="' + svgNumber(16) + '" font-size="13" ' +
      'font-weight="600" fill="currentColor">' + esc(unit) + "</text>");
    for (var level = 0; level <= o.top; level++) {
      var y = yOf(level);
      out.push('<line x1="' + svgNumber(left) + '" y1="' + svgNumber(y) + '" x2="' +
        svgNumber(right) + '" y2="' + svgNumber(y) + '" stroke="currentColor" ' +
        'stroke-opacity="0.3"/><text x="' + svgNumber(left - 8) + '" y="' + svgNumber(y + 4) +
        '" font-size="11" text-anchor="end" fill="currentColor">' + level + "</text>");
    }
    rounds.forEach(function (round, r) {
      var anchor = r === 0 && rounds.length > 1 ? "start" : "middle";
      anchor = r === rounds.length - 1 && rounds.length > 1 ? "end" : anchor;
      out.push('<text x="' + svgNumber(xOf(r)) + '" y="' +
        svgNumber(bottomY + 18 + stagger * (r % 2)) + '" font-size="11" text-anchor="' + anchor +
        '" fill="currentColor">' + esc(round.title) + "</text>");
    });
    levels.forEach(function (row, s) {
      var style = seriesStyle(s), points = [];
      row.forEach(function (v, r) { if (v !== null) { points.push([xOf(r), yOf(toNumber(v))]); } });
      if (points.length > 1) {
        var dash = style[1] ? ' stroke-dasharray="' + style[1] + '"' : "";
        out.push('<path d="M' + points.map(function (p) {
          return svgNumber(p[0]) + " " + svgNumber(p[1]);
        }).join("L") + '" fill="none" stroke="' + style[0] + '" stroke-width="2.5"' + dash +
          "/>");
      }
      points.forEach(function (p) { out.push(marker(style[2], p[0], p[1], style[0])); });
    });
    out.push(legend(sections.map(function (s, i) { return [i, (i + 1) + " " + s.title]; }),
      legendY));
    out.push("</svg>");
    return out.join("");
  }

  // aggregate.py's unit_trend_part: small multiples and each unit's change per section.
  function unitTrendPart(o) {
    var rounds = o.rounds, r = range(rounds.length);
    var charts = o.units.map(function (u, n) {
      return '<div class="ho-multiple">' + unitTrendSvg(o, n + 1, u) + "</div>";
    }).join("");
    var head = ["Enhed og afsnit", "Seneste runde: " + rounds[rounds.length - 1].title,
      UNIT_TREND.since_previous, SINCE_FIRST];
    var rows = [];
    o.units.forEach(function (unit) {
      o.checklist.sections.forEach(function (section, n) {
        var values = r.map(function (i) { return get(o.unitSections[i], unit, section.id); });
        rows.push([unit + ": " + (n + 1) + " " + section.title, number(values[values.length - 1]),
          signed(change(values)), signed(sinceFirst(values))]);
      });
    });
    return { heading: UNIT_TREND.heading, chart: '<div class="ho-multiples">' + charts + "</div>",
      chartCaption: UNIT_TREND.caption, caption: UNIT_TREND.table, head: head, rows: rows,
      klass: "ho-enhedsudvikling" };
  }

  // aggregate.py's unit_groups: more units than a heat map or table can show, in groups.
  function unitGroups(o, part, tail, chart) {
    var units = o.units, out = [], width = part.head.length;
    if (units.length <= MAX_UNIT_COLUMNS) { return [part]; }
    for (var start = 0; start < units.length; start += MAX_UNIT_COLUMNS) {
      var group = units.slice(start, start + MAX_UNIT_COLUMNS);
      var n = start / MAX_UNIT_COLUMNS + 1;
      var keep = [0].concat(range(group.length).map(function (i) { return 1 + start + i; }),
        range(tail).map(function (i) { return width - tail + i; }));
      var groupText = fill(UNIT_GROUP, {
        first: start + 1, last: start + group.length, count: units.length
      });
      out.push({ heading: part.heading + " (" + groupText + ")",
        chart: chart ? chart(group, n === 1 ? "ho-varme" : "ho-varme-" + n) : "",
        chartCaption: part.chartCaption, caption: part.caption + " (" + groupText + ")",
        head: keep.map(function (i) { return part.head[i]; }),
        rows: part.rows.map(function (row) { return keep.map(function (i) { return row[i]; }); }),
        klass: part.klass, wide: part.wide });
    }
    return out;
  }

  // -- Tables and the whole overview ----------------------------------------------------------

  function unitsText(pairs) {
    return pairs.length ? pairs.map(function (p) {
      return p[0] + " (" + number(p[1]) + ")";
    }).join(", ") : "–";
  }

  // '1 runde', '3 runder' (aggregate.py's counted, with its PLURALS).
  function counted(count, word) { return count + " " + (count === 1 ? word : PLURALS[word]); }

  function lead(o) {
    var ranked = o.checklist.scale.filter(function (s) { return s.rank !== null; })
      .sort(function (a, b) { return a.rank - b.rank; });
    var doneStep = ranked.filter(function (s) { return s.rank === o.threshold; })[0];
    var roundsText = o.rounds[0].key === ROUNDS.no_round_key ? LEAD.no_rounds : LEAD.rounds;
    if (o.apart.length) {
      roundsText += LEAD.apart.replace("{count}", counted(o.apart.length, "fil"))
        .replace("{files}", o.apart.map(function (e) { return e.name; }).join(", "));
    }
    return counted(o.files, "svarfil") + " fra " + counted(o.units.length, "enhed") + " i " +
      counted(o.rounds.length, "runde") + "; " + roundsText + ". Niveauet er gennemsnittet " +
      "af svarenes placering på " +
      "skalaen fra 0 (" + ranked[0].label + ") til " + o.top + " (" +
      ranked[ranked.length - 1].label + "); på plads fra " + o.threshold + " (" +
      doneStep.label + "). Alle enheder tæller lige meget." + kindText(o);
  }

  function range(n) { var out = []; for (var i = 0; i < n; i++) { out.push(i); } return out; }

  function parts(o) {
    var checklist = o.checklist, rounds = o.rounds, last = rounds.length - 1;
    var out = [{ heading: "Hvem er talt med", chart: "", chartCaption: "",
      caption: "Svarfilerne: enhed, runde, dato, hvem der har udfyldt, og om filen er talt med",
      head: participationHead(o), rows: o.participants, klass: "ho-deltagere" }];
    var r = range(rounds.length);
    var firstToo = rounds.length >= 3, extra = firstToo ? [SINCE_FIRST] : [];
    var head = ["Afsnit"].concat(rounds.map(function (x) { return x.heading; }),
      ["Ændring siden forrige runde"], extra, ["Længst fra på plads (seneste runde)"]);
    var rows = checklist.sections.map(function (section, n) {
      var values = r.map(function (i) { return o.sections[i][section.id]; });
      var levels = {};
      Object.keys(o.unitSections[last]).forEach(function (u) {
        levels[u] = o.unitSections[last][u][section.id];
      });
      return [(n + 1) + " " + section.title].concat(values.map(function (v, i) {
        return levelText(v, o.sectionAnswers[i][ALL_UNITS][section.id]);
      }), [signed(change(values))], firstToo ? [signed(sinceFirst(values))] : [],
      [unitsText(lowest(o, levels).map(function (u) { return [u, levels[u]]; }))]);
    });
    var radar = checklist.sections.length >= RADAR_MIN_SECTIONS;
    out.push({ heading: "Niveau pr. runde", chart: radar ? radarSvg(o) : barsSvg(o),
      chartCaption: radar ?
        "Radardiagram: en figur pr. runde; jo længere ude, jo højere niveau." :
        "Søjlediagram: en søjle pr. runde; jo længere til højre, jo højere niveau.",
      caption: "Afsnittenes niveau for alle enheder", head: head, rows: rows, klass: "ho-afsnit" });

    head = ["Enhed og afsnit"].concat(rounds.map(function (x) { return x.title; }),
      ["Ændring siden forrige runde"], extra);
    rows = [];
    o.units.forEach(function (unit) {
      checklist.sections.forEach(function (section, n) {
        var values = r.map(function (i) { return get(o.unitSections[i], unit, section.id); });
        rows.push([unit + ": " + (n + 1) + " " + section.title].concat(
          values.map(function (v, i) {
            var behind = o.sectionAnswers[i][unit];
            return levelText(v, behind ? behind[section.id] : null);
          }), [signed(change(values))], firstToo ? [signed(sinceFirst(values))] : []));
      });
    });
    out.push({ heading: "Udvikling pr. afsnit", chart: trendSvg(o),
      chartCaption: "Linjediagram: hvert afsnits niveau for alle enheder, runde for runde.",
      caption: "Afsnittenes niveau pr. enhed", head: head, rows: rows, klass: "ho-enheder" });
    out.push(unitTrendPart(o));

    head = ["Punkt"].concat(o.units, [ALL_UNITS, "Længst fra på plads"]);
    rows = numbered(o).map(function (e) {
      var values = {};
      Object.keys(o.unitItems[last]).forEach(function (u) {
        values[u] = o.unitItems[last][u][e.item.id];
      });
      return [e.number + " " + e.item.text].concat(
        o.units.map(function (u) { return number(values.hasOwnProperty(u) ? values[u] : null); }),
        [number(o.items[last][e.item.id]), unitsText(lowest(o, values).map(function (u) {
          return [u, values[u]];
        }))]);
    });
    out.push({ heading: "Punkter og enheder: " + rounds[last].heading, chart: heatmapSvg(o),
      chartCaption: "Varmekort: en række pr. punkt (numrene står i tabellen), en kolonne pr. " +
        "enhed.",
      caption: "Punkternes niveau pr. enhed i seneste runde", head: head, rows: rows,
      klass: "ho-varme", wide: true });
    out.splice.apply(out, [out.length - 1, 1].concat(unitGroups(o, out[out.length - 1], 2,
      function (group, ident) { return heatmapSvg(o, group, ident); })));

    var scale = checklist.scale;
    head = ["Punkt"].concat(rounds.map(function (x) { return x.title; }),
      ["Ændring siden forrige runde", "Svarene i seneste runde (antal filer)"]);
    rows = numbered(o).map(function (e) {
      var values = r.map(function (i) { return o.items[i][e.item.id]; });
      var tally = o.distribution[last][e.item.id];
      var spread = scale.map(function (s) { return s.label + ": " + tally.values[s.value]; })
        .concat([UNANSWERED_LABEL + ": " + tally.none]).join(" · ");
      return [e.number + " " + e.item.text].concat(values.map(function (v) { return number(v); }),
        [signed(change(values)), spread]);
    });
    out.push({ heading: "Punkt for punkt", chart: "", chartCaption: "",
      caption: "Punkternes niveau for alle enheder, runde for runde", head: head, rows: rows,
      klass: "ho-punkter" });

    rows = numbered(o).map(function (e) {
      return [e.number + " " + e.item.text].concat(o.units.map(function (u) {
        return signed(change(r.map(function (i) { return get(o.unitItems[i], u, e.item.id); })));
      }));
    });
    out.push({ heading: "Ændring pr. enhed og punkt", chart: "", chartCaption: "",
      caption: "Ændring i hver enheds niveau siden forrige runde", head: ["Punkt"].concat(o.units),
      rows: rows, klass: "ho-aendring" });
    out.splice.apply(out, [out.length - 1, 1].concat(unitGroups(o, out[out.length - 1], 0)));

    // The notes, for the conversation with each unit (aggregate.py's part 6).
    var noteRows = notesOf(o).map(function (n) { return [n[0], n[1], n[2].title, n[4]]; });
    if (noteRows.length) {
      out.push({ heading: "Noter fra enhederne", chart: "", chartCaption: "",
        caption: "Noterne i svarfilerne, punkt for punkt", head: ["Punkt", "Enhed", "Runde", "Note"],
        rows: noteRows, klass: "ho-noter" });
    }
    return withGoals(o, out);
  }

  // [item, unit, round, file, note] for every note, as aggregate.py's notes_of.
  function notesOf(o) {
    var out = [];
    numbered(o).forEach(function (e) {
      o.units.forEach(function (unit) {
        o.rounds.forEach(function (round) {
          round.entries.slice().sort(function (a, b) {
            return a.name < b.name ? -1 : (a.name > b.name ? 1 : 0);
          }).forEach(function (entry) {
            var note = (entry.itemNotes[e.item.id] || "").trim();
            if (entry.unit === unit && note) {
              out.push([e.number + " " + e.item.text, unit, round, entry.name, note]);
            }
          });
        });
      });
    });
    return out;
  }

  function toNotesCsv(o) {
    var lines = [NOTES_CSV_HEAD].concat(notesOf(o).map(function (n) {
      return [n[2].key, n[2].title, n[1], n[0], n[3], n[4]];
    }));
    return lines.map(function (row) { return row.map(csvField).join(";"); }).join("\r\n") +
      "\r\n";
  }

  function tableHtml(part) {
    var out = ['<table class="ho-table ' + part.klass + '"><caption>' + esc(part.caption) +
      "</caption>"];
    out.push("<thead><tr>" + part.head.map(function (h) {
      return '<th scope="col">' + esc(h) + "</th>";
    }).join("") + "</tr></thead><tbody>");
    part.rows.forEach(function (row) {
      out.push('<tr><th scope="row">' + esc(row[0]) + "</th>" + row.slice(1).map(function (c) {
        return "<td>" + esc(c) + "</td>";
      }).join("") + "</tr>");
    });
    out.push("</tbody></table>");
    return out.join("");
  }

  function fragment(o) {
    var out = ['<div class="ho-overblik">', "<h2>Overblik: " + esc(o.checklist.title) + "</h2>",
      '<p class="ho-lead">' + esc(lead(o)) + "</p>"];
    parts(o).forEach(function (part) {
      out.push("<h3>" + esc(part.heading) + "</h3>");
      if (part.chart) {
        var figure = '<figure class="ho-figure">' + part.chart + "<figcaption>" +
          esc(part.chartCaption) + "</figcaption></figure>";
        if (part.wide) {
          figure = '<div class="ho-scroll" tabindex="0" role="region" aria-label="' +
            esc(part.chartCaption) + '">' + figure + "</div>";
        }
        out.push(figure);
      }
      out.push('<div class="ho-scroll" tabindex="0" role="region" aria-label="' +
        esc(part.caption) + '">' + tableHtml(part) + "</div>");
    });
    out.push("</div>");
    return out.join("");
  }

  function csvField(text) {
    return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  // Who took part, as aggregate.py's to_participation_csv: the participation table's rows,
  // the date in ISO form (15.1.2026 → 2026-01-15) and a cell without a value left empty.
  function isoDate(shown) {
    var p = shown.split(".");
    if (p.length !== 3) { return shown; }
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return p[2] + "-" + two(parseInt(p[1], 10)) + "-" + two(parseInt(p[0], 10));
  }
  function toParticipationCsv(o) {
    var head = participationHead(o), at = head.indexOf("Dato");
    var lines = [head].concat(o.participants.map(function (row) {
      return row.map(function (c, n) { return n === at ? isoDate(c) : c; });
    }));
    return lines.map(function (row) {
      return row.map(function (c) { return csvField(c === "–" ? "" : c); }).join(";");
    }).join("\r\n") + "\r\n";
  }

  function toCsv(o) {
    var lines = [];
    o.rounds.forEach(function (round, r) {
      var counts = {}, span = [round.key, round.title, round.first, round.last];
      o.units.forEach(function (u) {
        counts[u] = round.entries.filter(function (e) { return e.unit === u; }).length;
      });
      var present = o.units.filter(function (u) { return o.unitSections[r].hasOwnProperty(u); });
      o.checklist.sections.forEach(function (section, n) {
        var name = (n + 1) + " " + section.title;
        lines.push(span.concat([ALL_UNITS, name, "",
          number(o.sections[r][section.id], 2), String(round.entries.length)]));
        present.forEach(function (u) {
          lines.push(span.concat([u, name, "",
            number(o.unitSections[r][u][section.id], 2), String(counts[u])]));
        });
        section.items.forEach(function (item, i) {
          var text = (n + 1) + "." + (i + 1) + " " + item.text;
          lines.push(span.concat([ALL_UNITS, name, text,
            number(o.items[r][item.id], 2), String(round.entries.length)]));
          present.forEach(function (u) {
            lines.push(span.concat([u, name, text,
              number(o.unitItems[r][u][item.id], 2), String(counts[u])]));
          });
        });
      });
    });
    lines = [hasGoals(o) ? CSV_HEAD.concat([GOAL.head]) : CSV_HEAD]
      .concat(withGoalColumn(o, lines));
    return lines.map(function (row) {
      return row.map(function (c) { return csvField(c === "–" ? "" : c); }).join(";");
    }).join("\r\n") + "\r\n";
  }

  // -- The page -------------------------------------------------------------------------------

  function Page(root) {
    this.root = root;
    this.data = S.readContract(root.getAttribute("data-contract"));
    useContract(this.data);
    this.guard = S.guard(this.data).start;
    this.drop = root.querySelector(".ho-drop");
    this.input = root.querySelector("#ho-filer");
    this.status = root.querySelector(".ho-status");
    this.actions = root.querySelector(".ho-actions");
    this.result = root.querySelector(".ho-result");
    this.overview = null;
    this.named = [];
    // The units file (units.py) and the kind counted: null, or what was read
    this.unitsInput = root.querySelector("#ho-enheder");
    this.kindSelect = root.querySelector("#ho-type");
    this.units = null;
    this.unitsProblems = null;
    this.unitsName = "";
  }

  // Without an overview: the status says why (a broken units file, a kind without one).
  Page.prototype.refuse = function (lead, problems) {
    this.status.textContent = "";
    var p = document.createElement("p");
    p.textContent = lead;
    this.status.appendChild(p);
    if (problems.length) {
      var ul = document.createElement("ul");
      problems.forEach(function (problem) {
        var li = document.createElement("li");
        li.className = "ho-fejl";
        li.textContent = problem.line ?
          unitsMessage("page_line", { line: problem.line, message: problem.message }) :
          problem.message;
        ul.appendChild(li);
      });
      this.status.appendChild(ul);
    }
    this.result.innerHTML = "";
    this.actions.hidden = true;
    this.overview = null;
  };

  Page.prototype.readUnits = function (file) {
    var self = this, reader = new FileReader();
    reader.onload = function () {
      self.unitsName = file.name;
      try {
        self.units = readUnits(file.name, reader.result);
        self.unitsProblems = null;
      } catch (e) {
        if (!Array.isArray(e)) { throw e; }
        self.units = null;
        self.unitsProblems = e;
        // so that the same file, once fixed, can be chosen again (a browser reports no change
        // when the chosen file keeps its name)
        self.unitsInput.value = "";
      }
      self.update();
    };
    reader.readAsText(file);
  };

  // The overview again with the files already chosen, after the units file or the kind changed.
  Page.prototype.update = function () {
    if (this.unitsProblems) {
      this.refuse(unitsMessage("page_problems", { file: this.unitsName }), this.unitsProblems);
      return;
    }
    if (this.kindSelect && this.kindSelect.value && !this.units) {
      this.refuse(unitsMessage("page_kind_without_file"), []);
      return;
    }
    if (this.named.length) { this.show(this.named); }
  };

  Page.prototype.read = function (files) {
    var self = this, list = Array.prototype.slice.call(files), texts = new Array(list.length);
    var left = list.length;
    if (!left) { return; }
    list.forEach(function (file, index) {
      // Not read at all when it is larger than any answers file (the command line's limit).
      var tooLarge = S.sizeProblem(self.data, file.size);
      if (tooLarge) {
        texts[index] = new Problem(file.name, tooLarge);
        if (--left === 0) { done(); }
        return;
      }
      var reader = new FileReader();
      reader.onload = function () { texts[index] = reader.result; if (--left === 0) { done(); } };
      reader.onerror = function () { texts[index] = null; if (--left === 0) { done(); } };
      reader.readAsText(file);
    });
    // Files chosen later are added to those chosen before ("Ryd overblikket" starts over); a
    // file chosen twice is counted once and named (the duplicate rule of read_files).
    function done() {
      self.named = self.named.concat(list.map(function (f, i) { return [f.name, texts[i]]; }));
      self.update();
    }
  };

  Page.prototype.show = function (named) {
    var kind = this.kindSelect && this.kindSelect.value ? this.kindSelect.value : null;
    var read = readAll(named, this.data, this.guard, this.units, kind), entries = read.entries;
    var refused = read.refused, chosen = read.chosen;
    if (this.units && entries.length) {
      var wrong = goalProblems(this.units, this.data.checklists[chosen],
        Object.keys(this.data.checklists));
      if (wrong.length) {
        if (this.unitsInput) { this.unitsInput.value = ""; }  // as in readUnits
        this.refuse(unitsMessage("page_problems", { file: this.unitsName }), wrong);
        return;
      }
    }
    var lines = [];
    var overview = entries.length ?
      aggregate(this.data.checklists[chosen], entries, this.data, read) : null;
    refused.forEach(function (p) {
      lines.push(['ho-fejl', p.name + " er ikke talt med: " + p.message]);
    });
    (overview ? overview.roundNotes : []).forEach(function (n) { lines.push(["ho-fejl", n]); });
    read.warnings.forEach(function (n) { lines.push(["ho-fejl", n]); });
    entries.forEach(function (e) {
      e.notes.forEach(function (n) { lines.push(["", e.name + ": " + n]); });
    });
    this.status.textContent = "";
    var summary = document.createElement("p");
    summary.textContent = overview ? overview.files + " af " + named.length +
      " filer er talt med." : "Ingen af filerne kunne bruges, så der er intet overblik.";
    this.status.appendChild(summary);
    if (lines.length) {
      var ul = document.createElement("ul");
      lines.forEach(function (line) {
        var li = document.createElement("li");
        if (line[0]) { li.className = line[0]; }
        li.textContent = line[1];
        ul.appendChild(li);
      });
      this.status.appendChild(ul);
    }
    if (!entries.length) {
      this.result.innerHTML = "";
      this.actions.hidden = true;
      this.overview = null;
      return;
    }
    this.overview = overview;
    this.result.innerHTML = fragment(this.overview);
    this.addSaveButtons();
    this.actions.hidden = false;
  };

  // A file made in the page and handed to the browser's download: nothing is sent anywhere.
  function download(text, type, name) {
    var url = URL.createObjectURL(text instanceof Blob ? text : new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // -- A chart as a file (for slides and reports) --------------------------------------------

  // Each chart gets its own two buttons, after it (the page's only: the overview's markup, and
  // so the command line's file and the saved HTML file, stay without them).
  Page.prototype.addSaveButtons = function () {
    this.result.querySelectorAll("svg.ho-chart").forEach(function (svg, n) {
      var title = svg.querySelector("title").textContent, bar = document.createElement("div");
      bar.className = "ho-gem";
      [["svg", "Gem som SVG"], ["png", "Gem som PNG"]].forEach(function (kind) {
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("data-gem", kind[0]);
        button.setAttribute("data-chart", String(n));
        button.textContent = kind[1];
        button.setAttribute("aria-label", kind[1] + ": " + title);
        bar.appendChild(button);
      });
      svg.insertAdjacentElement("afterend", bar);
    });
  };

  // Words in lines of at most `most` characters (a saved chart cannot measure its text).
  function wrapped(text, most) {
    var lines = [""];
    text.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (lines[last] && (lines[last] + " " + word).length > most) { lines.push(word); } else {
        lines[last] = lines[last] ? lines[last] + " " + word : word;
      }
    });
    return lines;
  }

  // What a saved chart says it is made from: the files and rounds counted (at most six lines;
  // with many files the last names are counted, not listed).
  Page.prototype.sourceLines = function (most) {
    var o = this.overview, names = [];
    o.rounds.forEach(function (round) {
      round.entries.forEach(function (e) { names.push(e.name); });
    });
    names = sortedStrings(names);
    var lines = wrapped("Kilde: " + counted(o.files, "svarfil") + " fra " +
      counted(o.units.length, "enhed") + " i " + counted(o.rounds.length, "runde") + " (" +
      o.rounds.map(function (r) { return r.title; }).join(", ") + "), tjeklisten »" +
      o.checklist.title + "«.", most);
    for (var shown = names.length; shown >= 0; shown--) {
      var rest = names.length - shown;
      var files = wrapped("Filer: " + names.slice(0, shown).join(", ") +
        (rest ? (shown ? " og " : "") + counted(rest, "svarfil") + (shown ? " til" : "") : "") +
        ".", most);
      if (lines.length + files.length <= 6 || shown === 0) { return lines.concat(files); }
    }
    return lines;
  };

  // The chart as a standalone SVG file: white paper, its title above it, the chart with its
  // legend (the heat map gets a key to its shades) and the source below, all text as text.
  Page.prototype.chartFile = function (svg) {
    var width = Number(svg.getAttribute("width")), height = Number(svg.getAttribute("height"));
    var paper = Math.max(width, 360), title = svg.querySelector("title").textContent;
    var heat = svg.getAttribute("aria-labelledby").indexOf("ho-varme") === 0;
    var key = heat ? 30 : 0, lines = this.sourceLines(Math.floor(paper / 5.6));
    var total = 34 + height + key + 10 + lines.length * 14;
    var inner = svg.cloneNode(true);
    inner.removeAttribute("class");
    inner.setAttribute("x", "0");
    inner.setAttribute("y", "34");
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + paper + '" height="' + total +
      '" viewBox="0 0 ' + paper + " " + total + '" color="#1a1a1a" style="color:#1a1a1a" ' +
      'font-family="system-ui, Arial, sans-serif"><rect width="' + paper + '" height="' +
      total + '" fill="#ffffff"/><text x="10" y="22" font-size="15" font-weight="600" ' +
      'fill="#1a1a1a">' + esc(title) + "</text>",
      new XMLSerializer().serializeToString(inner)];
    var y = 34 + height;
    if (heat) {
      out.push('<text x="10" y="' + (y + 18) + '" font-size="11" fill="#1a1a1a">0</text>');
      HEAT_COLOURS.forEach(function (colour, i) {
        out.push('<rect x="' + (24 + i * 30) + '" y="' + (y + 6) + '" width="30" height="16" ' +
          'fill="' + colour + '" stroke="#1a1a1a" stroke-opacity="0.3"/>');
      });
      out.push('<text x="' + (30 + HEAT_COLOURS.length * 30) + '" y="' + (y + 18) + '" ' +
        'font-size="11" fill="#1a1a1a">' + this.overview.top + " (jo mørkere, jo højere " +
        "niveau)</text>");
      y += key;
    }
    lines.forEach(function (line, i) {
      out.push('<text x="10" y="' + (y + 18 + i * 14) + '" font-size="10" fill="#1a1a1a">' +
        esc(line) + "</text>");
    });
    out.push("</svg>");
    return { text: out.join(""), width: paper, height: total, title: title };
  };

  function fileSlug(data, text) {
    var letters = data.format.file_name.letters;
    return Array.from(text.toLowerCase()).map(function (c) {
      return letters.hasOwnProperty(c) ? letters[c] : c;
    }).join("").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  }

  Page.prototype.saveChart = function (index, kind) {
    var svg = this.result.querySelectorAll("svg.ho-chart")[index];
    if (!svg || !this.overview) { return; }
    var file = this.chartFile(svg), self = this;
    var name = "overblik-" + this.overview.checklist.id + "-" + fileSlug(this.data, file.title);
    if (kind === "svg") {
      download(file.text, "image/svg+xml;charset=utf-8", name + ".svg");
      return;
    }
    // PNG at twice the size, sharp on a projector; drawn from the same SVG file.
    var image = new Image(), url = URL.createObjectURL(new Blob([file.text],
      { type: "image/svg+xml;charset=utf-8" }));
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = file.width * 2;
      canvas.height = file.height * 2;
      var context = canvas.getContext("2d");
      context.scale(2, 2);
      context.drawImage(image, 0, 0, file.width, file.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (blob) { download(blob, "image/png", name + ".png"); }, "image/png");
    };
    image.onerror = function () {
      URL.revokeObjectURL(url);
      self.status.appendChild(document.createTextNode(" Diagrammet kunne ikke gemmes som " +
        "PNG i denne browser; gem det som SVG i stedet."));
    };
    image.src = url;
  };

  Page.prototype.saveCsv = function () {
    if (!this.overview) { return; }
    // The byte order mark is how Excel knows the file is UTF-8.
    download("\ufeff" + toCsv(this.overview), "text/csv;charset=utf-8",
      "overblik-" + this.overview.checklist.id + ".csv");
  };

  // The overview as one HTML file, as 'samlet --html' writes it: its own style sheet (the
  // rules of overblik.css, read from the page) and the notes shown above the overview.
  Page.prototype.saveHtml = function () {
    if (!this.overview) { return; }
    var css = "";
    // The page's link to overblik.css carries this id (handbog/checklists/overview_page.py).
    var link = document.getElementById("handbog-overblik-css");
    try {
      Array.prototype.forEach.call(link.sheet.cssRules, function (rule) { css += rule.cssText + "\n"; });
    } catch (e) { /* without its style sheet the file is plain, but complete */ }
    var notes = Array.prototype.map.call(this.status.querySelectorAll("li"), function (li) {
      return "<li>" + esc(li.textContent) + "</li>";
    }).join("");
    var title = "Overblik: " + this.overview.checklist.title;
    download("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      esc(title) + "</title>\n<style>" + PAGE_STYLE + css + "</style>\n</head>\n<body>\n" +
      "<main>\n" + fragment(this.overview) + "\n" +
      (notes ? "<h2>Bemærkninger</h2><ul>" + notes + "</ul>\n" : "") + "</main>\n</body>\n" +
      "</html>\n", "text/html;charset=utf-8", "overblik-" + this.overview.checklist.id + ".html");
  };

  Page.prototype.start = function () {
    var self = this;
    this.data.checklists = this.data.checklists || {};
    Object.keys(this.data.checklists).forEach(function (id) { self.data.checklists[id].id = id; });
    // The handbook turns the page on the left and right arrow keys (Sphinx's
    // navigation_with_keys, listening on the document); in a region that scrolls sideways those
    // keys must scroll it instead, so they stop here. The browser still scrolls the region.
    this.result.addEventListener("click", function (e) {
      var button = e.target.closest && e.target.closest("button[data-gem]");
      if (button) {
        self.saveChart(Number(button.getAttribute("data-chart")), button.getAttribute("data-gem"));
      }
    });
    this.result.addEventListener("keydown", function (e) {
      if ((e.key === "ArrowLeft" || e.key === "ArrowRight") && e.target.closest &&
          e.target.closest(".ho-scroll")) {
        e.stopPropagation();
      }
    });
    this.input.addEventListener("change", function () {
      self.read(self.input.files);
      self.input.value = "";
    });
    if (this.unitsInput) {
      this.unitsInput.addEventListener("change", function () {
        if (self.unitsInput.files.length) { self.readUnits(self.unitsInput.files[0]); }
      });
    }
    if (this.kindSelect) {
      this.kindSelect.addEventListener("change", function () { self.update(); });
    }
    ["dragenter", "dragover"].forEach(function (name) {
      self.drop.addEventListener(name, function (e) {
        e.preventDefault();
        self.drop.classList.add("ho-over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      self.drop.addEventListener(name, function () { self.drop.classList.remove("ho-over"); });
    });
    this.drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files) { self.read(e.dataTransfer.files); }
    });
    this.actions.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-action]");
      if (!button) { return; }
      var action = button.getAttribute("data-action");
      if (action === "print") { window.print(); }
      if (action === "csv") { self.saveCsv(); }
      if (action === "noter" && self.overview) {
        download("\ufeff" + toNotesCsv(self.overview), "text/csv;charset=utf-8",
          "noter-" + self.overview.checklist.id + ".csv");
      }
      if (action === "deltagelse" && self.overview) {
        download("\ufeff" + toParticipationCsv(self.overview), "text/csv;charset=utf-8",
          "deltagelse-" + self.overview.checklist.id + ".csv");
      }
      if (action === "html") { self.saveHtml(); }
      if (action === "reset") {
        self.result.innerHTML = "";
        self.status.textContent = "Overblikket er ryddet.";
        self.named = [];
        self.actions.hidden = true;
        self.overview = null;
      }
    });
    var nojs = this.root.querySelector(".ho-nojs");
    if (nojs) { nojs.hidden = true; }
    this.drop.hidden = false;
  };

  document.querySelectorAll(".ho-app").forEach(function (root) { new Page(root).start(); });
})();
