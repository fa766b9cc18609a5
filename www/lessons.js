// Lessons: the lecture as a guided path. A lesson is a JSON file in www/lessons/ (the format: docs/lessons.md),
// listed in order in www/lessons/index.json. Each step sets up a run (a lab link), points at one plot, may ask a
// prediction before Play, offers "try this" changes, carries notes for the lecturer (folded away: a click opens them), and
// states a claim that the lab must show after training — checked live on the page, and by the tests on three seeds
// and against controls that must fail it (tests/lesson-controls.test.mjs). The claim language is in claims.js, the
// reading of a lesson file in lesson-file.js. This file knows no rule and no task: those are in the lesson files,
// checked by the core when a lesson loads.

import { checkClaim, checkUnit, checkWords, parseClaim, requireRuns, valueWords } from './claims.js';
import { CHECK, findStep, lessonUrl, validate, withSettings } from './lesson-file.js';
import { answers, fillMenu, record } from './lesson-menu.js';
import { button, el } from './dom.js';
import { citation, figure, rulesTable } from './lesson-parts.js';

// ---- The panel ----------------------------------------------------------------------------------------------------

export class LessonPanel {
  /** `host` is the app: it opens runs (`open(query, view)`), says messages (`notify`), gives the running lab's
   *  measurements (`measurements()`), closes the lesson (`closeLesson`), lists the lessons (`index()`) and the rules
   *  (`rules()`) and the panels (`panels()`), and puts a page that keeps the run on show in the link (`mark(view)`). */
  constructor(root, menu, host) {
    this.root = root;
    this.menu = menu;
    this.host = host;
    this.lesson = null;
    this.file = '';
    this.stepIndex = 0;
    this.choice = null;
    this.locked = false;
    this.verdict = null;
    this.claim = null;
    this.claimLine = null;
    this.answer = null;
    this.checkable = true;
    this.going = 0;
  }

  fillMenu() {
    fillMenu(this.menu, this.host.index(), this.lesson?.slug);
  }

  /** Opens step `step` (an id, or a number from 1) of lesson `name`; a bad file gets a message naming it and the page
   *  goes on. */
  async open(name, step) {
    // Closed, or another lesson chosen, while this one is read: the later choice stands.
    const ticket = (this.going += 1);
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
    const problems = validate(lesson, file.split('/').pop(), this.host.messages, this.host.panels());
    if (problems.length) {
      this.host.closeLesson();
      this.host.notify([`The lesson cannot be used: ${problems.join('; ')}.`]);
      return false;
    }
    this.lesson = { ...lesson, slug: name };
    this.file = file;
    const at = findStep(lesson, String(step ?? 1));
    await this.go(Math.max(0, at));
    // Said only if the step is still on show (its go() was the last thing done: not closed, nor moved on).
    if (ticket + 1 === this.going) {
      const n = lesson.steps.length;
      if (at < 0) this.host.notify([`Changed step: “${lesson.title}” has no step “${step}”; opened step 1.`]);
      else if (/^\d+$/.test(String(step)) && Number(step) > n) this.host.notify([`Changed step: “${lesson.title}” has steps 1 to ${n}; opened step ${at + 1}.`]);
    }
    return true;
  }

  close() {
    this.going += 1;
    this.lesson = null;
    this.root.hidden = true;
    document.body.classList.remove('in-lesson');
    this.highlight(null);
    this.fillMenu();
  }

  get step() { return this.lesson?.steps[this.stepIndex]; }

  /** The page's name in links: the step's id, or `check` for the end check. */
  get stepName() { return this.step?.id ?? CHECK; }

  /** The key this step's answers are kept under. */
  get key() { return `${this.lesson.slug}/${this.step.id}`; }

  /** The number of pages: the steps, and the end check after them if the lesson has one. */
  get pages() { return this.lesson.steps.length + (this.lesson.check ? 1 : 0); }

