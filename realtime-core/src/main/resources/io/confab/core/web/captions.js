// Live captions under the video: one line per segment being spoken, with the speaker's name.
// Interim text (isFinal false) replaces the line's text as the recognizer revises it; the final
// text replaces it for good, and the line fades after a few seconds. The CC button hides and
// shows the lines (the choice is kept in localStorage); captions keep arriving while hidden, so
// turning them on shows what is being said now.

import { $, el } from './dom.js';
import { setControl } from './icons.js';

/** Lines shown at once: two people talking over each other, and the sentence just finished. */
const MAX_LINES = 3;
/** How long a final line stays: about the time it takes to read a 30 s segment's last line. */
const FINAL_LINGER_MS = 6000;
/**
 * An interim line with no news for this long goes: its final never came (the job dropped it as a
 * copy of another participant's voice, or the speaker left). Interim text updates every 0.5 s.
 */
const STALE_INTERIM_MS = 5000;
/** What the browser tests and the console can read back: the last captions with their arrival times. */
const LOG_SIZE = 200;

export class CaptionsView {
  constructor(room) {
    this.room = room;
    this.box = $('#captions');
    this.toggle = $('#toggle-captions');
    this.timers = new Map();
    this.log = [];
    this.abort = new AbortController();
    this.enabled = localStorage.getItem('confab.captions') !== 'off';
    this.toggle.addEventListener('click', () => this.setEnabled(!this.enabled), { signal: this.abort.signal });
    this.render();
  }

  setEnabled(on) {
    this.enabled = on;
    localStorage.setItem('confab.captions', on ? 'on' : 'off');
    this.render();
  }

  render() {
    this.box.hidden = !this.enabled;
    this.toggle.setAttribute('aria-pressed', String(this.enabled));
    this.toggle.dataset.captions = this.enabled ? 'on' : 'off';
    setControl(this.toggle, 'captions', this.enabled ? 'Hide captions' : 'Captions');
  }

  /** A `caption` message from signaling. */
  show(caption) {
    this.log.push({ ...caption, arrivedAt: Date.now() });
    if (this.log.length > LOG_SIZE) this.log.shift();
    let line = this.box.querySelector(`.caption-line[data-segment-id="${CSS.escape(caption.segmentId)}"]`);
    if (!line) {
      if (!caption.text) return;
      // The name the speaker had when speaking, as the transcript keeps it.
      line = el('p', { class: 'caption-line', 'data-segment-id': caption.segmentId, 'data-participant-id': caption.participantId },
        el('span', { class: 'caption-speaker', text: caption.speakerName || this.room.nameOf(caption.participantId) }),
        el('span', { class: 'caption-text' }));
      this.box.append(line);
      while (this.box.children.length > MAX_LINES) this.remove(this.box.firstElementChild);
    }
    if (line.dataset.final === 'true') return; // a late interim after the final changes nothing
    if (caption.isFinal && !caption.text) {
      this.remove(line); // the recognizer settled on nothing (a cough it first took for a word)
      return;
    }
    line.querySelector('.caption-text').textContent = caption.text;
    if (caption.isFinal) {
      line.dataset.final = 'true';
      line.dataset.finalAt = String(Date.now());
    }
    clearTimeout(this.timers.get(line));
    this.timers.set(line, setTimeout(() => this.remove(line), caption.isFinal ? FINAL_LINGER_MS : STALE_INTERIM_MS));
  }

  remove(line) {
    clearTimeout(this.timers.get(line));
    this.timers.delete(line);
    line.remove();
  }

  destroy() {
    this.abort.abort();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.box.replaceChildren();
  }
}
