// Modal questions as native <dialog>s: they trap focus, close on Escape and give focus back to the
// button that opened them, which window.prompt/confirm do too but without styling, and which
// browser automation handles worse than ordinary elements.

import { $ } from './dom.js';

function ask(dialog, prepare) {
  return new Promise((resolve) => {
    prepare?.();
    const opener = document.activeElement;
    dialog.returnValue = '';
    dialog.addEventListener('close', () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue);
    }, { once: true });
    dialog.showModal();
  });
}

/** The reason to show a removed participant: a string (possibly empty), or null when cancelled. */
export async function askKickReason(name) {
  const input = $('#kick-reason-input');
  const answer = await ask($('#kick-dialog'), () => {
    $('#kick-title').textContent = `Remove ${name} from the meeting?`;
    input.value = '';
    setTimeout(() => input.focus(), 0);
  });
  return answer === 'confirm' ? input.value.trim() : null;
}

/** True when the person confirmed. */
export async function confirmAction({ title, text, ok }) {
  const answer = await ask($('#confirm-dialog'), () => {
    $('#confirm-title').textContent = title;
    $('#confirm-text').textContent = text;
    $('#confirm-ok').textContent = ok;
    setTimeout(() => $('#confirm-cancel').focus(), 0);
  });
  return answer === 'confirm';
}

/** Closes any open dialog, e.g. when the meeting ends under it. */
export function closeDialogs() {
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close('cancel');
}