  /** Goes to step `i` (0-based; the end check is the page after the last step): its run, then its plot and texts,
   *  so the claim is never read off the run before (a comparison's script or a data set may have to load first).
   *  A step with no run, and the end check, keep the run on show. */
  async go(i) {
    if (!this.lesson || i < 0 || i >= this.pages) return;
    const ticket = (this.going += 1);
    this.stepIndex = i;
    if (i === this.lesson.steps.length || this.step.no_run) {
      this.claimLine = null;
      this.answer = null;
      this.host.mark({ lesson: this.lesson.slug, step: this.step?.id ?? CHECK });
      if (this.step) this.render(); else this.renderCheck();
      this.fillMenu();
      return;
    }
    // A prediction made on an earlier visit stays made: its answer has been seen.
    const kept = answers()[this.key];
    this.choice = kept?.choice ?? null;
    this.locked = kept?.locked ?? false;
    this.verdict = null;
    // Until the step's run is open, the panel on show is the previous step's: it checks no claim and takes no
    // clicks (its prediction or "Try this" would mix the two steps).
    this.claimLine = null;
    this.answer = null;
    this.root.inert = true;
    try {
      // A step that has the student write a rule opens its run with the text the editor starts from.
      const run = this.step.write === undefined ? this.step.run : withSettings(this.step.run, { expr: this.step.write });
      await this.host.open(run, { lesson: this.lesson.slug, step: this.step.id });
    } catch (e) {
      this.host.notify([`The step’s run could not be opened (${e.message ?? e}).`]);
    } finally {
      // Closed meanwhile: nothing to show. Moved on meanwhile (n pressed twice): the newer step shows itself.
      if (this.lesson && ticket === this.going) { this.render(); this.fillMenu(); }
    }
  }

  next() { this.go(this.stepIndex + 1); }
  previous() { this.go(this.stepIndex - 1); }

  /** Shows the panel with `parts` above the lesson's navigation, and the plot `look` outlined (none: null). */
  show(parts, look) {
    document.body.classList.add('in-lesson');
    this.root.hidden = false;
    this.root.inert = false;
    const last = this.stepIndex === this.pages - 1;
    const toCheck = this.lesson.check && this.stepIndex === this.lesson.steps.length - 1;
    // The story (where, title, text, source) and the task (look, predict, claim, notes) are two blocks: stacked in
    // a column, side by side in presenter mode's strip across the screen.
    const at = parts.findIndex((p) => p.matches('.look, .no-run, .check'));
    const split = at < 0 ? parts.length : at;
    this.root.replaceChildren(
      el('div', { className: 'lesson-story' }, ...parts.slice(0, split)),
      el('div', { className: 'lesson-task' }, ...parts.slice(split)),
      el('div', { className: 'lesson-nav' },
        button('← Previous', 'lesson-prev', this.stepIndex === 0, () => this.previous()),
        button(toCheck ? 'End check →' : 'Next →', 'lesson-next', last, () => this.next()),
        button('Close lesson', 'lesson-close', false, () => this.host.closeLesson())));
    this.root.scrollTop = 0;
    this.highlight(look);
    this.reveal();
  }

  /** Brings the plot the step looks at into view if any of it is off screen (below the fold on a laptop, further
   *  down on a phone), scrolling no more than it needs. */
  reveal() {
    const figure = document.querySelector('figure.looked-at');
    if (!figure || document.body.classList.contains('presenting')) return;
    const r = figure.getBoundingClientRect();
    if (r.top >= 0 && r.bottom <= innerHeight) return;
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    figure.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }

  render() {
    const s = this.step;
    const n = this.lesson.steps.length;
    const parts = [
      el('p', { className: 'lesson-where' }, `${this.lesson.title} · step ${this.stepIndex + 1} of ${n}`),
      el('h2', { id: 'lesson-title', textContent: s.title }),
    ];
    if (this.stepIndex === 0 && this.lesson.objectives?.length) {
      parts.push(el('div', { className: 'objectives', id: 'lesson-objectives' }, el('p', { textContent: 'In this lesson you will:' }),
        el('ul', {}, ...this.lesson.objectives.map((o) => el('li', { textContent: o })))));
    }
    parts.push(el('p', { id: 'lesson-text', textContent: s.text }));
    if (s.cite) parts.push(citation(s.cite));
    if (s.table === 'rules') parts.push(rulesTable(this.host.rules()));
    if (s.figure) parts.push(figure(s.figure));
    this.answer = null;
    if (s.no_run) {
      this.claim = null;
      this.claimLine = null;
      parts.push(el('p', { className: 'no-run', id: 'lesson-no-run' }, el('b', { textContent: 'No run for this step. ' }), s.no_run));
      if (s.lecturer) parts.push(lecturerNotes(s.lecturer));
      record(this.key, { read: true });
      this.show(parts, null);
      return;
    }
    this.claim = parseClaim(s.claim);
    this.claimLine = el('p', { className: 'claim', id: 'lesson-claim' });
    this.checkable = true;
    parts.push(el('p', { className: 'look' }, 'Look at: ', el('b', { textContent: this.lookTitle(s.look) })));
    if (s.predict) parts.push(this.prediction(s.predict));
    if (s.try?.length) {
      parts.push(el('div', { className: 'try' }, el('span', { textContent: 'Try this: ' }),
        ...s.try.map((t) => button(t.label, '', false, () => this.host.open(withSettings(s.run, t.set),
          { lesson: this.lesson.slug, step: s.id })))));
    }
    parts.push(this.claimLine);
    parts.push(el('p', { className: 'controls-note', id: 'lesson-controls' },
      `Checked by the tests on three seeds, and against runs that must fail it: ${s.controls.map((c) => c.why).join('; ')}.`));
    if (s.control_step) parts.push(el('p', { className: 'controls-note' }, `This step is itself a control: ${s.control_step}`));
    if (s.lecturer) parts.push(lecturerNotes(s.lecturer));
    this.show(parts, s.look);
    this.update();
  }

