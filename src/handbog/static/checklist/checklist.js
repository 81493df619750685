/* The handbook's checklists in the browser (handbog/checklists/sphinxext.py writes the form).
 *
 * Answers stay in this browser: they are kept in localStorage on every change and restored
 * on load, and can be saved to and read from a file in the answers format that the command
 * line (`handbog tjekliste`) reads too. Nothing is ever sent anywhere: no fetch, no XHR, no
 * external file. Notes and context fields refuse anything that looks like a CPR number or
 * the beginning of one: while such text is in a field, the field is not stored, exported or
 * printed; its last safe value is kept (see handbog/data/privacy.py).
 *
 * The rules come from the checklist contract embedded in the form (its data-contract names
 * the element; handbog/checklists/contract.py): the scale and what counts as done, the file
 * format's versions and limits, the CPR patterns, the number rule and the messages about
 * answers files. svarfil.js applies them, for the overview page too.
 */
(function () {
  "use strict";

  var S = window.handbogSvarfil;
  var PREFIX = "handbog-tjekliste:";
  var HELD_REST = " Det, der sidst blev gemt, er bevaret, og det er det, der kommer med i en " +
    "fil og på en udskrift. Tjeklisternes svar må ikke indeholde personoplysninger om børn " +
    "eller familier: skriv om, hvordan I har arbejdet, ikke om hvem. Skriv årstal med fire " +
    "cifre (fx 01.01.2024) og telefonnumre med +45 foran.";
  var HELD_WHOLE = "Gemmes ikke, mens feltet indeholder noget, der ligner et CPR-nummer." +
    HELD_REST;
  var HELD_START = "Gemmes ikke, mens feltet indeholder noget, der ligner begyndelsen på et " +
    "CPR-nummer." + HELD_REST;

  function now() { return new Date().toISOString().replace(/\.\d{3}Z$/, "Z"); }
  function today() { return now().slice(0, 10); }
  var isObject = S.isObject;

  // Parts of a message that come from a file (names, IDs, values) are cut short, and a list
  // to a few entries (the contract's limits): a damaged file must not fill the screen.
  var contract = null;
  function clip(text) { return S.clip(contract, text); }

  function quoted(text) { return "»" + clip(text) + "«"; }

  function listed(names) {
    var most = contract.limits.message_list;
    var shown = names.slice(0, most).map(quoted).join(", ");
    return names.length > most ? shown + " og " + (names.length - most) + " andre" : shown;
  }

  function Checklist(form) {
    this.form = form;
    this.contract = contract = S.readContract(form.getAttribute("data-contract"));
    this.id = form.getAttribute("data-checklist");
    this.spec = contract.checklists[this.id];
    this.version = this.spec.version;
    this.title = this.spec.title;
    this.key = PREFIX + this.id + ":v" + this.version;
    var guard = S.guard(contract);
    this.cpr = guard.whole;
    this.cprStart = guard.start;
    this.contextNames = contract.format.context;
    this.steps = {};
    this.spec.scale.forEach(function (step) { this.steps[step.value] = step; }, this);
    var values = this.spec.scale.map(function (step) { return step.value; });
    this.items = {};
    this.order = [];
    var self = this;
    form.querySelectorAll("fieldset.hc-item").forEach(function (box) {
      var id = box.getAttribute("data-item");
      var radios = Array.prototype.slice.call(box.querySelectorAll("input[type=radio]"));
      self.items[id] = {
        box: box,
        radios: radios,
        values: values,
        note: box.querySelector("textarea[data-note]"),
        text: box.querySelector("legend").textContent.trim()
      };
      self.order.push(id);
    });
    this.context = {};
    this.contextNames.forEach(function (name) {
      self.context[name] = form.querySelector("[data-context='" + name + "']");
    });
    this.status = form.querySelector("[data-role=status]");
    this.progress = form.querySelector("[data-role=progress]");
    this.missing = form.querySelector("[data-role=missing]");
    this.file = form.querySelector("[data-role=import-file]");
    this.warning = form.querySelector("[data-role=storage]");
    this.warningBar = form.querySelector("[data-role=storage-bar]");
    this.undo = form.querySelector("[data-action=undo]");
    this.graded = this.spec.graded;
    this.sectionTable = form.querySelector("[data-role=sections]");
    this.missingCount = form.querySelector("[data-role=missing-count]");
    this.sections = Array.prototype.map.call(form.querySelectorAll("fieldset.hc-section"),
      function (box) {
        var legend = box.querySelector("legend");
        return {
          box: box,
          title: (legend.firstChild ? legend.firstChild.textContent : legend.textContent).trim(),
          items: Array.prototype.map.call(box.querySelectorAll("fieldset.hc-item"), function (item) {
            return item.getAttribute("data-item");
          })
        };
      });
    this.state = this.empty();
  }

  Checklist.prototype.empty = function () {
    var answers = {}, context = {};
    this.order.forEach(function (id) { answers[id] = { value: null, note: "" }; });
    this.contextNames.forEach(function (name) { context[name] = ""; });
    var stamp = now();
    return {
      format: this.contract.format.name,
      format_version: S.formatVersion(this.contract, context), checklist: this.id,
      checklist_version: this.version,
      context: context,
      answers: answers, created: stamp, updated: stamp
    };
  };

  Checklist.prototype.say = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("hc-status-error", !!isError);
  };

  // -- Storage ------------------------------------------------------------------------------

  Checklist.prototype.storage = function () {
    try { return window.localStorage; } catch (e) { return null; }
  };

  function storageProblem(e) {
    if (e && (e.name === "QuotaExceededError" || e.code === 22 || e.code === 1014)) {
      return "browserens lager til siden er fuldt";
    }
    return "browseren tillader ikke, at siden gemmer svar";
  }

  // While the browser cannot keep the answers, a warning stays above the form (the status
  // line below it changes with every action; this must not) with a button to save a file,
  // and a short reminder of it follows the reader down the form.
  Checklist.prototype.storageFailed = function (problem) {
    this.saveFailed = true;
    this.problem = problem;
    var text = this.warning.querySelector("[data-role=storage-text]");
    var message = "Svarene bliver ikke gemt i denne browser: " + problem + ". Det, du " +
      "svarer nu, er væk, når du lukker siden. Gem svarene i en fil, og hent filen igen " +
      "næste gang.";
    if (text.textContent !== message) { text.textContent = message; }
    this.warning.hidden = false;
    this.warningBar.hidden = false;
  };

  // Some browsers give a storage that refuses every write (private windows, a full quota):
  // the warning is there before the first answer, not after it.
  Checklist.prototype.probe = function () {
    var store = this.storage(), key = PREFIX + "prøve";
    try {
      if (!store) { throw new Error("no storage"); }
      store.setItem(key, "1");
      store.removeItem(key);
    } catch (e) {
      this.storageFailed(storageProblem(store ? e : null));
    }
  };

  Checklist.prototype.storageWorks = function () {
    this.saveFailed = false;
    this.warning.hidden = true;
    this.warningBar.hidden = true;
  };

  // Keep the state in the browser; true when it was stored.
  Checklist.prototype.save = function () {
    this.state.updated = now();
    var store = this.storage();
    try {
      if (!store) { throw new Error("no storage"); }
      store.setItem(this.key, this.serialise(false));
    } catch (e) {
      this.storageFailed(store ? storageProblem(e) : storageProblem(null));
      return false;
    }
    if (this.saveFailed) { this.storageWorks(); }
    return true;
  };

  // Other copies of this checklist in the browser (older versions, the backups made on reset
  // or of unreadable data) may hold text saved by an older form, which let the beginning of
  // a CPR-like number through: it is masked as 'handbog tjekliste rens' masks it (the mask
  // holds no quote, so stored JSON stays JSON).
  Checklist.prototype.scrub = function () {
    var store = this.storage(), prefix = PREFIX + this.id + ":", keys = [];
    if (!store) { return; }
    for (var i = 0; i < store.length; i++) { keys.push(store.key(i)); }
    keys.forEach(function (key) {
      if (!key || key.indexOf(prefix) !== 0 || key === this.key) { return; }
      var raw = store.getItem(key);
      if (raw === null || !this.cprStart.test(raw)) { return; }
      try { store.setItem(key, S.maskCpr(contract, raw)); } catch (e) { /* nothing better to do */ }
    }, this);
  };

  Checklist.prototype.keepBroken = function (store, key, raw) {
    var backup = key + ":beskadiget:" + now();
    try { store.setItem(backup, S.maskCpr(contract, raw)); store.removeItem(key); } catch (e) {
      backup = key;
    }
    return backup;
  };

  Checklist.prototype.restore = function () {
    var store = this.storage(), raw;
    try {
      if (!store) { throw new Error("no storage"); }
      raw = store.getItem(this.key);
    } catch (e) {
      this.storageFailed(storageProblem(null));
      return;
    }
    if (raw !== null) {
      try {
        var stored = this.normalise(JSON.parse(raw), false);
        this.state = stored.state;
        if (stored.cleared.length) {
          this.save();
          this.say(clearedText(stored.cleared), true);
        }
      } catch (e) {
        var backup = this.keepBroken(store, this.key, raw);
        this.say("De gemte svar kunne ikke læses (" + e.message + "). De er gemt uændret " +
          "under nøglen »" + backup + "« i browseren, og formularen starter forfra.", true);
      }
      return;
    }
    // Answers to an earlier version of this checklist: carry over the items that remain.
    var older = this.olderKey(store);
    if (older) {
      try {
        var result = this.normalise(JSON.parse(store.getItem(older)), false);
        this.state = result.state;
        this.save();
        this.say("Dine svar fra version " + result.version + " af tjeklisten er hentet; den " +
          "gamle udgave er også gemt. Tjek svarene." + keptText(result.kept) +
          (result.cleared.length ? " " + clearedText(result.cleared) : ""));
      } catch (e) { /* an unreadable old version stays where it is */ }
    }
  };

  Checklist.prototype.olderKey = function (store) {
    var best = null, bestVersion = 0, prefix = PREFIX + this.id + ":v";
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(prefix) === 0 && /^\d+$/.test(key.slice(prefix.length))) {
        var v = parseInt(key.slice(prefix.length), 10);
        if (v < this.version && v > bestVersion) { best = key; bestVersion = v; }
      }
    }
    return best;
  };

  // An answers object (from storage or a file) as this form's state; throws an Error with a
  // Danish message. Like the command line it never drops an answer: answers to items this
  // version lacks (or, from another version, off its scale) are kept, not shown or counted.
  // strict (a file): a value off the scale of the same version is an error.
  Checklist.prototype.normalise = function (data, strict) {
    try { S.check(this.contract, data); } catch (e) {
      throw e instanceof S.SvarfilError ? new Error(e.message) : e;
    }
    if (data.checklist !== this.id) {
      throw new Error(S.message(contract, "other_checklist", {
        answers: clip(data.checklist), checklist: this.id
      }) + " Åbn siden for den tjekliste, og hent filen dér");
    }
    if (typeof data.checklist_version !== "number") {
      throw new Error("feltet »checklist_version« mangler");
    }
    var sameVersion = data.checklist_version === this.version;
    if (strict && (data.checklist_version > this.version || data.checklist_version < 1)) {
      throw new Error(S.message(contract, "never_had", {
        version: clip(data.checklist_version), checklist: this.id, latest: this.version
      }));
    }
    var state = this.empty(), kept = [], cleared = [], masked = [], self = this;
    // Text like a CPR number (or its beginning): in a file it is masked as 'handbog tjekliste
    // rens' masks it (the file's other answers all come in, and the user can save a clean
    // copy); stored answers (perhaps saved by an older form that let the beginning of a
    // number through) lose that text. Returns the text to keep.
    function safe(text, label, name) {
      if (!self.cprStart.test(text)) { return text; }
      if (strict) {
        masked.push(name);
        return S.maskCpr(self.contract, text);
      }
      cleared.push(label);
      return "";
    }
    var context = isObject(data.context) ? data.context : {};
    this.contextNames.forEach(function (name) {
      var value = context[name];
      if (value === undefined || value === null) { return; }
      if (typeof value !== "string") { throw new Error(quoted(name) + " skal være en tekst"); }
      if (name === "runde" && value && !self.isRound(value)) {
        throw new Error("runden er " + quoted(value) + "; den skal være en af " +
          self.rounds().join(", "));
      }
      if (name === self.contract.format.period_field && value &&
          !new RegExp(self.contract.format.period_pattern).test(value)) {
        throw new Error("perioden er " + quoted(value) + "; den skal være et år, fx 2026, " +
          "eller et skoleår, fx 2026/27");
      }
      state.context[name] = safe(value, quoted(name), name);
    });
    if (!isObject(data.answers)) { throw new Error("feltet »answers« mangler"); }
    Object.keys(data.answers).forEach(function (id) {
      var answer = data.answers[id], item = self.items[id];
      if (!isObject(answer)) { throw new Error("svaret på " + quoted(id) + " er ikke udfyldt rigtigt"); }
      var value = answer.value === undefined ? null : answer.value;
      if (value !== null && typeof value !== "string") {
        throw new Error("svaret på " + quoted(id) + " skal være en tekst eller null");
      }
      var note = answer.note === undefined || answer.note === null ? "" : answer.note;
      if (typeof note !== "string") { throw new Error("noten til " + quoted(id) + " skal være en tekst"); }
      note = safe(note, "noten til " + quoted(id), id);
      if (!item && sameVersion && strict) {
        throw new Error(S.message(contract, "unknown_item", {
          item: clip(id), version: self.version, checklist: self.id, known: listed(self.order)
        }));
      }
      if (!item || (value !== null && item.values.indexOf(value) < 0)) {
        if (item && sameVersion && strict) {
          throw new Error(S.message(contract, "off_scale", {
            value: clip(value), item: clip(id), allowed: item.values.join(", ")
          }));
        }
        kept.push(id);
      }
      state.answers[id] = { value: value, note: note };
    });
    if (typeof data.created === "string") { state.created = data.created; }
    if (typeof data.updated === "string") { state.updated = data.updated; }
    // The file's version stays while it holds answers this version lacks (items or values of
    // the scale), so that the command line reads them as carried over, not as errors.
    state.checklist_version = kept.length ? data.checklist_version : this.version;
    return {
      state: state, kept: kept, version: data.checklist_version, cleared: cleared, masked: masked
    };
  };

  // The state as an answers file: empty context fields are left out (a date is YYYY-MM-DD).
  Checklist.prototype.serialise = function (pretty) {
    var out = JSON.parse(JSON.stringify(this.state)), context = {};
    this.contextNames.forEach(function (name) {
      if (out.context[name]) { context[name] = out.context[name]; }
    });
    out.context = context;
    out.format_version = S.formatVersion(this.contract, context);
    return pretty ? JSON.stringify(out, null, 2) + "\n" : JSON.stringify(out);
  };

  // The rounds the command line accepts (the contract's; the form's select offers them).
  Checklist.prototype.rounds = function () { return Object.keys(this.contract.rounds); };

  Checklist.prototype.isRound = function (value) { return this.rounds().indexOf(value) >= 0; };

  function clearedText(cleared) {
    var most = contract.limits.message_list;
    var shown = cleared.slice(0, most).join(", ") + (cleared.length > most ? " og " +
      (cleared.length - most) + " andre felter" : "");
    return "Det gemte indhold af " + shown + " lignede et CPR-nummer eller " +
      "begyndelsen på et og er slettet fra browseren.";
  }

  // The way out for a file refused elsewhere for a CPR-like text (items and fields named).
  function maskedText(masked) {
    return masked.length ? " I " + listed(masked) + " lignede noget et CPR-nummer og er nu »" +
      contract.cpr.mask + "«; gem en ren kopi med »Gem fil«." : "";
  }

  function keptText(kept) {
    return kept.length ? " Svar til punkter, som tjeklisten ikke har i denne version, er " +
      "bevaret (også i filer, du gemmer), men vises og tælles ikke: " + listed(kept) + "." : "";
  }

  // -- Form <-> state -------------------------------------------------------------------

  Checklist.prototype.show = function () {
    var self = this;
    this.order.forEach(function (id) {
      var item = self.items[id], answer = self.state.answers[id];
      item.radios.forEach(function (r) { r.checked = r.value === answer.value; });
      item.note.value = answer.note;
      self.clearError(item.note);
    });
    this.contextNames.forEach(function (name) {
      var field = self.context[name];
      if (field) { field.value = self.state.context[name]; self.clearError(field); }
    });
    this.summarise();
    this.showUndo();
  };

  // The error message of a field, made the first time it is needed and tied to the field.
  Checklist.prototype.errorOf = function (field, create) {
    var id = field.id + "-fejl", error = document.getElementById(id);
    if (!error && create) {
      error = document.createElement("p");
      error.id = id;
      error.className = "hc-error";
      error.setAttribute("role", "alert");
      field.insertAdjacentElement("afterend", error);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + id);
    }
    return error;
  };

  Checklist.prototype.clearError = function (field) {
    field.removeAttribute("aria-invalid");
    field.classList.remove("hc-held");
    var error = this.errorOf(field);
    if (error) { error.hidden = true; error.textContent = ""; }
  };

  // A text field's value is stored only when it holds nothing like a CPR number, not even
  // the beginning of one (checked on every key, so no keystroke stores a part of a number).
  // Otherwise the field is marked as held: the state keeps its last safe value.
  Checklist.prototype.acceptText = function (field) {
    if (this.cprStart.test(field.value)) {
      var message = this.cpr.test(field.value) ? HELD_WHOLE : HELD_START;
      field.setAttribute("aria-invalid", "true");
      field.classList.add("hc-held");
      var error = this.errorOf(field, true);
      if (error.hidden || error.textContent !== message) {  // announce it once, not per key
        error.textContent = message;
        error.hidden = false;
      }
      return false;
    }
    this.clearError(field);
    return true;
  };

  // a note's item is its fieldset's (the textarea carries only the data-note marker)
  function noteItem(field) {
    return field.closest("fieldset.hc-item").getAttribute("data-item");
  }

  Checklist.prototype.onChange = function (event) {
    var target = event.target, box = target.closest("fieldset.hc-item");
    if (target.type === "radio" && box) {
      this.state.answers[box.getAttribute("data-item")].value = target.value;
    } else if (target.hasAttribute("data-note")) {
      if (!this.acceptText(target)) { return; }
      this.state.answers[noteItem(target)].note = target.value;
    } else if (target.hasAttribute("data-context")) {
      if (!this.acceptText(target)) { return; }
      this.state.context[target.getAttribute("data-context")] = target.value;
    } else {
      return;
    }
    this.save();
    this.summarise();
  };

  Checklist.prototype.hasAnswers = function () {
    var s = this.state;
    return this.contextNames.some(function (n) { return s.context[n]; }) ||
      this.order.some(function (id) {
        return s.answers[id].value !== null || s.answers[id].note;
      });
  };

  // -- Summary --------------------------------------------------------------------------

  // The counting rules of handbog.checklists.engine (the command line's report), on the
  // contract's scale: an item is på plads, ikke på plads, ikke relevant or ikke besvaret; a
  // self-assessment's level is the mean rank of the answered items (handbog...scoring).
  Checklist.prototype.resultOf = function (id) {
    var item = this.items[id], value = this.state.answers[id].value;
    var step = value !== null && this.steps.hasOwnProperty(value) ? this.steps[value] : null;
    if (!step) { return { state: "unanswered", item: item, id: id }; }
    return {
      state: step.not_relevant ? "na" : step.done ? "done" : "missing",
      position: step.rank,
      label: step.label,
      item: item,
      id: id
    };
  };

  Checklist.prototype.score = function (ids) {
    var score = { total: ids.length, done: 0, missing: 0, na: 0, unanswered: 0, sum: 0, ranked: 0 };
    ids.forEach(function (id) {
      var result = this.resultOf(id);
      score[result.state]++;
      if (result.position !== undefined && result.position !== null) {
        score.sum += result.position;
        score.ranked++;
      }
    }, this);
    score.answered = score.total - score.unanswered;
    return score;
  };

  Checklist.prototype.share = function (score) {
    return S.percent(this.contract, score.done, score.total - score.na);
  };

  // As the report: the exact mean, rounded by the contract's rule, and the level it names.
  Checklist.prototype.level = function (score) {
    if (!score.ranked) { return this.contract.number.none; }
    var scale = this.spec.scale, mean = S.frac(score.sum, score.ranked);
    return S.number(this.contract, mean) + " af " + (scale.length - 1) + " (" +
      scale[Math.min(S.floor(mean), scale.length - 1)].label + ")";
  };

  function cell(row, tag, text, label) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (label) { el.setAttribute("data-label", label); }  // its heading on a phone (the CSS)
    row.appendChild(el);
    return el;
  }

  // A table per section with the columns of the command line's report.
  Checklist.prototype.showSections = function () {
    var graded = this.graded, table = document.createElement("table"), head = table.createTHead();
    var caption = table.createCaption();
    caption.textContent = "Status for hvert afsnit";
    var columns = ["Afsnit", "På plads", "Ikke på plads"].concat(graded ? [] : ["Ikke relevant"],
      ["Ubesvaret", "Andel på plads"], graded ? ["Niveau"] : []);
    var headRow = head.insertRow();
    columns.forEach(function (name) { cell(headRow, "th", name).scope = "col"; });
    var body = table.createTBody();
    this.sections.forEach(function (section) {
      var score = this.score(section.items), row = body.insertRow();
      var title = document.createElement("th"), link = document.createElement("a");
      title.scope = "row";
      link.href = "#" + section.box.id;
      link.textContent = section.title;
      title.appendChild(link);
      row.appendChild(title);
      var cells = [score.done, score.missing].concat(graded ? [] : [score.na],
        [score.unanswered, this.share(score)], graded ? [this.level(score)] : []);
      cells.forEach(function (text, i) { cell(row, "td", String(text), columns[i + 1]); });
    }, this);
    this.sectionTable.textContent = "";
    this.sectionTable.appendChild(table);
  };

  Checklist.prototype.missingList = function (results, title, state, withAnswer) {
    var box = document.createElement("div");
    var heading = document.createElement("h3");
    heading.textContent = title + " (" + results.length + ")";
    box.appendChild(heading);
    var list = document.createElement("ul");
    list.setAttribute("data-state", state);
    results.forEach(function (result) {
      var li = document.createElement("li"), jump = document.createElement("a");
      jump.href = "#" + result.item.box.id;
      jump.textContent = result.item.text;
      li.appendChild(jump);
      if (withAnswer) {
        li.appendChild(document.createTextNode(" – svar: " + result.label.toLowerCase()));
      }
      var links = result.item.box.querySelectorAll(".hc-meta a.hc-checks");
      if (links.length) {
        li.appendChild(document.createTextNode(". Læs om: "));
        links.forEach(function (a, i) {
          if (i) { li.appendChild(document.createTextNode(", ")); }
          var copy = document.createElement("a");
          copy.href = a.getAttribute("href");
          copy.textContent = a.textContent;
          li.appendChild(copy);
        });
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  };

  function unansweredText(n) { return n + (n === 1 ? " ubesvaret" : " ubesvarede"); }

  Checklist.prototype.summarise = function () {
    var total = this.score(this.order);
    var results = this.order.map(this.resultOf, this);
    var unmet = results.filter(function (r) { return r.state === "missing"; });
    var unanswered = results.filter(function (r) { return r.state === "unanswered"; });
    this.progress.textContent = total.answered + " af " + total.total + " punkter er " +
      "besvaret: " + total.done + " på plads, " + (this.graded ? "" : total.na +
      " ikke relevante, ") + total.missing + " ikke på plads og " + unansweredText(total.unanswered) + "." +
      (this.graded ? " Samlet niveau: " + this.level(total) + "." : "");
    this.showSections();
    this.missingCount.textContent = unmet.length + unanswered.length ? "Det mangler: " +
      unmet.length + " ikke på plads, " + unansweredText(unanswered.length) :
      "Det mangler: intet";
    this.missing.textContent = "";
    if (unmet.length) {
      this.missing.appendChild(this.missingList(unmet, "Ikke på plads", "missing", true));
    }
    if (unanswered.length) {
      this.missing.appendChild(this.missingList(unanswered, "Ubesvaret", "unanswered", false));
    }
  };

  // -- Buttons ----------------------------------------------------------------------------

  Checklist.prototype.exportFile = function () {
    var text = this.serialise(true);
    var context = {};
    Object.keys(this.state.context).forEach(function (k) { context[k] = this.state.context[k]; },
      this);
    context.dato = context.dato || today();
    var name = S.fileName(this.contract, this.id, context);
    var url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    var held = this.heldFields().map(function (field) {
      return "»" + (field.labels && field.labels.length ? field.labels[0].textContent.trim() :
        field.id) + "«";
    });
    this.say("Svarene er gemt i filen " + name + " (i din mappe til overførsler)." +
      (held.length ? " " + held.join(", ") + " er gemt med det, der sidst blev gemt: det, der " +
        "står nu, ligner et CPR-nummer eller begyndelsen på et." : ""));
  };

  Checklist.prototype.importFile = function (file) {
    var self = this, name = quoted(file.name);
    // Checked before the file is read: a larger file cannot be an answers file of this
    // handbook, and reading it could fill the browser's storage (see data-max-bytes).
    var tooLarge = S.sizeProblem(this.contract, file.size);
    if (tooLarge) {
      this.say("Filen " + name + " kan ikke hentes: " + tooLarge + " Intet er ændret.", true);
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var result;
      try {
        var data;
        try { data = S.parse(self.contract, reader.result); } catch (e) {
          throw e instanceof S.SvarfilError ? new Error(e.message) : e;
        }
        result = self.normalise(data, true);
      } catch (e) {
        self.say("Filen " + name + " kan ikke hentes: " + S.sentence(e.message) + " Intet er " +
          "ændret.", true);
        return;
      }
      if (self.hasAnswers() && !window.confirm("Svarene i formularen bliver erstattet af " +
          "svarene i " + name + ". Vil du fortsætte?")) {
        self.say("Intet er ændret.");
        return;
      }
      var before = self.state, couldSave = !self.saveFailed;
      self.state = result.state;
      if (!self.save() && couldSave) {
        // The browser kept the earlier answers, untouched; so does the form, rather than
        // show answers that would be gone after a reload.
        self.state = before;
        self.storageWorks();
        self.say("Filen " + name + " kan ikke hentes: " + self.problem + ", så svarene kan " +
          "ikke gemmes her. Intet er ændret.", true);
        return;
      }
      self.show();
      var note = "";
      if (result.version !== self.version) {
        note = " Filen er lavet med version " + result.version + " af tjeklisten; siden har " +
          "version " + self.version + ". Tjek svarene.";
      }
      if (self.saveFailed) {
        self.say("Svarene fra " + name + " står i formularen, men de er ikke gemt i browseren " +
          "(se advarslen)." + note + keptText(result.kept) + maskedText(result.masked), true);
      } else {
        self.say("Svarene fra " + name + " er hentet og gemt i browseren." + note +
          keptText(result.kept) + maskedText(result.masked), result.masked.length > 0);
      }
    };
    reader.onerror = function () {
      self.say("Filen " + name + " kunne ikke læses. Intet er ændret.", true);
    };
    reader.readAsText(file);
  };

  // The last answers before Nulstil are kept under this key until the next Nulstil.
  Checklist.prototype.backupKey = function () { return this.key + ":nulstillet"; };

  Checklist.prototype.backup = function () {
    var store = this.storage();
    try { return store ? store.getItem(this.backupKey()) : null; } catch (e) { return null; }
  };

  Checklist.prototype.reset = function () {
    if (!window.confirm("Vil du slette alle svar og noter i tjeklisten »" + this.title +
        "«? Du kan fortryde, så længe du ikke nulstiller igen.")) { return; }
    var store = this.storage(), kept = false;
    if (this.hasAnswers()) {
      try {
        store.setItem(this.backupKey(), this.serialise(false));
        kept = true;
      } catch (e) { kept = false; }
      if (!kept && !window.confirm("Browseren kan ikke gemme en kopi af svarene, så " +
          "nulstillingen kan ikke fortrydes. Gem en fil først, hvis du vil beholde dem. Vil " +
          "du slette svarene alligevel?")) {
        this.say("Intet er ændret.");
        return;
      }
    }
    this.state = this.empty();
    this.save();
    this.show();
    this.say(kept ? "Alle svar er slettet. Fortryd nulstilling henter dem igen." :
      "Alle svar er slettet.");
  };

  Checklist.prototype.undoReset = function () {
    var raw = this.backup(), result;
    if (raw === null) { this.showUndo(); return; }
    try { result = this.normalise(JSON.parse(raw), false); } catch (e) {
      this.say("Svarene fra før nulstillingen kan ikke læses (" + e.message + ").", true);
      return;
    }
    if (this.hasAnswers() && !window.confirm("De svar, du har givet siden nulstillingen, " +
        "bliver erstattet af svarene fra før. Vil du fortsætte?")) {
      this.say("Intet er ændret.");
      return;
    }
    var before = this.state;
    this.state = result.state;
    if (!this.save()) {
      this.state = before;
      this.say("Svarene fra før nulstillingen kan ikke gemmes i browseren. Intet er ændret.",
        true);
      return;
    }
    try { this.storage().removeItem(this.backupKey()); } catch (e) { /* shown again, harmless */ }
    this.show();
    this.say("Svarene fra før nulstillingen er hentet igen." + keptText(result.kept) +
      (result.cleared.length ? " " + clearedText(result.cleared) : ""));
  };

  Checklist.prototype.showUndo = function () {
    this.undo.hidden = this.backup() === null;
  };

  Checklist.prototype.heldFields = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll(".hc-held"));
  };

  // Printing shows what is stored: a held field prints its last safe value (and the style
  // sheet hides the text of a field still marked as held, should beforeprint not fire).
  Checklist.prototype.beforePrint = function () {
    var self = this;
    this.printed = this.heldFields().map(function (field) {
      var shown = field.value, context = field.getAttribute("data-context");
      field.value = context ? self.state.context[context] :
        self.state.answers[noteItem(field)].note;
      field.classList.remove("hc-held");
      return { field: field, shown: shown };
    });
    this.fitNotes();
  };

  Checklist.prototype.afterPrint = function () {
    (this.printed || []).forEach(function (entry) {
      entry.field.value = entry.shown;
      entry.field.classList.add("hc-held");
    });
    this.printed = [];
  };

  Checklist.prototype.fitNotes = function () {
    this.order.forEach(function (id) {
      var note = this.items[id].note;
      note.rows = Math.max(2, note.value.split("\n").length + Math.floor(note.value.length / 70));
    }, this);
  };

  Checklist.prototype.start = function () {
    var self = this, form = this.form;
    this.scrub();
    this.probe();
    this.restore();
    this.show();
    form.addEventListener("change", function (e) { self.onChange(e); });
    form.addEventListener("input", function (e) {
      if (e.target.tagName === "TEXTAREA" || e.target.type === "text") { self.onChange(e); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var actions = {
      "export": function () { self.exportFile(); },
      "import": function () { self.file.click(); },
      "reset": function () { self.reset(); },
      "undo": function () { self.undoReset(); },
      "print": function () { window.print(); }
    };
    form.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-action]");
      if (button) { actions[button.getAttribute("data-action")](); }
    });
    this.file.addEventListener("change", function () {
      if (self.file.files.length) { self.importFile(self.file.files[0]); }
      self.file.value = "";
    });
    window.addEventListener("beforeprint", function () { self.beforePrint(); });
    window.addEventListener("afterprint", function () { self.afterPrint(); });
    var shown = "[hidden].hc-actions, [hidden].hc-summary, [hidden].hc-to-summary";
    form.querySelectorAll(shown).forEach(function (el) { el.hidden = false; });
    form.classList.add("hc-js");
  };

  document.querySelectorAll("form.handbog-checklist").forEach(function (form) {
    new Checklist(form).start();
  });
})();
