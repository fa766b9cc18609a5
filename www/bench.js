// Benchmarks of the engine in the browser, printed as JSON (the end-to-end bench test reads window.benchResults).
// The networks come from the core (`benchmarks`): TensorFlow Playground's default (2 inputs, hidden 4 and 2, tanh,
// batch 10) and its largest (all 7 features, six hidden layers of 8), trained with backprop.

import init, { Lab, options } from './pkg/plasticity_web.js';
// The list of networks is in the second build (the one with the rule language), which the lab's first visit
// leaves out; the networks train on the first visit's build, as the lab does.
import initFull, { benchmarks, slow_benchmarks } from './pkg/full/plasticity_web.js';

await init();
await initFull();
// A canvas per panel of the core's registry, as the page has.
const names = JSON.parse(options()).panels.map((p) => p.name);
const canvases = names.map((n) => {
  const c = Object.assign(document.createElement('canvas'), { id: `plot-${n}`, width: 420, height: 260 });
  document.body.append(c);
  return c;
});
const all = names.join(',');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Training samples per second, training only, for about `seconds`. */
function throughput(query, seconds = 2) {
  const lab = new Lab(query);
  lab.step(500);
  let steps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) { lab.step(500); steps += 500; t = performance.now(); }
  lab.free();
  return (steps * 10) / ((t - t0) / 1000);
}

/** Median milliseconds of one frame's compute: `steps` mini-batches, one measurement, every plot redrawn. */
function frameCost(query, steps, frames = 60, playing = false) {
  const lab = new Lab(query);
  const parts = { step: [], measure: [], draw: [], total: [] };
  for (let f = 0; f < frames; f++) {
    const t0 = performance.now();
    lab.step(steps);
    const t1 = performance.now();
    lab.measure();
    const t2 = performance.now();
    lab.draw(all, canvases, 1, 11, playing);
    const t3 = performance.now();
    parts.step.push(t1 - t0); parts.measure.push(t2 - t1); parts.draw.push(t3 - t2); parts.total.push(t3 - t0);
  }
  lab.free();
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Number(median(v).toFixed(2))]));
}

/** Animates every plot at the display's frame rate for `seconds`, training as many steps a frame as fit in
 *  `budget` ms (or exactly `fixed` steps a frame), and reports the frame rate and training samples per second
 *  actually achieved. */
function live(query, seconds = 4, budget = 10, fixed = 0, playing = false) {
  return new Promise((resolve) => {
    const lab = new Lab(query);
    let steps = fixed || 50; let frames = 0; let samples = 0;
    const t0 = performance.now();
    const frame = () => {
      const s = performance.now();
      lab.step(steps); samples += steps * 10;
      lab.measure();
      lab.draw(all, canvases, 1, 11, playing);
      const cost = performance.now() - s;
      if (!fixed) steps = Math.max(1, Math.round(steps * Math.min(2, budget / Math.max(cost, 0.1))));
      frames += 1;
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed < seconds) requestAnimationFrame(frame);
      else { lab.free(); resolve({ fps: Number((frames / elapsed).toFixed(1)), samplesPerSecond: Math.round(samples / elapsed) }); }
    };
    requestAnimationFrame(frame);
  });
}

/** Median milliseconds to redraw each plot alone. */
function chartCost(query, frames = 30) {
  const lab = new Lab(query);
  lab.step(100);
  lab.measure();
  const out = {};
  names.forEach((name, k) => {
    const times = [];
    for (let f = 0; f < frames; f++) {
      const t0 = performance.now();
      lab.draw(name, [canvases[k]], 1, 11, false);
      times.push(performance.now() - t0);
    }
    out[name] = Number(median(times).toFixed(2));
  });
  lab.free();
  return out;
}

const networks = JSON.parse(benchmarks());
const DEFAULT = networks['playground-default'];
const LARGEST = networks['playground-largest'];
const results = {
  userAgent: navigator.userAgent,
  trainSamplesPerSecond: { default: Math.round(throughput(DEFAULT)), largest: Math.round(throughput(LARGEST)) },
  frameMs: {
    // Playground trains one epoch (250 samples, 25 batches of 10) a frame; the same here.
    default: frameCost(DEFAULT, 25),
    largest: frameCost(LARGEST, 25),
  },
  chartMs: { default: chartCost(DEFAULT), largest: chartCost(LARGEST) },
  liveWithAllPlots: { default: await live(DEFAULT), largest: await live(LARGEST) },
  slowRules: {},
};
// The rules that settle or infer before they learn, on the page's default preset (what opens with an empty link)
// switched to each rule (the core lists them), at one mini-batch a frame with every plot drawn: the frame's
// compute, the frame rate that compute allows, and the frame rate reached under requestAnimationFrame. Drawn as the
// page draws while it plays (a settling network's decision boundary refreshed a quarter of its rows a frame).
for (const [rule, query] of Object.entries(JSON.parse(slow_benchmarks()))) {
  const cost = frameCost(query, 1, 60, true);
  results.slowRules[rule] = {
    frameMs: cost, computeBoundFps: Math.round(1000 / cost.total), live: await live(query, 3, 0, 1, true),
  };
}
document.getElementById('results').textContent = JSON.stringify(results, null, 2);
window.benchResults = results;
