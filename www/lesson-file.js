// A lesson file (the format: docs/lessons.md): checking one, finding a step from a link, and the runs of a step's
// controls. Pure: no page and no wasm, so the lesson panel and the tests (in Node) share it.

import { parseClaim } from './claims.js';

const MAX_WORDS = 120;
/** The tables a step may show (`table`): `rules`, what each rule's hidden synapses need (the rules' own facts). */
export const TABLES = ['rules'];
/** The end check's name in links (`step=check`); no step may take it. */
export const CHECK = 'check';
/** A figure is one of the lab's own files: a relative path in its folder, no other origin, no way out of it. */
const FIGURE = /^results\/[a-z0-9-]+\.svg$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const isObject = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStrings = (x) => isObject(x) && Object.values(x).every((v) => typeof v === 'string');

/** Where a lesson named in a link lives: a slug is in www/lessons/; anything with a slash or a dot is a URL on the
 *  page's own origin (a course page's own lesson). */
export function lessonUrl(name) {
  return /[/.]/.test(name) ? new URL(name, location.href).href : new URL(`www/lessons/${name}.json`, location.href).href;
}

/** The step of `lesson` that a link's `step=` names: its id, or a number — an old number a step lists in `was` (it
 *  has moved since), else the step at that place — or `check`, the end check, which comes after the last step.
 *  Returns the index (from 0; the end check's is the number of steps), or -1 for a name no step has. */
export function findStep(lesson, name) {
  const steps = lesson.steps;
  if (name === CHECK && Array.isArray(lesson.check)) return steps.length;
  const byId = steps.findIndex((s) => s.id === name);
  if (byId >= 0) return byId;
  if (!/^\d+$/.test(String(name ?? ''))) return -1;
  const n = Number(name);
  const moved = steps.findIndex((s) => Array.isArray(s.was) && s.was.includes(n));
  if (moved >= 0) return moved;
  return Math.min(Math.max(1, n), steps.length) - 1;
}

/** A step's run with some settings changed (a "try" button's, a control's): each key set once, replacing the run's
 *  own value, as the page's settings do. */
export function withSettings(run, set = {}) {
  const params = new URLSearchParams(run);
  for (const [k, v] of Object.entries(set)) params.set(k, v);
  return queryOf(params);
}

/** `params` as a link's query, readable (commas, colons and spaces as they are) but with the characters escaped
 *  that would end a value or change it when read again: `%`, `&`, `#`, `+` (a space to a URL reader, and the `+`
 *  of a written rule's `l+1`) and line breaks. */
export function queryOf(params) {
  return [...params].map(([k, v]) => `${k}=${v.replace(/[%&#+\n]/g, encodeURIComponent)}`).join('&');
}

/** The run of one of a step's controls (see docs/lessons.md): the step's run with the control's settings, and in a
 *  comparison each entry the control names replaced by another. Returns `{ base, runs }`: the query without its
 *  comparison, and for a comparison `runs`, one `{ label, entry }` per run — the entry to train (alone, as
 *  `base&compare=entry`: a comparison's runs share their start, so each trains as it would beside the others), under
 *  the label the claim reads it by. `runs` is null for a single run. */
export function controlRun(run, control = {}) {
  const params = new URLSearchParams(withSettings(run, control.set));
  const list = params.get('compare');
  params.delete('compare');
  const base = queryOf(params);
  if (list === null) return { base, runs: null };
  const labels = list.split(',').map((e) => e.trim()).filter(Boolean);
  return { base, runs: labels.map((label) => ({ label, entry: control.runs?.[label] ?? label })) };
}

/** Checks a lesson file's contents; returns the problems, each naming the file and the step. `messages(query)` is
 *  the core's list of what it would change in a run's link; `panels` the page's panels (`options().panels`: their
 *  names, which a step's `look` names, and which a comparison shows too). */
