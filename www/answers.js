// "My answers": the predictions, end-check answers and verdicts this browser has kept (lesson-menu.js), lesson by
// lesson with a link to each step; saved as Markdown or JSON, printed (the print style shows this list alone), or
// cleared. They are kept only in this browser and leave it only in a file the student saves. Fetched the first time
// the view opens.

import { KEY, answers } from './lesson-menu.js';
import { CHECK, lessonUrl } from './lesson-file.js';
import { el } from './dom.js';

/** Forgets every answer this browser has kept. */
function clearAnswers() {
  try { localStorage.removeItem(KEY); } catch { /* no storage here: nothing was kept */ }
}

/** Everything kept, with the lessons' own words: `[{name, title, steps, check}]` in the menu's order (then any
 *  course lesson opened from a link). A lesson that cannot be read is listed by its name with its raw records. */
export async function collect(index, kept = answers()) {
  const names = index.map((l) => l.slug);
  for (const key of Object.keys(kept)) {
    const name = key.slice(0, key.lastIndexOf('/'));
    if (name && !names.includes(name)) names.push(name);
  }
  const files = await Promise.all(names.map(async (name) => {
    try {
      const response = await fetch(lessonUrl(name));
      return response.ok ? await response.json() : null;
    } catch { return null; }
  }));
  return names.map((name, i) => {
    const file = files[i];
    const link = (step) => new URL(`index.html#lesson=${encodeURIComponent(name)}&step=${step}`, location.href).href;
    const steps = (Array.isArray(file?.steps) ? file.steps : []).map((s, k) => {
      const got = kept[`${name}/${s.id}`] ?? {};
      const p = s.predict;
      return {
        id: s.id,
        title: `Step ${k + 1}: ${s.title}`,
        link: link(s.id),
        read: Boolean(got.read) || undefined,
        prediction: p && got.locked ? { question: p.question, yours: p.choices[got.choice] ?? null, answer: p.choices[p.answer], right: got.choice === p.answer } : undefined,
        claim: got.verdict === undefined ? undefined : { shown: got.verdict, at: got.at },
      };
    }).filter((s) => s.read || s.prediction || s.claim);
    const check = (Array.isArray(file?.check) ? file.check : []).map((q, k) => {
      const got = kept[`${name}/${CHECK}-${k + 1}`];
      return Number.isInteger(got?.choice) ? { question: q.question, yours: q.choices[got.choice], answer: q.choices[q.answer], right: got.choice === q.answer, why: q.why } : null;
    }).filter(Boolean);
    return { name, title: file?.title ?? name, link: link(check.length ? CHECK : 1), steps, check };
  }).filter((l) => l.steps.length || l.check.length);
}

/** The answers as Markdown, to hand in. */
export function markdown(lessons, saved = new Date()) {
  const lines = ['# My answers (plasticity)', '', `Saved ${saved.toISOString().slice(0, 16).replace('T', ' ')} UTC from ${location.href.split('#')[0]}.`, ''];
  if (!lessons.length) lines.push('Nothing yet: predictions and end-check answers appear here once given.', '');
  for (const l of lessons) {
    lines.push(`## ${l.title}`, '');
    for (const s of l.steps) {
      lines.push(`### [${s.title}](${s.link})`, '');
      if (s.prediction) lines.push(`- Prediction: ${s.prediction.question} ${said(s.prediction)}`);
      if (s.claim) lines.push(`- The lab's claim, checked at mini-batch ${s.claim.at}: ${s.claim.shown ? 'shown (✓)' : 'not shown in this run (✗)'}.`);
      if (s.read && !s.prediction && !s.claim) lines.push('- Read (this step has no run).');
      lines.push('');
    }
    if (l.check.length) {
      lines.push('### End check', '');
      l.check.forEach((q, k) => lines.push(`${k + 1}. ${q.question} ${said(q)} ${q.why}`));
      lines.push('');
    }
  }
  return lines.join('\n');
}

/** "You said …; the answer is … (right / not quite)." */
function said(q) {
  const yours = q.yours === null ? 'You did not predict before the run showed it' : `You said “${q.yours}”`;
  return `${yours}; the answer is “${q.answer}”${q.yours === null ? '' : q.right ? ' (right)' : ' (not quite)'}.`;
}

/** Opens the view over the page; `index` is the lessons menu's list, `done` is called when it closes. */
export async function open(index, notify, done) {
  document.getElementById('my-answers')?.remove();
  const lessons = await collect(index);
  const save = (name, type, text) => {
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const action = (text, id, act) => {
    const b = el('button', { type: 'button', id, textContent: text });
    b.addEventListener('click', act);
    return b;
  };
  const close = () => { view.remove(); document.body.classList.remove('answers-open'); done(); };
  const view = el('section', { id: 'my-answers', className: 'answers', tabIndex: -1 });
  view.setAttribute('aria-labelledby', 'answers-title');
  view.append(
    el('div', { className: 'answers-bar' },
      el('h2', { id: 'answers-title', textContent: 'My answers' }),
      action('Save as Markdown', 'answers-md', () => save('my-answers.md', 'text/markdown', markdown(lessons))),
      action('Save as JSON', 'answers-json', () => save('my-answers.json', 'application/json',
        JSON.stringify({ saved: new Date().toISOString(), page: location.href.split('#')[0], lessons }, null, 1))),
      action('Print', 'answers-print', () => print()),
      action('Clear my answers', 'answers-clear', () => {
        if (!confirm('Forget every prediction and answer kept in this browser? Save them first if you need them.')) return;
        clearAnswers();
        notify(['Your answers are cleared from this browser.']);
        close();
      }),
      action('Close', 'answers-close', close)),
    el('p', { className: 'answers-note', textContent: 'Your predictions, the verdicts of the runs you played and your end-check answers, kept only in this browser: nothing is sent anywhere. Save or print them to hand them in.' }),
    ...(lessons.length ? lessons.map(lessonPart) : [el('p', { textContent: 'Nothing yet: predictions and end-check answers appear here once given.' })]),
  );
  document.body.append(view);
  document.body.classList.add('answers-open');
  view.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  view.focus();
}

/** One lesson's answers. */
function lessonPart(l) {
  const items = l.steps.map((s) => el('li', {}, el('a', { href: s.link, textContent: s.title }),
    ...(s.prediction ? [el('p', { textContent: `Prediction: ${s.prediction.question} ${said(s.prediction)}` })] : []),
    ...(s.claim ? [el('p', { textContent: `The lab’s claim, checked at mini-batch ${s.claim.at}: ${s.claim.shown ? 'shown ✓' : 'not shown in this run ✗'}.` })] : []),
    ...(s.read && !s.prediction && !s.claim ? [el('p', { textContent: 'Read (this step has no run).' })] : [])));
  const part = el('section', { className: 'answers-lesson' }, el('h3', { textContent: l.title }), el('ul', {}, ...items));
  if (l.check.length) {
    part.append(el('h4', { textContent: 'End check' }),
      el('ol', {}, ...l.check.map((q) => el('li', { textContent: `${q.question} ${said(q)} ${q.why}` }))));
  }
  return part;
}
