/* What the checklist form (checklist.js) and the overview page (overblik.js) share: the
 * checklist contract, the answers file, the CPR guard and the number rule.
 *
 * Every rule comes from the contract that Python writes into the page
 * (handbog/checklists/contract.py, a <script type="application/json">): the format versions
 * and limits of an answers file, its Danish messages, the CPR patterns, the scale with its
 * ranks and the number rule. This file only applies them, so the command line and the two
 * pages cannot drift apart (tests/test_checklist_parity.py holds them to one set of figures).
 *
 * Levels are exact fractions (BigInt numerator and denominator), as in
 * handbog/checklists/scoring.py, and a figure is rounded half up (away from zero on a tie) on
 * the exact value. The arithmetic only the overview needs (means of means, changes) is in
 * overblik.js: a form page downloads only what it uses.
 */
(function (global) {
  "use strict";

  // -- The contract -------------------------------------------------------------------------

  function readContract(id) {
    var element = document.getElementById(id);
    return JSON.parse(element.textContent);
  }

  // -- Messages -----------------------------------------------------------------------------

  // One of the contract's messages with its {names} filled in (as Python's str.format).
  function message(contract, key, values) {
    return contract.messages[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values.hasOwnProperty(name) ? String(values[name]) : whole;
    });
  }

  // A message as the end of a sentence: a full stop unless it already ends one.
  function sentence(text) { return /[.?!]$/.test(text) ? text : text + "."; }

  function clip(contract, text) {
    var most = contract.limits.message_part;
    text = String(text);
    return text.length > most ? text.slice(0, most - 1) + "…" : text;
  }

  // -- Numbers ------------------------------------------------------------------------------

  var ZERO = BigInt(0), ONE = BigInt(1), TWO = BigInt(2), TEN = BigInt(10);

  function abs(n) { return n < ZERO ? -n : n; }
  function gcd(a, b) {
    a = abs(a); b = abs(b);
    while (b !== ZERO) { var t = a % b; a = b; b = t; }
    return a;
  }

  // An exact fraction n/d (d > 0, in lowest terms).
  function frac(n, d) {
    n = BigInt(n); d = BigInt(d === undefined ? 1 : d);
    if (d < ZERO) { n = -n; d = -d; }
    var g = gcd(n, d) || ONE;
    return { n: n / g, d: d / g };
  }
  function asFrac(value) { return typeof value === "object" ? value : frac(value, 1); }
  function known(value) { return value !== null && value !== undefined; }

  // floor(value) for a value >= 0.
  function floor(value) { var x = asFrac(value); return Number(x.n / x.d); }

  // value rounded half up (away from zero) to `decimals` places, as a Danish figure.
  function number(contract, value, decimals) {
    var rule = contract.number;
    if (!known(value)) { return rule.none; }
    decimals = decimals === undefined ? rule.decimals : decimals;
    var x = asFrac(value), scale = TEN ** BigInt(decimals);
    var units = (TWO * abs(x.n) * scale + x.d) / (TWO * x.d);
    var digits = units.toString();
    while (digits.length <= decimals) { digits = "0" + digits; }
    var whole = digits.slice(0, digits.length - decimals), part = digits.slice(digits.length - decimals);
    var sign = x.n < ZERO && units !== ZERO ? "-" : "";
    return sign + whole + (decimals ? rule.separator + part : "");
  }
  function percent(contract, part, whole) {
    return whole ? number(contract, frac(100 * part, whole), contract.number.percent_decimals) +
      " %" : contract.number.none;
  }
  function megabytes(contract, bytes) {
    var rule = contract.number;
    return number(contract, frac(bytes, rule.megabyte),
      bytes < rule.megabyte_two_decimals_below ? 2 : 1) + " MB";
  }

  // -- The CPR guard ------------------------------------------------------------------------

  // privacy.py's patterns (its separator class written once), with mask_cpr's run of digits
  // (sticky); a pattern the browser cannot read fails closed.
  function guard(contract) {
    var cpr = contract.cpr;
    function pattern(source, flags) {
      try { return new RegExp(source.split("{separators}").join(cpr.separators), flags); } catch (e) {
        return new RegExp(contract.cpr.fail_closed, flags);
      }
    }
    return { whole: pattern(cpr.whole), start: pattern(cpr.start), run: pattern(cpr.run, "y") };
  }

  // privacy.py's mask_cpr: every CPR-like number, or the beginning of one, in text t becomes
  // the contract c's mask with the digits and separators that run on from it (never half a
  // number). Each turn takes at least one digit out, so the loop ends. (Short names: every
  // byte counts against a phone's page budget, tests/test_page_weight.py.)
  function maskCpr(c, t) {
    var g = guard(c), m, i;
    while ((m = g.start.exec(t))) {
      g.run.lastIndex = i = m.index + m[0].search(/[0-9]/);
      t = t.slice(0, i) + c.cpr.mask + t.slice(i + g.run.exec(t)[0].length);
    }
    return t;
  }

  // -- The answers file ---------------------------------------------------------------------

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  function SvarfilError(text) { this.message = text; }

  // The message for a file larger than any answers file, or null.
  function sizeProblem(contract, size) {
    var most = contract.limits.file_bytes;
    return size > most ? message(contract, "too_large", {
      size: megabytes(contract, size), limit: megabytes(contract, most)
    }) : null;
  }

  // The text of an answers file as an object, after the checks every reader makes first (as
  // handbog.checklists.answers.parse_answers); throws a SvarfilError with the Danish message.
  function parse(contract, text) {
    var data;
    try { data = JSON.parse(text); } catch (e) {
      throw new SvarfilError(message(contract, "not_json", { detail: "" }));
    }
    return check(contract, data);
  }

  // The same checks on an object already parsed (the form's answers kept in the browser).
  function check(contract, data) {
    var format = contract.format;
    if (!isObject(data) || data.format !== format.name) {
      throw new SvarfilError(message(contract, "not_answers", { format: format.name }));
    }
    if (format.versions.indexOf(data.format_version) < 0) {
      throw new SvarfilError(message(contract, "format_version", {
        version: clip(contract, data.format_version), accepted: format.versions_text
      }));
    }
    return data;
  }

  // The format version a file is written in: the lowest that carries its context fields
  // (answers.py's FIELD_VERSIONS), so readers that know only an older version keep opening it.
  function formatVersion(contract, context) {
    var versions = contract.format.field_versions, version = contract.format.base_version;
    Object.keys(versions).forEach(function (name) {
      if (context[name] && versions[name] > version) { version = versions[name]; }
    });
    return version;
  }

  // A saved file's name: the checklist, unit, period, round and date (answers.py's file_name).
  function fileName(contract, id, context) {
    var rule = contract.format.file_name, parts = [rule.prefix, id];
    rule.parts.forEach(function (key) {
      var plain = Array.from(String(context[key] || "").toLowerCase()).map(function (c) {
        return rule.letters.hasOwnProperty(c) ? rule.letters[c] : c;
      }).join("");
      var part = plain.replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).join("-")
        .slice(0, rule.longest_part).replace(/^-+|-+$/g, "");
      if (part) { parts.push(part); }
    });
    return parts.join("-") + ".json";
  }

  global.handbogSvarfil = {
    fileName: fileName,
    readContract: readContract, message: message, sentence: sentence, clip: clip,
    frac: frac, asFrac: asFrac, known: known, floor: floor, number: number, percent: percent,
    megabytes: megabytes, guard: guard, maskCpr: maskCpr, isObject: isObject,
    SvarfilError: SvarfilError, sizeProblem: sizeProblem, parse: parse, check: check, formatVersion: formatVersion
  };
})(window);
