// Lessons: the lecture as a guided path. A lesson is a JSON file in www/lessons/ (the format: docs/lessons.md),
// listed in order in www/lessons/index.json. Each step sets up a run (a lab link), points at one plot, may ask a
// prediction before Play, offers "try this" changes, carries notes for the lecturer (shown in presenter mode), and
// states a claim that the lab must show after training — checked live on the page and by the end-to-end tests.
// This file knows no rule and no task: those are in the lesson files, checked by the core when a lesson loads.

import { fillMenu, stored } from './lesson-menu.js';

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** The plots a step may point at: the single run's panels, or in compare mode the shared charts and task views. */
export const LOOKS = ['loss', 'alignment', 'errors', 'activity', 'task', 'network'];
export const COMPARE_LOOKS = ['loss', 'alignment', 'task'];
const MAX_WORDS = 120;

// ---- Claims ------------------------------------------------------------------------------------------------------
// `after 2000: feedback_angle[1] < 60; test_accuracy(backprop) - test_accuracy(shallow) > 0.3`
// After that many mini-batches, every comparison must hold. A term is a number, a quantity, `quantity(run)` (a run of
// a comparison, by its entry in the list), or `|…|` of one; terms add and subtract. Quantities: step, train_loss,
// test_loss, train_accuracy, test_accuracy, nse, update_angle[k], feedback_angle[k], error_norm[k] (k = 1 for the
// first hidden layer, as the plots count), and a task's measures by label: measure[strong].

const QUANTITY = /^(step|train_loss|test_loss|train_accuracy|test_accuracy|nse|update_angle\[\d+\]|feedback_angle\[\d+\]|error_norm\[\d+\]|measure\[[^\]]+\])/;

/** Parses a claim; throws an Error saying what is wrong. */
export function parseClaim(text) {
  const m = /^\s*after\s+(\d+)\s*:\s*(.+)$/s.exec(text ?? '');
  if (!m) throw new Error(`a claim reads "after N: … < …" (got "${text}")`);
  const after = Number(m[1]);
  const checks = m[2].split(';').map((s) => s.trim()).filter(Boolean).map((c) => {
    const parts = /^(.+?)\s*(<=|>=|<|>)\s*(.+)$/.exec(c);
    if (!parts) throw new Error(`"${c}" compares nothing (use <, >, <= or >=)`);
    return { text: c, left: parseSum(parts[1]), op: parts[2], right: parseSum(parts[3]) };
  });
  if (checks.length === 0) throw new Error('a claim needs at least one comparison');
  return { after, checks, text };
}

function parseSum(s) {
  const terms = [];
  let rest = s.trim();
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '−') { sign = -1; rest = rest.slice(1).trim(); }
  while (rest.length) {
    const t = parseTerm(rest);
    terms.push({ sign, ...t.term });
    rest = t.rest.trim();
    if (!rest.length) break;
    if (rest[0] === '+' || rest[0] === '-' || rest[0] === '−') { sign = rest[0] === '+' ? 1 : -1; rest = rest.slice(1).trim(); }
    else throw new Error(`cannot read "${rest}"`);
  }
  if (!terms.length) throw new Error(`"${s}" is empty`);
  return terms;
}

function parseTerm(s) {
  if (s[0] === '|') {
    const end = s.indexOf('|', 1);
    if (end < 0) throw new Error(`"${s}": an unclosed |`);
    const inner = parseTerm(s.slice(1, end).trim());
    if (inner.rest.trim()) throw new Error(`"${s}": one quantity between | |`);
    return { term: { ...inner.term, abs: true }, rest: s.slice(end + 1) };
  }
  const number = /^\d+(\.\d+)?(e-?\d+)?/.exec(s);
  if (number) {
    let rest = s.slice(number[0].length).trim();
    let value = Number(number[0]);
    // `0.2·x` or `0.2*x`: a number times a quantity.
    if (rest[0] === '·' || rest[0] === '*') {
      const t = parseTerm(rest.slice(1).trim());
      return { term: { ...t.term, factor: value * (t.term.factor ?? 1) }, rest: t.rest };
    }
    return { term: { value }, rest };
  }
  const q = QUANTITY.exec(s);
  if (!q) throw new Error(`unknown quantity at "${s}" (step, train_loss, test_loss, train_accuracy, test_accuracy, nse, update_angle[k], feedback_angle[k], error_norm[k], measure[label])`);
  let rest = s.slice(q[0].length);
  let run = null;
  const r = /^\(([^)]+)\)/.exec(rest);
  if (r) { run = r[1].trim(); rest = rest.slice(r[0].length); }
  return { term: { quantity: q[0], run }, rest };
}

