// Small DOM helpers. Everything the client shows that came from another person (names, chat,
// kick reasons) goes through textContent, never innerHTML, so nobody can inject markup into
// someone else's page.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/**
 * Creates an element. `props`: `class`, `text`, `hidden`, `style` (CSS declarations, set through
 * CSSOM because the Content-Security-Policy refuses style attributes), `on<event>` handlers, anything
 * else as an attribute (`data-*`, `aria-*`, `type`...). Children are nodes or strings (added as text).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'hidden') node.hidden = true;
    else if (key === 'style') node.style.cssText = String(value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * Shows an error near a form, or hides it when `message` is empty. The server's message is shown as
 * it came (.error-message); `hint` adds what to do about it (.error-hint); `problems` lists field errors.
 */
export function showFormError(target, message, { code, problems = [], hint } = {}) {
  const box = typeof target === 'string' ? $(target) : target;
  if (!box) return;
  if (!message) {
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.code;
    return;
  }
  box.replaceChildren(el('span', { class: 'error-message', text: message }));
  if (hint) box.append(' ', el('span', { class: 'error-hint', text: hint }));
  if (problems.length > 0 && box.tagName !== 'P') {
    box.append(el('ul', { class: 'problems' }, problems.map((p) => el('li', { text: p }))));
  } else if (problems.length > 0) {
    box.append(document.createTextNode(' (' + problems.join('; ') + ')'));
  }
  if (code) box.dataset.code = code;
  else delete box.dataset.code;
  box.hidden = false;
}

/** Disables a form's submit button while a request runs, so a double click does not send twice. */
export async function whileBusy(button, work) {
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = wasDisabled;
    button.removeAttribute('aria-busy');
  }
}

/** One or two letters for an avatar: "Ada Lovelace" -> "AL", "bob" -> "B". */
export function initials(name) {
  const words = String(name || '?').trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w)[0]).join('').toUpperCase() || '?';
}

/** A stable hue per participant so the same person keeps the same avatar colour in every list. */
export function hueFor(id) {
  let hash = 0;
  for (const c of String(id)) hash = (hash * 31 + c.codePointAt(0)) >>> 0;
  return hash % 360;
}
