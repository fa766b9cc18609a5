// The page's DOM helpers, shared by every script: find an element, make one, make a button, load a style sheet,
// tell whether an element takes the keys itself.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new `tag` element with `props` assigned and `children` appended. */
export const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** A button that runs `action` when pressed. */
export const button = (text, id, disabled, action) => {
  const b = el('button', { type: 'button', id, textContent: text, disabled });
  b.addEventListener('click', action);
  return b;
};

const styles = new Map();

/** One of the page's own style sheets, `pkg/NAME.css` (built from `www/NAME.css`), added the first time it is asked
 *  for: the lesson panel's and compare mode's load with their scripts. Resolves once it has loaded, or failed to (the
 *  page still works, plainer). */
export function loadStyle(name) {
  if (!styles.has(name)) {
    styles.set(name, new Promise((resolve) => {
      const link = el('link', { rel: 'stylesheet', href: new URL(`./pkg/${name}.css`, import.meta.url).href });
      link.addEventListener('load', resolve);
      link.addEventListener('error', resolve);
      document.head.append(link);
    }));
  }
  return styles.get(name);
}

/** Whether `element` takes the keys itself: a text or number field, a slider, a menu, an editable region. */
export function typing(element) {
  if (!element || element === document.body) return false;
  if (element.isContentEditable || element.matches('textarea, select')) return true;
  return element.matches('input') && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(element.type);
}