/** The value of `quantity` in a measurement (the core's `Diagnostics` as JSON); NaN where it has none. */
function read(d, quantity) {
  const layer = /^(\w+)\[(\d+)\]$/.exec(quantity);
  if (quantity.startsWith('measure[')) {
    const label = quantity.slice(8, -1);
    return d.measures.find((m) => m.label === label)?.value ?? NaN;
  }
  if (layer) {
    const l = d.layers[Number(layer[2]) - 1];
    const key = { update_angle: 'update_angle_deg', feedback_angle: 'feedback_angle_deg', error_norm: 'error_norm' }[layer[1]];
    return l?.[key] ?? NaN;
  }
  return d[quantity] ?? NaN;
}

/** The run a claim's term reads in `runs` (`[{run, diagnostics}]`, the first for a term without a run). */
function runOf(term, runs) {
  const run = term.run === null ? runs[0] : runs.find((r) => r.run === term.run);
  if (!run) throw new Error(`no run "${term.run}" here`);
  return run;
}

/** Throws when a parsed claim names a run that `runs` does not hold: said before the claim can be evaluated. */
export function requireRuns(claim, runs) {
  for (const t of claim.checks.flatMap((c) => [...c.left, ...c.right])) if (t.value === undefined) runOf(t, runs);
}

/** Evaluates a parsed claim on `runs` (`[{run, diagnostics}]`, the first for a term without a run). */
export function checkClaim(claim, runs) {
  const value = (terms) => terms.reduce((sum, t) => {
    if (t.value !== undefined) return sum + t.sign * t.value;
    let v = read(runOf(t, runs).diagnostics, t.quantity);
    if (t.abs) v = Math.abs(v);
    return sum + t.sign * (t.factor ?? 1) * v;
  }, 0);
  const results = claim.checks.map((c) => {
    const [l, r] = [value(c.left), value(c.right)];
    const ok = { '<': l < r, '>': l > r, '<=': l <= r, '>=': l >= r }[c.op];
    return { text: c.text, left: l, right: r, ok };
  });
  return { ok: results.every((r) => r.ok), results };
}

// ---- Loading and checking lesson files ----------------------------------------------------------------------------

/** Where a lesson named in the URL lives: a slug is in www/lessons/; anything with a slash or `.json` is a URL on
 *  the page's own origin (a course page's own lesson). */
export function lessonUrl(name) {
  return /[/.]/.test(name) ? new URL(name, location.href).href : new URL(`www/lessons/${name}.json`, location.href).href;
}

/** Checks a lesson file's contents; returns the problems, each naming the file and the step. `messages(query)` is
 *  the core's list of what it would change in a run's link. */
