// The participant list (#participants), the waiting room (#waiting-list) and the host controls.
// Controls are drawn for hosts and co-hosts only, but that is convenience, not security: the server
// refuses host actions from anyone else with a FORBIDDEN error frame, shown as a notice.

import { $, el, initials, hueFor } from './dom.js';
import { icon } from './icons.js';
import { ROLE_LABELS } from './room.js';
import { askKickReason } from './dialogs.js';

/** 10 admits a second: half the per-connection rate, leaving room for chat and pings meanwhile. */
const ADMIT_INTERVAL_MS = 100;

export class ParticipantList {
  /** @param send (type, fields) => void */
  constructor(room, send) {
    this.room = room;
    this.send = send;
    this.rows = new Map();
    this.list = $('#participants');
    room.addEventListener('reset', () => this.renderAll());
    room.addEventListener('participant', (e) => this.renderRow(e.detail.entry, true));
    room.addEventListener('participant-removed', (e) => this.removeRow(e.detail.entry.participantId));
    room.addEventListener('role', () => this.renderAll());
    room.addEventListener('waiting', () => this.renderWaiting());
    room.addEventListener('meeting', () => this.renderHostControls());

    this.abort = new AbortController();
    const signal = this.abort.signal;
    $('#lock-meeting').addEventListener('click', () => {
      this.send(this.room.meeting.locked ? 'unlock_meeting' : 'lock_meeting');
    }, { signal });
    $('#recording-toggle').addEventListener('click', () => {
      this.send(this.room.meeting.recording ? 'stop_recording' : 'start_recording');
    }, { signal });
    $('#admit-all').addEventListener('click', () => this.admitAll(), { signal });
  }

  /**
   * The protocol admits one person per frame, and a connection may send 20 frames a second (burst
   * 40); admitting a crowd is paced under that so no admit is refused as RATE_LIMITED.
   */
  admitAll() {
    const ids = this.room.waiting.map((w) => w.participantId);
    clearInterval(this.admitTimer);
    this.admitTimer = setInterval(() => {
      const id = ids.shift();
      if (id) this.send('admit', { participantId: id });
      if (ids.length === 0) clearInterval(this.admitTimer);
    }, ADMIT_INTERVAL_MS);
  }

  destroy() {
    clearInterval(this.admitTimer);
    this.abort.abort();
    this.list.replaceChildren();
    $('#waiting-list').replaceChildren();
    this.rows.clear();
  }

  renderAll() {
    this.rows.clear();
    this.list.replaceChildren();
    for (const entry of this.room.sorted()) this.renderRow(entry, false);
    this.renderWaiting();
    this.renderHostControls();
    this.updateCount();
  }

  renderRow(entry, reorder) {
    const row = this.buildRow(entry);
    const old = this.rows.get(entry.participantId);
    // Keep keyboard focus on the same control when a row is redrawn under it.
    const focusedClass = old?.contains(document.activeElement) ? document.activeElement.dataset.control : null;
    if (old) old.replaceWith(row);
    else this.list.append(row);
    this.rows.set(entry.participantId, row);
    if (reorder) this.reorder();
    if (focusedClass) row.querySelector(`[data-control="${focusedClass}"]`)?.focus();
    this.updateCount();
  }

  removeRow(participantId) {
    this.rows.get(participantId)?.remove();
    this.rows.delete(participantId);
    this.updateCount();
  }

  reorder() {
    const order = this.room.sorted().map((p) => this.rows.get(p.participantId)).filter(Boolean);
    const current = [...this.list.children];
    if (order.every((row, i) => current[i] === row)) return;
    const focused = document.activeElement;
    this.list.append(...order);
    if (focused instanceof HTMLElement && this.list.contains(focused)) focused.focus();
  }

  updateCount() {
    $('#participant-count').textContent = String(this.room.participants.size);
  }