  /** The end check: a few questions about what the lesson's runs showed, each answered at once with its
   *  explanation; the answers are kept with the predictions (My answers). */
  renderCheck() {
    const kept = answers();
    const questions = this.lesson.check.map((q, k) => {
      const key = `${this.lesson.slug}/${CHECK}-${k + 1}`;
      const said = el('p', { className: 'answer', hidden: true });
      const explain = (choice) => {
        said.hidden = false;
        said.textContent = `${choice === q.answer ? 'Right' : `Not quite: the answer is “${q.choices[q.answer]}”`}. ${q.why}`;
      };
      const choices = q.choices.map((c, j) => {
        const b = el('button', { type: 'button', textContent: c, className: 'choice' });
        b.setAttribute('aria-pressed', String(kept[key]?.choice === j));
        b.addEventListener('click', () => {
          record(key, { choice: j, right: j === q.answer });
          choices.forEach((x, i) => x.setAttribute('aria-pressed', String(i === j)));
          explain(j);
          this.fillMenu();
        });
        return b;
      });
      if (Number.isInteger(kept[key]?.choice)) explain(kept[key].choice);
      return el('li', { className: 'check-question' }, el('p', { textContent: q.question }), el('div', { className: 'choices' }, ...choices), said);
    });
    this.show([
      el('p', { className: 'lesson-where' }, `${this.lesson.title} · end check`),
      el('h2', { id: 'lesson-title', textContent: 'What did the runs show?' }),
      el('p', { textContent: 'Answer from what you saw in this lesson’s runs; each answer is explained as you give it, and kept with your predictions (Lessons → My answers).' }),
      el('ol', { className: 'check', id: 'lesson-check' }, ...questions),
    ], null);
  }

  /** The question asked before Play: its choices can be changed until the run reaches the claim's step, and are
   *  locked from then on (the run has shown the answer); the answer and its "why" come with the verdict. */
  prediction(p) {
    this.answer = el('p', { className: 'answer', id: 'lesson-answer', hidden: true });
    this.choiceButtons = p.choices.map((c, k) => {
      const b = el('button', { type: 'button', textContent: c, className: 'choice' });
      b.setAttribute('aria-pressed', String(this.choice === k));
      b.addEventListener('click', () => {
        if (this.locked) return;
        this.choice = k;
        record(this.key, { choice: k, right: k === p.answer, locked: false });
        this.choiceButtons.forEach((x, j) => x.setAttribute('aria-pressed', String(j === k)));
        this.update();
      });
      return b;
    });
    return el('div', { className: 'predict' },
      el('p', { textContent: `Before you press Play: ${p.question}` }), el('div', { className: 'choices' }, ...this.choiceButtons), this.answer);
  }

  lookTitle(look) {
    return document.getElementById(`cap-${look}`)?.textContent || look;
  }

  /** Marks the step's plot and dims the others (in presenter mode, first making sure it is one of those shown). */
  highlight(look) {
    if (document.body.classList.contains('presenting') && !this.showingView) {
      this.showingView = true;
      this.host.showView?.();
      this.showingView = false;
    }
    for (const figure of document.querySelectorAll('figure')) {
      const id = figure.querySelector('canvas')?.id ?? '';
      const name = id.replace(/^plot-(compare-)?/, '').replace(/-\d+$/, '');
      const on = look !== null && (name === look || (look === 'task' && name === 'task'));
      figure.classList.toggle('looked-at', on);
      figure.classList.toggle('dimmed', look !== null && !on);
    }
    // "Look at" names the plot by the heading it has on screen (a comparison's differ from one run's).
    // A comparison's task views are one per run, each captioned with its run's name: they are named together.
    const shown = [...document.querySelectorAll('figure.looked-at')].filter((f) => f.offsetParent !== null);
    const name = this.root.querySelector('.look b');
    const heading = shown.length > 1 ? 'each run\'s task view' : shown[0]?.querySelector('figcaption')?.textContent;
    if (name && heading) name.textContent = heading;
  }

