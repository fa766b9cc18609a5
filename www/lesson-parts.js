// What a lesson step shows beside its run: its citations, one of the lab's reproduced figures, and the table of the
// rules' own facts. Loaded with the lesson panel (lessons.js).

import { el } from './dom.js';

/** The rules' own facts (the core's `RuleInfo`): what drives each rule's hidden synapses and how it reaches them. */
export function rulesTable(rules) {
  const learning = rules.filter((r) => r.learnsFrom !== 'nothing');
  const row = (cells, tag) => el('tr', {}, ...cells.map((c) => el(tag, { textContent: c })));
  return el('div', { className: 'table-wrap' }, el('table', { className: 'rule-facts', id: 'lesson-table' },
    el('caption', { textContent: 'What a hidden unit’s synapses need, beyond their own input and the unit’s activity (each rule’s facts, checked against what it does by the core’s tests)' }),
    el('thead', {}, row(['rule', 'what drives them', 'how it reaches them'], 'th')),
    el('tbody', {}, ...learning.map((r) => row([r.title, r.hiddenSignal, r.feedbackRoute], 'td')))));
}

/** One of the lab's reproduced figures, fetched now (the step is open), with the RESULTS.md section it comes from. */
export function figure(f) {
  const caption = el('figcaption', { textContent: f.alt });
  if (f.results) {
    caption.append(' From ', el('a', { href: `RESULTS.md#${anchor(f.results)}`, target: '_blank', rel: 'noopener', textContent: `RESULTS.md, “${f.results}”` }), '.');
  }
  // In the panel's column the figure is small: it opens full size in a tab of its own.
  const image = el('a', { href: f.src, target: '_blank', title: 'Open the figure full size' }, el('img', { src: f.src, alt: f.alt, decoding: 'async' }));
  return el('figure', { className: 'lesson-figure' }, image, caption);
}

/** A Markdown heading's anchor, as GitHub and most renderers make it. */
function anchor(heading) {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s/g, '-');
}

/** The step's citations: a sentence, or each reference with its link (opened in a new tab; the page itself requests
 *  nothing from it). */
export function citation(cite) {
  if (typeof cite === 'string') return el('p', { className: 'citation', textContent: cite });
  const items = cite.flatMap((c, i) => {
    const item = c.url ? el('a', { href: c.url, target: '_blank', rel: 'noopener noreferrer', textContent: c.text }) : c.text;
    return i ? ['; ', item] : [item];
  });
  return el('p', { className: 'citation' }, ...items);
}
