// The lessons menu: the list of lessons (www/lessons/index.json) with how far this browser has got in each — the
// predictions made, the claims checked, the end check answered — and the record of those answers, kept only in this
// browser (listed, saved and cleared by "My answers", answers.js). It loads with the page; the lesson panel itself
// (lessons.js) and "My answers" are fetched only when opened, so a first visit without them does not download them.

/** The key of the answers in `localStorage`. */
export const KEY = 'plasticity-answers';

/** What this browser remembers of each step (`{"lesson/step-id": {choice, right, locked, verdict, at}}`), or nothing
 *  where storage is refused (a sandboxed frame, private mode). */
export function answers() {
  try {
    const kept = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return kept && typeof kept === 'object' && !Array.isArray(kept) ? kept : {};
  } catch { return {}; }
}

/** The menu entry that opens "My answers" (answers.js) rather than a lesson. */
export const MY_ANSWERS = '#my-answers';

/** Adds `fields` to what is remembered of step `key` (`lesson/step-id`). */
export function record(key, fields) {
  const all = answers();
  all[key] = { ...all[key], ...fields };
  try { localStorage.setItem(KEY, JSON.stringify(all)); } catch { /* no storage here: nothing is kept */ }
}

/** The lessons in order: `[{slug, title, steps: [step ids]}]`. Throws when the list cannot be had. */
export async function loadIndex() {
  const response = await fetch(new URL('www/lessons/index.json', location.href));
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

/** How far this browser has got in lesson `l` of the index: the predictions it locked in and the claims it saw
 *  checked, out of the lesson's steps with a run (`no_run` lists those without), and the end check's questions
 *  answered, out of its `checks`. */
export function progress(l, kept = answers()) {
  const textOnly = new Set(Array.isArray(l.no_run) ? l.no_run : []);
  const steps = Array.isArray(l.steps) ? l.steps.filter((id) => !textOnly.has(id)).map((id) => kept[`${l.slug}/${id}`] ?? {}) : [];
  const checks = Number.isInteger(l.checks) ? l.checks : 0;
  return {
    predicted: steps.filter((s) => s.locked && s.choice !== null && s.choice !== undefined).length,
    checked: steps.filter((s) => s.verdict !== undefined).length,
    steps: steps.length,
    answered: Array.from({ length: checks }, (_, k) => kept[`${l.slug}/check-${k + 1}`]).filter((a) => Number.isInteger(a?.choice)).length,
    checks,
  };
}

/** Lists `index` in `menu`, each lesson with its progress, `current` (a slug) selected. */
export function fillMenu(menu, index, current) {
  const kept = answers();
  menu.replaceChildren(new Option('Lessons…', ''), ...index.map((l, i) => {
    const p = progress(l, kept);
    const check = p.checks ? `; end check ${p.answered} of ${p.checks}` : '';
    return new Option(`${i + 1}. ${l.title} (${p.predicted} predicted, ${p.checked} checked of ${p.steps}${check})`, l.slug);
  }), new Option('My answers…', MY_ANSWERS));
  menu.value = current ?? '';
}
