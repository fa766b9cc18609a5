// The lessons menu: the list of lessons (www/lessons/index.json) with how much of each has been seen. It loads with
// the page; the lesson panel itself (lessons.js) is fetched only when a lesson opens, so a first visit without one
// does not download it.

/** What this browser remembers under `key` (a lesson's seen steps), or nothing. */
export function stored(key) {
  try { return JSON.parse(localStorage.getItem(key) ?? '[]'); } catch { return []; }
}

/** The lessons in order: `[{slug, title, steps}]`. Throws when the list cannot be had. */
export async function loadIndex() {
  const response = await fetch(new URL('www/lessons/index.json', location.href));
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

/** Lists `index` in `menu`, each lesson with its progress, `current` (a slug) selected. */
export function fillMenu(menu, index, current) {
  const seen = (slug) => stored(`plasticity-lesson-${slug}`).length;
  menu.replaceChildren(new Option('Lessons…', ''),
    ...index.map((l, i) => new Option(`${i + 1}. ${l.title} (${seen(l.slug)}/${l.steps} seen)`, l.slug)));
  menu.value = current ?? '';
}
