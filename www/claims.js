// The claim language of the lessons (the format: docs/lessons.md). A claim says what the lab must show after a number
// of mini-batches:
//
//   after 2000: feedback_angle[1] < 60; test_accuracy(backprop) - test_accuracy(shallow) > 0.3; |Δmeasure[weak]| < 0.01
//
// Every comparison must hold. A term is a number, a quantity, `quantity(run)` (a run of a comparison, by its entry in
// the list), `Δquantity` (its change since the run started), a number times one of those (`1.5·nse(backprop)`), or
// `|…|` of one; terms add and subtract. Quantities: step, train_loss, test_loss, train_accuracy, test_accuracy, nse,
// update_angle[k], feedback_angle[k], error_norm[k], feedback_shift[k] (k = 1 for the first hidden layer, as the plots
// count), and a task's measures by label: measure[strong].
//
// This module is pure (no page, no wasm): the lesson panel checks claims with it on the page, and the tests check every
// lesson's claims and their controls with it in Node.

const QUANTITY = /^(Δ?)(step|train_loss|test_loss|train_accuracy|test_accuracy|nse|update_angle\[\d+\]|feedback_angle\[\d+\]|error_norm\[\d+\]|feedback_shift\[\d+\]|measure\[[^\]]+\])/;
const QUANTITIES = 'step, train_loss, test_loss, train_accuracy, test_accuracy, nse, update_angle[k], feedback_angle[k], error_norm[k], feedback_shift[k], measure[label], each optionally as Δquantity';

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
    const rest = s.slice(number[0].length).trim();
    const value = Number(number[0]);
    // `0.2·x` or `0.2*x`: a number times a quantity.
    if (rest[0] === '·' || rest[0] === '*') {
      const t = parseTerm(rest.slice(1).trim());
      return { term: { ...t.term, factor: value * (t.term.factor ?? 1) }, rest: t.rest };
    }
    return { term: { value }, rest };
  }
  const q = QUANTITY.exec(s);
  if (!q) throw new Error(`unknown quantity at "${s}" (${QUANTITIES})`);
  let rest = s.slice(q[0].length);
  let run = null;
  const r = /^\(([^)]+)\)/.exec(rest);
  if (r) { run = r[1].trim(); rest = rest.slice(r[0].length); }
  return { term: { quantity: q[2], change: q[1] === 'Δ', run }, rest };
}

/** The value of `quantity` in a measurement (the core's `Diagnostics` as JSON); NaN where it has none. */
export function read(d, quantity) {
  if (!d) return NaN;
  const layer = /^(\w+)\[(\d+)\]$/.exec(quantity);
  if (quantity.startsWith('measure[')) {
    const label = quantity.slice(8, -1);
    return d.measures.find((m) => m.label === label)?.value ?? NaN;
  }
  if (layer) {
    const l = d.layers[Number(layer[2]) - 1];
    const key = { update_angle: 'update_angle_deg', feedback_angle: 'feedback_angle_deg', error_norm: 'error_norm', feedback_shift: 'feedback_shift' }[layer[1]];
    return l?.[key] ?? NaN;
  }
  return d[quantity] ?? NaN;
}

/** Every term of a parsed claim that reads a quantity. */
const quantityTerms = (claim) => claim.checks.flatMap((c) => [...c.left, ...c.right]).filter((t) => t.value === undefined);

/** The runs a parsed claim names (`null` for "the first run"), each once. */
export function namedRuns(claim) {
  return [...new Set(quantityTerms(claim).map((t) => t.run))];
}

/** The run a claim's term reads in `runs` (`[{run, diagnostics, initial}]`, the first for a term without a run). */
function runOf(term, runs) {
  const run = term.run === null ? runs[0] : runs.find((r) => r.run === term.run);
  if (!run) throw new Error(`no run "${term.run}" here`);
  return run;
}