  buildRow(p) {
    const self = p.participantId === this.room.selfId;
    const role = ROLE_LABELS[p.role] ?? '';
    const status = [];
    if (p.handRaised) status.push(el('span', { class: 'status-icon hand-indicator', title: 'Hand raised' }, icon('hand')));
    if (p.audioMuted) status.push(el('span', { class: 'status-icon', title: 'Microphone off' }, icon('micOff')));
    if (p.videoMuted) status.push(el('span', { class: 'status-icon', title: 'Camera off' }, icon('cameraOff')));
    const spoken = [p.handRaised && 'hand raised', p.audioMuted && 'microphone off', p.videoMuted && 'camera off']
      .filter(Boolean).join(', ');

    const row = el('li', {
      class: 'participant', 'data-participant-id': p.participantId, 'data-role': p.role,
    },
    el('span', { class: 'avatar', 'aria-hidden': 'true', style: `--hue:${hueFor(p.participantId)}`, text: initials(p.displayName) }),
    el('span', { class: 'participant-text' },
      el('span', { class: 'participant-name', text: p.displayName }),
      self ? el('span', { class: 'tag', text: 'You' }) : null,
      role ? el('span', { class: 'tag role', text: role }) : null),
    el('span', { class: 'participant-status' }, status,
      spoken ? el('span', { class: 'visually-hidden', text: `(${spoken})` }) : null));
    row.classList.toggle('self', self);
    row.classList.toggle('hand-raised', Boolean(p.handRaised));
    row.classList.toggle('muted-audio', Boolean(p.audioMuted));
    row.classList.toggle('muted-video', Boolean(p.videoMuted));
    if (this.room.isHost && !self) row.append(this.hostButtons(p));
    return row;
  }

  hostButtons(p) {
    const name = p.displayName;
    const button = (control, label, spoken, onclick, extra = '') => el('button', {
      type: 'button', class: `small ${control} ${extra}`.trim(), 'data-control': control,
      'aria-label': `${spoken} ${name}`.trim(), text: label, onclick,
    });
    const target = { target: p.participantId };
    const buttons = [
      p.audioMuted
        ? button('ask-unmute', 'Ask to unmute', 'Ask to unmute', () => this.send('unmute', { kind: 'audio', ...target }))
        : button('mute-participant', 'Mute', 'Mute', () => this.send('mute', { kind: 'audio', ...target })),
      p.videoMuted ? null
        : button('stop-video', 'Stop video', 'Stop video of', () => this.send('mute', { kind: 'video', ...target })),
      p.handRaised
        ? button('lower-hand', 'Lower hand', 'Lower hand of', () => this.send('lower_hand', target))
        : null,
      button('kick-participant', 'Remove', 'Remove', async () => {
        const reason = await askKickReason(name);
        if (reason === null) return;
        this.send('kick_participant', { participantId: p.participantId, reason: reason || undefined });
      }, 'danger-text'),
    ];
    return el('span', { class: 'host-actions', role: 'group', 'aria-label': `Controls for ${name}` }, buttons);
  }

  renderWaiting() {
    const section = $('#waiting-section');
    const waiting = this.room.waiting;
    section.hidden = !this.room.isHost || waiting.length === 0;
    $('#waiting-count').textContent = String(waiting.length);
    $('#waiting-list').replaceChildren(...waiting.map((w) => el('li', {
      class: 'waiting-entry', 'data-participant-id': w.participantId, 'data-reason': w.reason,
    },
    el('span', { class: 'avatar', 'aria-hidden': 'true', style: `--hue:${hueFor(w.participantId)}`, text: initials(w.displayName) }),
    el('span', { class: 'participant-text' }, el('span', { class: 'participant-name', text: w.displayName })),
    el('span', { class: 'host-actions', role: 'group', 'aria-label': `Waiting room controls for ${w.displayName}` },
      el('button', {
        type: 'button', class: 'small primary admit', 'aria-label': `Admit ${w.displayName}`, text: 'Admit',
        onclick: () => this.send('admit', { participantId: w.participantId }),
      }),
      el('button', {
        type: 'button', class: 'small deny', 'aria-label': `Deny ${w.displayName}`, text: 'Deny',
        onclick: () => this.send('deny', { participantId: w.participantId }),
      })))));
  }

  renderHostControls() {
    $('#host-controls').hidden = !this.room.isHost;
    const { locked, recording } = this.room.meeting;
    const lock = $('#lock-meeting');
    lock.textContent = locked ? 'Unlock meeting' : 'Lock meeting';
    lock.dataset.locked = String(Boolean(locked));
    const rec = $('#recording-toggle');
    rec.textContent = recording ? 'Stop recording' : 'Start recording';
    rec.dataset.recording = String(Boolean(recording));
  }
}
