// The rule editor, fetched with the bindings' build that has the rule language when a rule is first written (a
// link naming rule=custom, or "Write your own…" in the rule menu): a text box
// with line numbers in which a student writes a learning rule, checked as it is typed against the running
// network (an error is shown at its line and column, and the rule does not run), run with Play, and compared
// with backprop from the same start. The language is taught in docs/rules.md; the lab's rules written in it are
// the "Start from" menu.

import { $, el, button, loadStyle } from './dom.js';
import { withSettings } from './lesson-file.js';
import { writesRule } from './view.js';

/** How long typing rests before the text is checked. */
const CHECK_MS = 250;

/** Switches `app` to the build with the rule language (www/pkg/full/: the first visit's build leaves it out), handing
 *  it the data sets already loaded, and fetches the editor's style; resolves to this module. */
export async function useLanguage(app) {
  const [full] = await Promise.all([import('./pkg/full/plasticity_web.js'), loadStyle('editor')]);
  await full.default();
  for (const [file, text] of app.dataTexts) full.load_data(file, text);
  app.options.language = JSON.parse(full.options()).language;
  app.engine = full;
  return { showEditor, writeRule };
}

/** "Write your own…": the current run's settings with a written rule (backprop's text to start from). */
function writeRule(app) {
  const query = app.engine.changed(app.lab.query(), 'rule', 'custom');
  const view = app.view?.toString();
  app.reset(`#${query}${view ? `&${view}` : ''}`);
}

/** Shows the editor while a written rule runs (rule=custom, or custom compared), and hides it otherwise. */
function showEditor(app) {
  const query = app.lab.query();
  if (!writesRule(query)) { app.editor?.hide(); return; }
  app.editor ??= new RuleEditor(app);
  app.editor.show(query);
}

class RuleEditor {
  /** `host` is the app: its engine (`rule_error`), its running lab and `reset(hash)`. */
  constructor(host) {
    this.host = host;
    this.timer = null;
    const language = host.options.language;
    this.start = el('select', { id: 'rule-start', 'aria-label': 'start from the rule' },
      ...language.expressions.map((x) => el('option', { value: x.name, textContent: x.name })));
    this.text = el('textarea', {
      id: 'rule-text', spellcheck: false, rows: 6, maxLength: language.maxLength,
      'aria-label': 'your learning rule', 'aria-describedby': 'rule-error rule-help',
    });
    this.text.setAttribute('autocapitalize', 'off');
    this.lines = el('pre', { className: 'rule-lines', 'aria-hidden': 'true' });
    this.error = el('p', { id: 'rule-error', className: 'rule-error', role: 'alert' });
    this.root = el('section', { id: 'editor', className: 'editor', 'aria-label': 'Your rule' },
      el('h2', { textContent: 'Your rule' }),
      el('p', { id: 'rule-help', className: 'rule-help' },
        'One line each, for every layer l: delta[l] = the error hidden layer l receives (from the top down); '
        + 'dW[l] = its update (W ← W − η dW); feedback B[l] = random, or an expression; after B[l] = its new value. '
        + 'Names: x, y, e (the output error), h[l], z[l], delta[l], W[l], b[l], lr. outer(a, b) is ⟨a bᵀ⟩ over the '
        + 'batch; * multiplies matrices, .* element by element, \' transposes; f\'(z[l]) is the activation\'s slope; '
        + 'also mean, sign, abs, norm, clamp. A perturbed pass: xi[l] (its noise), noisy_h[l], dloss (each example\'s '
        + 'loss change), sigma.'),
      el('label', { className: 'rule-start' }, 'Start from ', this.start, ' ',
        button('Use', 'rule-use', false, () => this.use(this.start.value))),
      el('div', { className: 'rule-box' }, this.lines, this.text),
      this.error,
      el('div', { className: 'rule-actions' },
        button('Run this rule', 'rule-run', false, () => this.run(false)),
        button('Compare with backprop', 'rule-compare', false, () => this.run(true))));
    this.text.addEventListener('input', () => { this.number(); clearTimeout(this.timer); this.timer = setTimeout(() => this.check(), CHECK_MS); });
    this.text.addEventListener('scroll', () => { this.lines.scrollTop = this.text.scrollTop; });
    // Ctrl/Cmd+Enter runs the rule from the text box.
    this.text.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.run(false); } });
    const board = document.querySelector('.board');
    board.insertBefore(this.root, $('compare'));
  }

  /** Shows the editor for the run `query` (its `expr`, or backprop's text when it has none). */
  show(query) {
    this.root.hidden = false;
    const params = new URLSearchParams(query.replace(/\+/g, '%2B'));
    const text = params.get('expr') || this.host.options.language.expressions[0].text;
    if (document.activeElement !== this.text) this.text.value = text;
    this.number();
    this.check();
  }

  hide() { this.root.hidden = true; }

  /** Fills the box with a lab rule's text. */
  use(name) {
    this.text.value = this.host.options.language.expressions.find((x) => x.name === name)?.text ?? '';
    this.number();
    this.check();
    this.text.focus();
  }

  /** Line numbers beside the text, the line with the error marked. */
  number(bad = null) {
    const n = Math.max(1, this.text.value.split('\n').length);
    this.lines.replaceChildren(...Array.from({ length: n }, (_, i) => el('span', { className: i + 1 === bad ? 'bad' : '', textContent: `${i + 1}\n` })));
  }

  /** Checks the text against the running network: its first error, shown at its place; null when it has none. */
  check() {
    const found = JSON.parse(this.host.engine.rule_error(this.host.lab.query(), this.text.value));
    this.text.setAttribute('aria-invalid', String(Boolean(found)));
    this.error.textContent = found ? `Line ${found.line}, column ${found.col}: ${found.message}` : 'The rule is ready: Run it, or compare it with backprop.';
    this.error.classList.toggle('bad', Boolean(found));
    this.number(found?.line ?? null);
    return found;
  }

  /** Puts the caret on the error's place. */
  point({ line, col }) {
    const lines = this.text.value.split('\n');
    const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
    this.text.focus();
    this.text.setSelectionRange(at, Math.min(at + 1, this.text.value.length));
  }

  /** Runs the rule (beside backprop, from the same start, when `beside`); a rule with an error does not run. */
  run(beside) {
    const found = this.check();
    if (found) { this.point(found); return; }
    let query = withSettings(this.host.lab.query(), { rule: 'custom', expr: this.text.value });
    const list = new URLSearchParams(query).get('compare');
    if (beside && !writesRule(query.replace(/(^|&)rule=custom/, ''))) query = withSettings(query, { compare: list ? `${list},custom` : 'backprop,custom' });
    const view = this.host.view?.toString();
    this.host.reset(`#${query}${view ? `&${view}` : ''}`);
  }
}