export function validate(lesson, file, messages) {
  const problems = [];
  const say = (where, what) => problems.push(`${file}${where}: ${what}`);
  if (typeof lesson !== 'object' || lesson === null || Array.isArray(lesson)) { say('', 'not a JSON object'); return problems; }
  if (typeof lesson.title !== 'string') say('', 'no "title"');
  if (!Array.isArray(lesson.steps) || lesson.steps.length === 0) { say('', 'no "steps"'); return problems; }
  lesson.steps.forEach((s, i) => {
    const where = `, step ${i + 1}`;
    if (typeof s !== 'object' || s === null) { say(where, 'not an object'); return; }
    for (const key of ['title', 'text', 'run', 'look', 'claim']) if (typeof s[key] !== 'string') say(where, `no "${key}"`);
    // Every field is checked for its type before it is used: a lesson file is typed by hand.
    const words = typeof s.text === 'string' ? s.text.split(/\s+/).filter(Boolean).length : 0;
    if (words > MAX_WORDS) say(where, `the text has ${words} words (at most ${MAX_WORDS})`);
    if (typeof s.look === 'string' && !LOOKS.includes(s.look)) say(where, `"look" is "${s.look}"; choose from ${LOOKS.join(', ')}`);
    const comparing = typeof s.run === 'string' && /(^|&)compare=/.test(s.run);
    if (comparing && typeof s.look === 'string' && !COMPARE_LOOKS.includes(s.look)) {
      say(where, `a comparison shows ${COMPARE_LOOKS.join(', ')}; "look" is "${s.look}"`);
    }
    if (typeof s.run === 'string') for (const m of messages(s.run)) say(where, `its run: ${m}`);
    if (typeof s.claim === 'string') {
      try { parseClaim(s.claim); } catch (e) { say(where, `its claim: ${e.message}`); }
    }
    if (s.cite !== undefined && typeof s.cite !== 'string') say(where, '"cite" is text');
    if (s.lecturer !== undefined && typeof s.lecturer !== 'string') say(where, '"lecturer" is text');
    if (s.predict !== undefined) {
      const p = s.predict;
      const ok = typeof p === 'object' && p !== null && typeof p.question === 'string' && Array.isArray(p.choices)
        && p.choices.length >= 2 && p.choices.every((c) => typeof c === 'string') && Number.isInteger(p.answer)
        && p.answer >= 0 && p.answer < p.choices.length && (p.why === undefined || typeof p.why === 'string');
      if (!ok) say(where, 'a prediction has a "question", two or more "choices", the index of the right "answer" and an optional "why"');
    }
    if (s.try !== undefined && !Array.isArray(s.try)) say(where, '"try" is a list');
    for (const t of Array.isArray(s.try) ? s.try : []) {
      const ok = typeof t === 'object' && t !== null && typeof t.label === 'string' && typeof t.set === 'object'
        && t.set !== null && !Array.isArray(t.set) && Object.values(t.set).every((v) => typeof v === 'string');
      if (!ok) say(where, 'a "try" has a "label" and a "set" of settings, each a string');
      else if (typeof s.run === 'string') for (const m of messages(`${s.run}&${new URLSearchParams(t.set)}`)) say(where, `"${t.label}": ${m}`);
    }
  });
  return problems;
}

/** The steps of a lesson this browser has seen; none where storage is refused (a sandboxed frame, private mode). */
// ---- The panel ----------------------------------------------------------------------------------------------------

export class LessonPanel {
  /** `host` is the app: it opens runs (`open(query, step)`), says messages (`notify`), gives the running lab's
   *  measurements (`measurements()`) and the list of lessons (`index()`, for the menu). */
  constructor(root, menu, host) {
    this.root = root;
    this.menu = menu;
    this.host = host;
    this.lesson = null;
    this.file = '';
    this.stepIndex = 0;
    this.choice = null;
  }

  fillMenu() {
    fillMenu(this.menu, this.host.index(), this.lesson?.slug);
  }

  /** Opens step `step` (1-based) of lesson `name`; a bad file gets a message naming it and the page goes on. */
  async open(name, step) {
    // Closed, or another lesson chosen, while this one is read: the later choice stands.
    const ticket = (this.going = (this.going ?? 0) + 1);
    const file = lessonUrl(name);
    let lesson;
    try {
      const response = await fetch(file);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      lesson = JSON.parse(await response.text());
    } catch (e) {
      if (ticket !== this.going) return false;
      // Closed through the host, so the link's lesson= leaves the URL with it (a Reset would read it again).
      this.host.closeLesson();
      this.host.notify([`The lesson ${file} could not be read: ${e.message ?? e}.`]);
      return false;
    }
    // The data sets its runs need first, so that checking its links does not report them missing.
    const steps = Array.isArray(lesson?.steps) ? lesson.steps : [];
    await this.host.prepare(steps.map((s) => s?.run).filter((r) => typeof r === 'string'));
    if (ticket !== this.going) return false;
    const problems = validate(lesson, file.split('/').pop(), this.host.messages);
    if (problems.length) {
      this.host.closeLesson();
      this.host.notify([`The lesson cannot be used: ${problems.join('; ')}.`]);
      return false;
    }
    this.lesson = { ...lesson, slug: name };
    this.file = file;
    const n = lesson.steps.length;
    const at = Math.min(Math.max(1, Math.trunc(step) || 1), n);
    await this.go(at - 1);
    // Said only if the step is still on show (its go() was the last thing done: not closed, nor moved on).
    if (at !== step && ticket + 1 === this.going) this.host.notify([`Changed step: “${lesson.title}” has steps 1 to ${n}; opened step ${at}.`]);
    return true;
  }

  close() {
    this.going = (this.going ?? 0) + 1;
    this.lesson = null;
    this.root.hidden = true;
    document.body.classList.remove('in-lesson');
    this.highlight(null);
    this.fillMenu();
  }

  get step() { return this.lesson?.steps[this.stepIndex]; }

