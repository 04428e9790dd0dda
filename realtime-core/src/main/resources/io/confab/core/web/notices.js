// Two channels to the person: #notice, a visible toast for things they must see (errors from the
// server, a host muting them, recording starting), and #announcer, a polite screen-reader line for
// background changes (someone joined, a hand went up) that would be noise as toasts.

import { $, el } from './dom.js';

let hideTimer = 0;

/**
 * Shows a transient notice. `kind` is "info" or "error"; `code` (an error frame's code) is kept in
 * data-code for tests; `action` adds one button ({label, run}) that also dismisses the notice.
 */
export function notify(message, { kind = 'info', code = null, action = null, timeout = kind === 'error' ? 8000 : 5000 } = {}) {
  const notice = $('#notice');
  clearTimeout(hideTimer);
  const parts = [el('span', { class: 'notice-text', text: message })];
  if (action) {
    parts.push(el('button', {
      type: 'button', class: 'notice-action', text: action.label,
      onclick: () => { hideNotice(); action.run(); },
    }));
  }
  parts.push(el('button', { type: 'button', class: 'notice-close icon-button', 'aria-label': 'Dismiss', text: '×', onclick: hideNotice }));
  notice.replaceChildren(...parts);
  notice.dataset.kind = kind;
  if (code) notice.dataset.code = code;
  else delete notice.dataset.code;
  notice.hidden = false;
  hideTimer = setTimeout(hideNotice, timeout);
}

export function hideNotice() {
  clearTimeout(hideTimer);
  const notice = $('#notice');
  notice.hidden = true;
}

/** Says something to screen-reader users only. Cleared first so a repeated line is read again. */
export function announce(text) {
  const announcer = $('#announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}