export function validate(lesson, file, messages, panels) {
  const looks = panels.map((p) => p.name);
  const compareLooks = panels.filter((p) => p.inComparison).map((p) => p.name);
  const problems = [];
  const say = (where, what) => problems.push(`${file}${where}: ${what}`);
  if (!isObject(lesson)) { say('', 'not a JSON object'); return problems; }
  if (typeof lesson.title !== 'string') say('', 'no "title"');
  if (lesson.objectives !== undefined && !(Array.isArray(lesson.objectives) && lesson.objectives.every((o) => typeof o === 'string'))) {
    say('', '"objectives" is a list of sentences');
  }
  if (lesson.check !== undefined) {
    if (!Array.isArray(lesson.check) || lesson.check.length === 0) say('', '"check" is a list of questions');
    else lesson.check.forEach((q, k) => { if (!isQuestion(q, true)) say(`, check question ${k + 1}`, QUESTION); });
  }
  if (!Array.isArray(lesson.steps) || lesson.steps.length === 0) { say('', 'no "steps"'); return problems; }
  const ids = new Set();
  lesson.steps.forEach((s, i) => {
    const where = `, step ${i + 1}`;
    if (!isObject(s)) { say(where, 'not an object'); return; }
    const textOnly = s.no_run !== undefined;
    for (const key of textOnly ? ['title', 'text'] : ['title', 'text', 'look']) if (typeof s[key] !== 'string') say(where, `no "${key}"`);
    // Every field is checked for its type before it is used: a lesson file is typed by hand.
    if (typeof s.id !== 'string' || !ID.test(s.id)) say(where, 'an "id" of lower-case letters, digits and hyphens (the step\'s name in links)');
    else if (ids.has(s.id)) say(where, `the id "${s.id}" is taken by an earlier step`);
    else if (s.id === CHECK) say(where, `the id "${CHECK}" names the lesson's end check`);
    else ids.add(s.id);
    if (s.was !== undefined && !(Array.isArray(s.was) && s.was.every((n) => Number.isInteger(n) && n > 0))) say(where, '"was" lists the step numbers it had before it moved');
    const words = typeof s.text === 'string' ? s.text.split(/\s+/).filter(Boolean).length : 0;
    if (words > MAX_WORDS) say(where, `the text has ${words} words (at most ${MAX_WORDS})`);
    if (typeof s.look === 'string' && !looks.includes(s.look)) say(where, `"look" is "${s.look}"; choose from ${looks.join(', ')}`);
    if (textOnly) checkTextOnly(s, where, say);
    else checkRun(s, where, say, messages, compareLooks);
    checkCite(s.cite, where, say);
    checkFigure(s.figure, where, say);
    if (s.table !== undefined && !TABLES.includes(s.table)) say(where, `"table" is "${s.table}"; the page has ${TABLES.join(', ')}`);
    if (s.lecturer !== undefined && typeof s.lecturer !== 'string') say(where, '"lecturer" is text');
    if (s.control_step !== undefined && typeof s.control_step !== 'string') say(where, '"control_step" says why the step is a control');
    if (s.predict !== undefined && !isQuestion(s.predict, false)) say(where, `a prediction has ${QUESTION.slice(2)}`);
    if (s.write !== undefined && (typeof s.write !== 'string' || !/(^|&)rule=custom(&|$)/.test(s.run ?? ''))) {
      say(where, '"write" is the text the rule editor starts from, for a step whose run writes a rule (rule=custom)');
    } else if (s.write !== undefined) {
      for (const m of messages(withSettings(s.run, { expr: s.write }))) say(where, `its "write": ${m}`);
    }
  });
  return problems;
}

const QUESTION = 'a question has a "question", two or more "choices", the index of the right "answer" and a "why" (optional in a prediction)';

/** A multiple-choice question: a step's prediction, or a question of the lesson's end check (whose `why`, the
 *  explained answer, is required). */
function isQuestion(p, needsWhy) {
  return isObject(p) && typeof p.question === 'string' && Array.isArray(p.choices)
    && p.choices.length >= 2 && p.choices.every((c) => typeof c === 'string') && Number.isInteger(p.answer)
    && p.answer >= 0 && p.answer < p.choices.length && (needsWhy ? typeof p.why === 'string' : p.why === undefined || typeof p.why === 'string');
}

/** A step with no run (`no_run`: why the lab cannot show the topic honestly): text, citations and a figure only —
 *  nothing to play, so nothing to claim, predict or control. */
function checkTextOnly(s, where, say) {
  if (typeof s.no_run !== 'string' || !s.no_run.trim()) { say(where, '"no_run" says why the step has no run'); return; }
  const extra = ['run', 'look', 'claim', 'controls', 'predict', 'try', 'control_step'].filter((k) => s[k] !== undefined);
  if (extra.length) say(where, `a step with no run has no ${extra.map((k) => `"${k}"`).join(', ')}`);
}