  /** Goes to step `i` (0-based): its run, then its plot and texts, so the claim is never read off the run
   *  before (a comparison's script or a data set may have to load first). */
  async go(i) {
    if (!this.lesson || i < 0 || i >= this.lesson.steps.length) return;
    const ticket = (this.going = (this.going ?? 0) + 1);
    this.stepIndex = i;
    this.choice = null;
    this.verdict = null;
    const key = `plasticity-lesson-${this.lesson.slug}`;
    const seen = new Set(stored(key));
    seen.add(i);
    try { localStorage.setItem(key, JSON.stringify([...seen])); } catch { /* no storage here: no progress kept */ }
    // Until the step's run is open, the panel on show is the previous step's: it checks no claim and takes no
    // clicks (its prediction or "Try this" would mix the two steps).
    this.claimLine = null;
    this.answer = null;
    this.root.inert = true;
    try {
      await this.host.open(this.step.run, { lesson: this.lesson.slug, step: String(i + 1) });
    } catch (e) {
      this.host.notify([`The step’s run could not be opened (${e.message ?? e}).`]);
    } finally {
      // Closed meanwhile: nothing to show. Moved on meanwhile (n pressed twice): the newer step shows itself.
      if (this.lesson && ticket === this.going) { this.render(); this.fillMenu(); }
    }
  }

  next() { this.go(this.stepIndex + 1); }
  previous() { this.go(this.stepIndex - 1); }

  render() {
    const s = this.step;
    const n = this.lesson.steps.length;
    document.body.classList.add('in-lesson');
    this.root.hidden = false;
    this.root.inert = false;
    const nav = (text, id, disabled, action) => {
      const b = el('button', { type: 'button', id, textContent: text, disabled });
      b.addEventListener('click', action);
      return b;
    };
    const claim = parseClaim(s.claim);
    this.claimLine = el('p', { className: 'claim', id: 'lesson-claim' });
    this.checkable = true;
    const parts = [
      el('p', { className: 'lesson-where' }, `${this.lesson.title} · step ${this.stepIndex + 1} of ${n}`),
      el('h2', { id: 'lesson-title', textContent: s.title }),
      el('p', { id: 'lesson-text', textContent: s.text }),
    ];
    if (s.cite) parts.push(el('p', { className: 'citation', textContent: s.cite }));
    parts.push(el('p', { className: 'look' }, 'Look at: ', el('b', { textContent: this.lookTitle(s.look) })));
    if (s.predict) {
      const answer = el('p', { className: 'answer', id: 'lesson-answer', hidden: true });
      const choices = s.predict.choices.map((c, k) => {
        const b = el('button', { type: 'button', textContent: c, className: 'choice' });
        b.setAttribute('aria-pressed', 'false');
        b.addEventListener('click', () => {
          this.choice = k;
          choices.forEach((x, j) => x.setAttribute('aria-pressed', String(j === k)));
          this.update();
        });
        return b;
      });
      this.answer = answer;
      parts.push(el('div', { className: 'predict' },
        el('p', { textContent: `Before you press Play: ${s.predict.question}` }), el('div', { className: 'choices' }, ...choices), answer));
    } else {
      this.answer = null;
    }
    if (s.try?.length) {
      parts.push(el('div', { className: 'try' }, el('span', { textContent: 'Try this: ' }),
        ...s.try.map((t) => nav(t.label, '', false, () => this.host.open(`${s.run}&${new URLSearchParams(t.set)}`,
          { lesson: this.lesson.slug, step: String(this.stepIndex + 1) })))));
    }
    parts.push(this.claimLine);
    if (s.lecturer) parts.push(el('details', { className: 'lecturer', open: true }, el('summary', { textContent: 'For the lecturer' }), s.lecturer));
    parts.push(el('div', { className: 'lesson-nav' },
      nav('← Previous', 'lesson-prev', this.stepIndex === 0, () => this.previous()),
      nav('Next →', 'lesson-next', this.stepIndex === n - 1, () => this.next()),
      nav('Close lesson', 'lesson-close', false, () => this.host.closeLesson())));
    this.root.replaceChildren(...parts);
    this.claim = claim;
    this.highlight(s.look);
    this.update();
  }

  lookTitle(look) {
    return document.getElementById(`cap-${look}`)?.textContent || look;
  }

