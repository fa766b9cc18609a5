// How the page shows a run, apart from what the run is: the view keys of the URL (presenter mode, embed mode, the
// plots and controls an embed shows, the lesson and step on show), one run's panels or a comparison's, the embed
// snippet, and the texts that come from the core's facts. Methods of the app (main.js), which takes them in.

import { $ } from './dom.js';

/** Per run (or comparison) shown, its task's facts from `options()` (see `showPad`, `showPoints`). */
const runTasks = new WeakMap();

/** Keys of the URL that say how the page shows a run rather than what the run is: presenter mode, embed mode and
 *  which plots and controls an embed shows. They stay in the URL but never reach the core. */
const VIEW_KEYS = ['present', 'embed', 'plots', 'controls', 'lesson', 'step'];

/** Splits a hash into the run's query and the view's settings. */
export function splitHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view = new URLSearchParams();
  for (const key of VIEW_KEYS) {
    if (params.has(key)) { view.set(key, params.get(key)); params.delete(key); }
  }
  return { run: params.toString(), view };
}

/** The runs of a compare-mode hash (`compare=…`), or null. */
export const compareList = (hash) => new URLSearchParams(hash.replace(/^#/, '')).get('compare');

/** Whether the run of `query` (a hash's run part) trains a written rule: `rule=custom`, or `custom` compared. */
export function writesRule(query) {
  const p = new URLSearchParams(query.replace(/^#/, '').replace(/\+/g, '%2B'));
  return p.get('rule') === 'custom' || (p.get('compare') ?? '').split(',').some((e) => e.split(':')[0] === 'custom');
}

/** Presenter mode: plot labels of at least this many CSS pixels (the back of a lecture hall), the plots that
 *  carry the lecture's argument, and the controls a lecturer needs. */
const PRESENTER_FONT = 22;
const PRESENTER_PLOTS = ['loss', 'alignment', 'task'];
const PRESENTER_CONTROLS = ['play', 'step', 'reset', 'rule'];
/** An embed without `plots=` or `controls=` (a link written by hand): what the Embed button's snippet names, which
 *  fits its 800×600 frame. */
export const EMBED_PLOTS = ['loss', 'alignment', 'task'];
export const EMBED_CONTROLS = ['play', 'step', 'reset'];

/** The app's methods for the view (`this` is the app). */
export const viewModes = {
  /** The URL hash for the run and the view. */
  hash() {
    const view = this.view?.toString();
    return `#${this.lab.query()}${view ? `&${view}` : ''}`;
  },

  writeHash() { history.replaceState(null, '', this.hash()); },

  /** A run's query with the current view's keys, so that a change of setting keeps presenter or embed mode. */
  withView(query) {
    const view = this.view?.toString();
    return view ? `${query}&${view}` : query;
  },

  /** Applies the view keys: presenter mode (large type, few controls, the plots that matter), embed mode (no
   *  header or footer; `plots=` and `controls=` choose what shows). Returns what it could not use: a name in
   *  `plots=` or `controls=` the page does not have is said, and dropped from the URL. */
  showView() {
    const v = this.view;
    const presenting = v.get('present') === '1';
    const embedded = v.get('embed') === '1';
    document.body.classList.toggle('presenting', presenting);
    document.body.classList.toggle('embedded', embedded);
    // An embed's sizing, height messages and fullscreen button (embed.js, fetched for an embed only).
    if (embedded) import('./embed.js').then((m) => m.inFrame()).catch(() => {});
    // On a phone, 22 px labels would not fit its plots: presenter mode is for a projector.
    this.plots.minFont = presenting && innerWidth > 700 ? PRESENTER_FONT : 11;
    $('present-toggle').setAttribute('aria-pressed', String(presenting));
    $('present-toggle').textContent = presenting ? 'Leave presenter mode' : 'Presenter mode';
    const problems = [];
    const list = (key, what, known) => {
      const names = v.get(key)?.split(',').filter(Boolean);
      if (!names) return null;
      const kept = names.filter((n) => known.includes(n));
      const unknown = names.filter((n) => !known.includes(n));
      if (unknown.length) {
        problems.push(`Changed ${key}: no ${what} named ${unknown.map((n) => `'${n}'`).join(', ')} (choose from `
          + `${known.join(', ')}); ${kept.length ? 'left out' : `showing the usual ${what}s`}.`);
        if (kept.length) v.set(key, kept.join(',')); else v.delete(key);
      }
      return kept.length ? kept : null;
    };
    const figures = [...document.querySelectorAll('#single .plots figure')]
      .map((figure) => [figure, figure.querySelector('canvas').id.replace(/^plot-/, '')]);
    // In presenter mode a lesson step's plot is always among the three shown (in place of the task view).
    const look = this.lessons?.lesson ? this.lessons.step?.look : null;
    const presenterPlots = look && !PRESENTER_PLOTS.includes(look) && figures.some(([, name]) => name === look)
      ? [...PRESENTER_PLOTS.slice(0, 2), look] : PRESENTER_PLOTS;
    const plots = list('plots', 'plot', figures.map(([, name]) => name))
      ?? (presenting ? presenterPlots : embedded ? EMBED_PLOTS : null);
    for (const [figure, name] of figures) figure.hidden = plots !== null && !plots.includes(name);
    document.querySelector('#single .plots').dataset.count = plots?.length ?? '';
    const controls = list('controls', 'control', this.controls.names())
      ?? (presenting ? PRESENTER_CONTROLS : embedded ? EMBED_CONTROLS : null);
    this.controls.only(controls);
    return problems;
  },

  togglePresent() {
    if (this.view.get('present') === '1') this.view.delete('present'); else this.view.set('present', '1');
    this.writeHash();
    this.showView();
    this.render();
  },

  /** Shows the single run's panels or the comparison's. */
  showMode() {
    document.body.classList.toggle('comparing', this.comparing);
    $('compare').hidden = !this.comparing;
    $('single').hidden = this.comparing;
    $('compare-toggle').textContent = this.comparing ? 'Back to one run' : 'Compare rules side by side';
    $('compare-toggle').setAttribute('aria-pressed', String(this.comparing));
    if (this.comparing) this.compare.show(this.lab);
    this.listPlots();
  },

  /** Lists the plots on show in the Export section's menu (their captions name them), keeping the choice. */
  listPlots() {
    const menu = $('export-plot');
    const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.offsetParent !== null);
    const keep = menu.value;
    menu.replaceChildren(...canvases.map((c) => new Option(document.getElementById(c.getAttribute('aria-labelledby'))?.textContent || c.id, c.id)));
    if (canvases.some((c) => c.id === keep)) menu.value = keep;
  },

  /** Switches between one run and a comparison that starts with it (the first run's rule, going back). */
  toggleCompare() {
    if (this.comparing) {
      this.reset(this.withView(this.lab.first_query()));
    } else {
      this.reset(this.withView(`${this.lab.query()}&compare=${new URLSearchParams(this.lab.query()).get('rule')}`));
    }
  },

  /** A digit task's drawing pad, under the plots, fetched when first shown; then each run's answer for the drawn
   *  digit, kept current as the runs train. Not in an embed, nor beside a lesson in presenter mode (both fit one
   *  screen). */
  showPad() {
    // A run's task, looked up once per run rather than every frame.
    if (!runTasks.has(this.lab)) {
      runTasks.set(this.lab, this.options.tasks.find((t) => t.name === new URLSearchParams(this.lab.query()).get('task')));
    }
    const task = runTasks.get(this.lab);
    const onScreen = this.view.get('embed') === '1' || (this.view.get('present') === '1' && this.lessons?.lesson);
    this.showPoints(task?.planar && !this.comparing && !onScreen);
    const show = task?.view === 'digit' && task.classification && !onScreen;
    if (show && !this.pad) {
      this.pad = import('./pad.js').then((m) => { this.pad = new m.DigitPad(this); this.render(); })
        .catch((e) => { this.notify([`The drawing pad could not be loaded (${e.message ?? e}).`]); });
    }
    if (this.pad?.update) this.pad.update(show);
  },

  /** A 2-D task's "Place your own points" (points.js, fetched when first pressed: see `PointEditor`). One run
   *  only: a comparison trains every run on the points of its link. */
  showPoints(show) {
    const bar = $('points-bar');
    show &&= !$('plot-task').parentNode.hidden; // not when the task view is not shown (plots=)
    bar.hidden = !show;
    if (!bar.dataset.ready) {
      bar.dataset.ready = '1';
      $('points-edit').addEventListener('click', async () => {
        this.points ??= import('./points.js').then((m) => (this.points = new m.PointEditor(this)))
          .catch((e) => { this.points = null; this.notify([`Placing points could not be loaded (${e.message ?? e}).`]); });
        const editor = await this.points;
        editor?.toggle();
      });
    }
    if (this.points?.update) this.points.update(show);
  },

  /** The texts that come from the core's facts: the running rule's description (the panels' captions come with
   *  their summaries). */
  describe(params) {
    // The embed shows no header or description: one line names what runs, with a link to the full lab.
    const task = this.options.tasks.find((t) => t.name === params.get('task'));
    const rule = this.options.rules.find((r) => r.name === params.get('rule'))
      ?? (params.get('rule') === 'custom' ? this.options.language : undefined);
    // A rule that becomes another algorithm on the reward-only variant is named for the one that runs.
    const title = params.get('reward') === '1' ? rule?.rewardTitle : rule?.title;
    const who = this.comparing ? 'Rules side by side' : title;
    $('embed-title').textContent = `${who ?? ''} · ${task?.title ?? ''}`;
    // A comparison's heading and text are its view's (compare.js).
    if (this.comparing) return;
    const note = this.lab.coincidence();
    $('rule-note').hidden = !note;
    $('rule-note').textContent = note ?? '';
    $('rule-title').textContent = title ?? 'The rule';
    $('rule-about').textContent = rule?.about ?? '';
    $('rule-citation').textContent = rule?.citation ?? '';
  },
};
