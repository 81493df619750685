// What pdf.js (Firefox's PDF viewer) reads from a PDF form: {field name: value} as JSON.
// A radio group's value is the value of its button that is on, "Off" when none is.
// Run by tests/form_readers.py with pdfjs-dist installed beside it by npm. The values are
// the last line of the output (pdf.js may warn before it).
import { readFileSync } from "node:fs";
import pdfjs from "pdfjs-dist/legacy/build/pdf.js";

const { getDocument } = pdfjs;

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
const values = {};
for (const [name, widgets] of Object.entries((await doc.getFieldObjects()) || {})) {
  const shown = widgets.filter((w) => w.type);
  if (shown.length && shown[0].type === "radiobutton") {
    const on = shown.find((w) => w.value !== "Off");
    values[name] = on ? on.value : "Off";
  } else if (shown.length) {
    values[name] = shown[0].value;
  }
}
console.log(JSON.stringify(values));