  /** Marks the step's plot and dims the others. */
  highlight(look) {
    for (const figure of document.querySelectorAll('figure')) {
      const id = figure.querySelector('canvas')?.id ?? '';
      const name = id.replace(/^plot-(compare-)?/, '').replace(/-\d+$/, '');
      const on = look !== null && (name === look || (look === 'task' && name === 'task'));
      figure.classList.toggle('looked-at', on);
      figure.classList.toggle('dimmed', look !== null && !on);
    }
  }

  /** The mini-batch at which a run that has trained `trained` should stop for the claim: its step, until the run
   *  is there (null when no claim is on show or the run has passed it). */
  stopAt(trained) {
    return this.lesson && this.claimLine && this.checkable && trained < this.claim.after ? this.claim.after : null;
  }

  /** The claim's verdict once the run has trained long enough, and the prediction's answer with it. */
  check() {
    const runs = this.host.measurements();
    // A run the claim names and the page does not show is said at once, not after the claim's steps.
    requireRuns(this.claim, runs);
    // The least-trained run: one added late to a comparison is still catching up.
    const step = runs.length ? Math.min(...runs.map((r) => r.diagnostics.step)) : 0;
    if (step < this.claim.after) return { done: false, step };
    return { done: true, step, ...checkClaim(this.claim, runs) };
  }

  /** Updates the claim line (called as the run trains). */
  update() {
    if (!this.lesson || !this.claimLine) return;
    let v;
    try { v = this.check(); this.checkable = true; } catch (e) {
      // No verdict, and no pause at the claim's step, for a run the claim is not about.
      this.checkable = false;
      this.verdict = null;
      // The run is no longer one the claim is about (a comparison left for one run, a rule changed): say so, with a
      // way back to the step's own run.
      const why = `The claim is about this step’s own run and cannot be checked on this one (${e.message}). `;
      if (this.claimLine.firstChild?.textContent !== why) {
        const back = el('button', { type: 'button', id: 'lesson-rerun', textContent: 'Back to this step’s run' });
        back.addEventListener('click', () => this.go(this.stepIndex));
        this.claimLine.replaceChildren(why, back);
      }
      this.claimLine.classList.remove('met');
      return;
    }
    // The verdict is the run's at the claim's step; a run played on past it keeps that verdict (a prism's
    // after-effect, say, is gone by the next block), and a new run (Reset) takes a new one.
    if (!v.done || (this.verdict && v.step < this.verdict.step)) this.verdict = null;
    if (v.done) { this.verdict ??= v; v = { ...this.verdict, now: v.step }; }
    const text = `The lab should show, after ${this.claim.after.toLocaleString('en')} mini-batches: ${this.claim.checks.map((c) => c.text).join('; ')}.`;
    // A question not yet answered keeps the verdict back: it would give the answer away.
    const waiting = this.step.predict && this.choice === null;
    const status = !v.done ? ` (${v.step.toLocaleString('en')} so far: press Play)`
      : waiting ? ' Answer the question above to see whether it does.'
        : (v.ok ? ' ✓ It does.' : ` ✗ Not in this run: ${v.results.filter((r) => !r.ok).map((r) => `${r.text} (${r.left.toPrecision(3)})`).join('; ')}.`)
          + (v.now > v.step ? ` (Checked at mini-batch ${v.step.toLocaleString('en')}; the run has gone on since.)` : '');
    if (this.claimLine.textContent !== text + status) this.claimLine.textContent = text + status;
    this.claimLine.classList.toggle('met', v.done && v.ok && !waiting);
    if (this.answer) {
      const p = this.step.predict;
      const shown = v.done && this.choice !== null;
      this.answer.hidden = !shown;
      if (shown) {
        const right = this.choice === p.answer;
        const text2 = `${right ? 'Right' : `Not quite: the answer is “${p.choices[p.answer]}”`}. ${p.why ?? ''}`;
        if (this.answer.textContent !== text2) this.answer.textContent = text2;
      }
    }
    // The verdict, once it comes, is scrolled into the panel's view (beside the plots the panel scrolls inside its
    // box, and the answer above it may have pushed it out of sight); the page itself does not move.
    if (this.verdict && !waiting && !this.verdict.shown) {
      this.verdict.shown = true;
      const nav = this.root.querySelector('.lesson-nav')?.offsetHeight ?? 0;
      const gap = this.claimLine.getBoundingClientRect().bottom - this.root.getBoundingClientRect().bottom + nav + 8;
      if (gap > 0) this.root.scrollTop += gap;
    }
  }
}