/** `figure`: one of the lab's own reproduced figures, `{src, alt, results}` — a file in the lab's folder
 *  (`results/NAME.svg`, fetched only when the step opens), what it shows in words, and the RESULTS.md section it
 *  comes from. */
function checkFigure(f, where, say) {
  if (f === undefined) return;
  const ok = isObject(f) && typeof f.src === 'string' && FIGURE.test(f.src) && typeof f.alt === 'string' && f.alt.trim()
    && (f.results === undefined || typeof f.results === 'string');
  if (!ok) say(where, '"figure" is {"src": "results/NAME.svg", "alt": what it shows, "results": its RESULTS.md section}');
}

/** A step's run, claim, controls and "try" buttons. */
function checkRun(s, where, say, messages, compareLooks) {
  if (typeof s.run !== 'string') { say(where, 'no "run"'); return; }
  if (typeof s.claim !== 'string') { say(where, 'no "claim"'); return; }
  const comparing = /(^|&)compare=/.test(s.run);
  if (comparing && typeof s.look === 'string' && !compareLooks.includes(s.look)) {
    say(where, `a comparison shows ${compareLooks.join(', ')}; "look" is "${s.look}"`);
  }
  for (const m of messages(s.run)) say(where, `its run: ${m}`);
  let claim = null;
  try { claim = parseClaim(s.claim); } catch (e) { say(where, `its claim: ${e.message}`); }
  checkControls(s, claim, where, say, messages);
  if (s.try !== undefined && !Array.isArray(s.try)) say(where, '"try" is a list');
  for (const t of Array.isArray(s.try) ? s.try : []) {
    if (!(isObject(t) && typeof t.label === 'string' && isStrings(t.set))) say(where, 'a "try" has a "label" and a "set" of settings, each a string');
    else for (const m of messages(withSettings(s.run, t.set))) say(where, `"${t.label}": ${m}`);
  }
}

/** `cite`: a sentence, or a list of `{text, url}` with an https link (a DOI, the publisher's or arXiv's page). */
function checkCite(cite, where, say) {
  if (cite === undefined || typeof cite === 'string') return;
  const ok = Array.isArray(cite) && cite.every((c) => isObject(c) && typeof c.text === 'string'
    && (c.url === undefined || (typeof c.url === 'string' && /^https:\/\/[^\s"<>]+$/.test(c.url))));
  if (!ok) say(where, '"cite" is a sentence or a list of {"text", "url"}, each url https://');
}

/** `controls`: the runs that must fail the claim. Each says why, changes the run (`set`, and in a comparison `runs`)
 *  and lists the comparisons it must fail (`fails`, numbered from 1; all of them when left out). Every comparison of
 *  the claim is failed by at least one control. */
function checkControls(s, claim, where, say, messages) {
  if (!Array.isArray(s.controls) || s.controls.length === 0) {
    say(where, 'no "controls": list the runs that must fail the claim (docs/lessons.md)');
    return;
  }
  const n = claim?.checks.length ?? 0;
  const covered = new Set();
  s.controls.forEach((c, k) => {
    const at = `control ${k + 1}`;
    if (!isObject(c) || typeof c.why !== 'string' || (c.set === undefined && c.runs === undefined)
      || (c.set !== undefined && !isStrings(c.set)) || (c.runs !== undefined && !isStrings(c.runs))) {
      say(where, `${at} has a "why" and a "set" of settings or "runs" replaced, each a string`);
      return;
    }
    const fails = c.fails ?? Array.from({ length: n }, (_, i) => i + 1);
    if (!Array.isArray(fails) || !fails.every((f) => Number.isInteger(f) && f >= 1 && f <= n)) {
      say(where, `${at}: "fails" numbers the claim's comparisons, 1 to ${n}`);
      return;
    }
    fails.forEach((f) => covered.add(f));
    if (typeof s.run !== 'string') return;
    const { base, runs } = controlRun(s.run, c);
    const unknown = Object.keys(c.runs ?? {}).filter((r) => !runs?.some((x) => x.label === r));
    if (unknown.length) say(where, `${at} replaces runs the step does not have: ${unknown.join(', ')}`);
    for (const m of runs ? runs.flatMap((r) => messages(`${base}&compare=${r.entry}`)) : messages(base)) say(where, `${at}: ${m}`);
  });
  for (let i = 1; i <= n; i++) if (!covered.has(i)) say(where, `no control fails comparison ${i} of the claim`);
}