/** Throws when a parsed claim names a run that `runs` does not hold: said before the claim can be evaluated. */
export function requireRuns(claim, runs) {
  for (const t of quantityTerms(claim)) runOf(t, runs);
}

/** Evaluates a parsed claim on `runs` (`[{run, diagnostics, initial}]`: each run's latest measurement and, for `Δ`
 *  terms, its first), the first for a term without a run. A value a run does not have is NaN, and a comparison with
 *  NaN on either side fails: a missing value never passes. */
export function checkClaim(claim, runs) {
  const value = (terms) => terms.reduce((sum, t) => {
    if (t.value !== undefined) return sum + t.sign * t.value;
    const run = runOf(t, runs);
    let v = read(run.diagnostics, t.quantity);
    if (t.change) v -= read(run.initial, t.quantity);
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

/** The words for a quantity, as the plots name it (`k` counts layers as the plots do, 1 for the first hidden one). */
function quantityWords(quantity) {
  const layer = /^(\w+)\[(\d+)\]$/.exec(quantity);
  const k = layer ? Number(layer[2]) : 0;
  const sub = (n) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
  if (quantity.startsWith('measure[')) return `“${quantity.slice(8, -1)}”`;
  return {
    step: 'the mini-batches trained',
    train_loss: 'the training loss',
    test_loss: 'the test loss',
    train_accuracy: 'the training accuracy',
    test_accuracy: 'the test accuracy',
    nse: 'the normalized error (1 is a network that outputs zero)',
    update_angle: `the angle between layer ${k}'s update and backprop's (ΔW${sub(k)})`,
    feedback_angle: `the angle between B${sub(k)} and W${sub(k + 1)}ᵀ`,
    error_norm: `the size of layer ${k}'s error signal ‖δ‖`,
    feedback_shift: `how far feedback moves layer ${k}'s activity`,
  }[layer ? layer[1] : quantity];
}

function termWords(t) {
  if (t.value !== undefined) return null;
  let w = quantityWords(t.quantity);
  if (t.change) w = t.abs ? `the size of the change in ${w.replace(/^the /, '')}` : `the change in ${w.replace(/^the /, '')}`;
  else if (t.abs) w = `the size of ${w.replace(/^the /, '')}`;
  if (t.run) w += ` in the ${t.run} run`;
  if (t.factor !== undefined && t.factor !== 1) w = `${t.factor} × ${w}`;
  return w;
}

/** The unit a comparison's numbers are in: degrees when it compares angles only, per cent for accuracies only. */
function unitOf(c) {
  const q = [...c.left, ...c.right].filter((t) => t.value === undefined).map((t) => t.quantity);
  if (q.length && q.every((x) => /angle\[/.test(x))) return 'deg';
  if (q.length && q.every((x) => /accuracy$/.test(x))) return 'pct';
  return '';
}

/** `x` as a comparison in unit `unit` writes it. */
export function valueWords(x, unit) {
  if (!Number.isFinite(x)) return String(x);
  if (unit === 'deg') return `${Number(x.toPrecision(3))}°`;
  if (unit === 'pct') return `${Number((100 * x).toPrecision(3))} %`;
  return String(Number(x.toPrecision(3)));
}

/** A comparison of a parsed claim in words: "the angle between B₁ and W₂ᵀ is below 45°". Generated from the
 *  claim itself, so the words say exactly what is checked. */
export function checkWords(c) {
  const unit = unitOf(c);
  const side = (terms) => terms.map((t, k) => {
    const w = termWords(t) ?? valueWords(t.value, unit);
    return k === 0 ? (t.sign < 0 ? `− ${w}` : w) : `${t.sign < 0 ? '−' : '+'} ${w}`;
  }).join(' ');
  const op = { '<': 'is below', '>': 'is above', '<=': 'is at most', '>=': 'is at least' }[c.op];
  return `${side(c.left)} ${op} ${side(c.right)}`;
}

/** The unit `checkWords` writes a comparison's values in. */
export const checkUnit = unitOf;
