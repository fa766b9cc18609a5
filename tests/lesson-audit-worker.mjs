// A worker thread of tests/lesson-controls.test.mjs: loads the shipped WebAssembly once, then trains each run it is
// sent (`{ run, after, seed }`, from `trainings` in lesson-audit.mjs) and posts back its measurements.

import { parentPort } from 'node:worker_threads';
import { loadLab, train } from './lesson-audit.mjs';

const wasm = await loadLab();
parentPort.on('message', ({ run, after, seed }) => parentPort.postMessage(train(wasm, run, after, seed)));
