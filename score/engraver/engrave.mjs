// Leggio's engraver: MusicXML (.musicxml/.xml or compressed .mxl) -> Verovio SVG pages + time map.
//
// Protocol (used by org.leggio.score.Engraver): one job per line of standard input, as JSON
//   {"input": "/path/score.mxl", "outDir": "/path/dir", "pageHeight": 2970 (optional)}
// For each job the engraver writes outDir/page-NNN.svg (1-based NNN, SVG with bounding boxes),
// outDir/timemap.json (Verovio's renderToTimemap with measures). It prints {"page": n} as soon as
// page n is written (so the caller can rasterise it while Verovio goes on), then exactly one final
// JSON line: {"ok": true, "pages": N, "verovio": "..."} or {"ok": false, "error": "..."}.
// The process keeps running until standard input closes, so a batch pays Verovio's start once.
import createVerovioModule from 'verovio/wasm';
import { VerovioToolkit } from 'verovio/esm';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

// Page 2100 x 2970 units at scale 40 renders 840 px wide with a staff space of ~7.2 px; the Java
// side rescales to 835 px. These are the options DEPENDENCIES.md records as working.
const OPTIONS = {
  pageWidth: 2100, pageHeight: 2970, scale: 40,
  header: 'none', footer: 'none', breaks: 'auto',
  svgBoundingBoxes: true, adjustPageHeight: false,
};

const toolkit = new VerovioToolkit(await createVerovioModule());
toolkit.setOptions(OPTIONS);

function load(input) {
  const bytes = fs.readFileSync(input);
  const zipped = bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK"
  if (zipped) {
    return toolkit.loadZipDataBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  return toolkit.loadData(bytes.toString('utf8'));
}

function engrave(job) {
  if (!job.input || !job.outDir) throw new Error('a job needs "input" and "outDir"');
  // an optional page height (units at the page width of 2100) for short pages, e.g. a landscape tablet
  const pageHeight = Number.isInteger(job.pageHeight) ? job.pageHeight : OPTIONS.pageHeight;
  toolkit.setOptions({ ...OPTIONS, pageHeight });
  if (!load(job.input)) {
    throw new Error('Verovio could not read the score: ' + (toolkit.getLog() || 'no reason given').trim());
  }
  const pages = toolkit.getPageCount();
  if (pages < 1) throw new Error('Verovio engraved no pages');
  fs.mkdirSync(job.outDir, { recursive: true });
  for (let page = 1; page <= pages; page++) {
    const svg = toolkit.renderToSVG(page);
    fs.writeFileSync(path.join(job.outDir, 'page-' + String(page).padStart(3, '0') + '.svg'), svg);
    process.stdout.write(JSON.stringify({ page }) + '\n');
  }
  const timemap = toolkit.renderToTimemap({ includeMeasures: true, includeRests: false });
  fs.writeFileSync(path.join(job.outDir, 'timemap.json'), JSON.stringify(timemap));
  return { ok: true, pages, verovio: toolkit.getVersion() };
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let result;
  try {
    result = engrave(JSON.parse(line));
  } catch (error) {
    result = { ok: false, error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}
