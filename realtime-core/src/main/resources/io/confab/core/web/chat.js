// The chat panel: messages to everyone or privately to one participant. The server echoes every
// message to its sender (and both ends of a private one), so a line appears only once the server
// has accepted it, in the order the server gave it; nothing is drawn optimistically.

import { $, el } from './dom.js';
import { formatClock } from './time.js';

/** The server's limit (Limits.MAX_CHAT_TEXT), in code points. */
const MAX_CHAT = 4000;

export class ChatPanel {
  /** @param send (type, fields) => request id */
  constructor(room, send) {
    this.room = room;
    this.send = send;
    this.unread = 0;
    this.messages = $('#chat-messages');
    this.input = $('#chat-input');
    this.to = $('#chat-to');
    this.abort = new AbortController();
    const signal = this.abort.signal;

    $('#chat-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    }, { signal });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    }, { signal });
    this.to.addEventListener('change', () => this.updatePlaceholder(), { signal });
    $('#chat-panel').addEventListener('panel-open', () => this.markRead(), { signal });

    const recipients = () => this.renderRecipients();
    room.addEventListener('reset', recipients, { signal });
    room.addEventListener('participant', recipients, { signal });
    room.addEventListener('participant-removed', recipients, { signal });
  }

  destroy() {
    this.abort.abort();
    this.recipientSignature = null;
    this.messages.replaceChildren();
    this.input.value = '';
    this.markRead();
  }

  submit() {
    const text = this.input.value.trim();
    if (!text) return;
    if (Array.from(text).length > MAX_CHAT) return;
    const to = this.to.value || undefined;
    if (this.send('chat', { text, to })) this.input.value = '';
    this.input.focus();
  }

  /** A `chat` frame from the server. */
  add(message) {
    const self = this.room.selfId;
    const own = message.from === self;
    const isPrivate = Boolean(message.to);
    let heading = own ? 'You' : message.fromName;
    if (isPrivate) heading += own ? ` to ${this.room.nameOf(message.to)} (privately)` : ' to you (privately)';

    const nearBottom = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 60;
    const item = el('li', {
      class: 'chat-message', 'data-message-id': message.messageId, 'data-from': message.from,
    },
    el('div', { class: 'chat-meta' },
      el('span', { class: 'chat-from', text: heading }),
      el('time', { class: 'chat-time', datetime: message.sentAt, text: formatClock(message.sentAt) })),
    el('p', { class: 'chat-text', text: message.text }));
    item.classList.toggle('own', own);
    item.classList.toggle('private', isPrivate);
    if (isPrivate && !own) item.dataset.to = message.to;
    this.messages.append(item);
    if (nearBottom || own) this.messages.scrollTop = this.messages.scrollHeight;

    if (!own && $('#chat-panel').hidden) {
      this.unread += 1;
      this.renderUnread();
    }
  }

  markRead() {
    this.unread = 0;
    this.renderUnread();
  }

  renderUnread() {
    const toggle = $('#toggle-chat');
    let badge = toggle.querySelector('.count-badge');
    if (this.unread === 0) {
      badge?.remove();
      toggle.removeAttribute('data-unread');
      return;
    }
    if (!badge) {
      badge = el('span', { class: 'count-badge' });
      toggle.append(badge);
    }
    badge.textContent = String(this.unread);
    badge.setAttribute('aria-label', `${this.unread} unread`);
    toggle.dataset.unread = String(this.unread);
  }

  /** Keeps the recipient list in step with who is in the meeting; a departed recipient falls back to everyone. */
  renderRecipients() {
    const selected = this.to.value;
    const others = this.room.sorted().filter((p) => p.participantId !== this.room.selfId);
    // Rebuilt only when names or people change, so a mute elsewhere does not close an open menu.
    const signature = others.map((p) => `${p.participantId}\u0000${p.displayName}`).join('\u0001');
    if (signature === this.recipientSignature) return;
    this.recipientSignature = signature;
    const options = [el('option', { value: '', text: 'Everyone' })];
    for (const p of others) options.push(el('option', { value: p.participantId, text: `${p.displayName} (privately)` }));
    this.to.replaceChildren(...options);
    this.to.value = others.some((p) => p.participantId === selected) ? selected : '';
    this.updatePlaceholder();
  }

  updatePlaceholder() {
    const to = this.to.value;
    this.input.placeholder = to ? `Message ${this.room.nameOf(to)} privately` : 'Message everyone';
  }
}