  /** The mini-batch at which a run that has trained `trained` should stop for the claim: its step, until the run
   *  is there (null when no claim is on show or the run has passed it). */
  stopAt(trained) {
    return this.lesson && this.claimLine && this.checkable && trained < this.claim.after ? this.claim.after : null;
  }

  /** The claim's verdict once the run has trained long enough. */
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
    if (v.done) {
      if (!this.verdict) {
        this.verdict = v;
        this.lock();
        this.reveal();
        record(this.key, { verdict: v.ok, at: v.step });
        this.fillMenu();
      }
      v = { ...this.verdict, now: v.step };
    }
    // The claim in words generated from it (what is checked, exactly), each with the value the run reached.
    const reached = (k) => (v.done ? ` (${valueWords(v.results[k].left, checkUnit(this.claim.checks[k]))})` : '');
    const words = this.claim.checks.map((c, k) => `${checkWords(c)}${reached(k)}`).join('; ');
    const text = `The lab should show, after ${this.claim.after.toLocaleString('en')} mini-batches: ${words}.`;
    const status = !v.done ? ` (${v.step.toLocaleString('en')} so far: press Play)`
      : (v.ok ? ' ✓ It does.' : ` ✗ Not in this run: ${v.results.map((r, k) => [r, k]).filter(([r]) => !r.ok).map(([, k]) => checkWords(this.claim.checks[k])).join('; ')}.`)
          + (v.now > v.step ? ` (Checked at mini-batch ${v.step.toLocaleString('en')}; the run has gone on since.)` : '');
    if (this.claimLine.textContent !== text + status) this.claimLine.textContent = text + status;
    this.claimLine.title = `As written in the lesson: ${this.claim.text}`;
    this.claimLine.classList.toggle('met', v.done && v.ok);
    this.showAnswer();
    // The verdict, once it comes, is scrolled into the panel's view (beside the plots the panel scrolls inside its
    // box, and the answer above it may have pushed it out of sight); the page itself does not move.
    if (this.verdict && !this.verdict.shown) {
      this.verdict.shown = true;
      const nav = this.root.querySelector('.lesson-nav')?.offsetHeight ?? 0;
      const gap = this.claimLine.getBoundingClientRect().bottom - this.root.getBoundingClientRect().bottom + nav + 8;
      if (gap > 0) this.root.scrollTop += gap;
    }
  }

  /** Locks the prediction: the run has reached the claim's step, so its answer is on screen. Kept for this step. */
  lock() {
    if (!this.step.predict || this.locked) return;
    this.locked = true;
    record(this.key, { choice: this.choice, right: this.choice === this.step.predict.answer, locked: true });
    for (const b of this.choiceButtons ?? []) b.setAttribute('aria-disabled', 'true');
  }

  /** The prediction's answer and its "why", once locked. */
  showAnswer() {
    if (!this.answer) return;
    const p = this.step.predict;
    for (const b of this.choiceButtons ?? []) {
      if (this.locked) b.setAttribute('aria-disabled', 'true');
      else b.removeAttribute('aria-disabled');
    }
    this.answer.hidden = !this.locked;
    if (!this.locked) return;
    const said = this.choice === null ? `You did not predict before the run reached it; the answer is “${p.choices[p.answer]}”`
      : this.choice === p.answer ? 'Right' : `Not quite: the answer is “${p.choices[p.answer]}”`;
    const text = `${said}. ${p.why ?? ''}`.trim();
    if (this.answer.textContent !== text) this.answer.textContent = text;
  }
}

/** The lecturer's notes, folded: on a projector the room sees only the line "For the lecturer", and a click opens
 *  them on the lecturer's own screen or, when the lecturer chooses, on the projected one. */
function lecturerNotes(text) {
  return el('details', { className: 'lecturer' }, el('summary', { textContent: 'For the lecturer (click to open)' }), text);
}
