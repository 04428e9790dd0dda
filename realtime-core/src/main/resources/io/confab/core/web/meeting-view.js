// The stage: one tile per participant, in gallery or speaker layout, plus the meeting header
// (topic, ID, recording and lock badges). Tiles are created once per participant and updated in
// place: a <video> that is moved or re-created stops playing, which would blank the SFU's tracks.

import { $, el, initials, hueFor } from './dom.js';
import { icon } from './icons.js';
import { formatMeetingId } from './meeting-id.js';
import { ROLE_LABELS } from './room.js';

/** How long a reaction floats over a tile; matches the float animation in style.css. */
const REACTION_MS = 3000;
/** Space between tiles, in CSS pixels; matches `gap` on #tiles. */
const GAP = 8;

export class TileGrid {
  constructor(room, container = $('#tiles')) {
    this.room = room;
    this.container = container;
    this.tiles = new Map();
    this.streams = new Map();
    this.layout = 'gallery';
    room.addEventListener('reset', () => this.renderAll());
    room.addEventListener('participant', (e) => this.update(e.detail.entry));
    room.addEventListener('participant-removed', (e) => this.removeTile(e.detail.entry.participantId));
    room.addEventListener('meeting', (e) => {
      if (e.detail.meeting.activeSpeaker !== e.detail.previous.activeSpeaker) this.arrange();
    });
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(container);
  }

  renderAll() {
    for (const id of [...this.tiles.keys()]) this.removeTile(id, false);
    for (const entry of this.room.sorted()) this.update(entry, false);
    this.arrange();
  }

  clear() {
    for (const id of [...this.tiles.keys()]) this.removeTile(id, false);
    this.streams.clear();
  }

  create(entry) {
    const self = entry.participantId === this.room.selfId;
    const video = el('video', { autoplay: true, playsinline: true, 'aria-hidden': 'true' });
    // The local preview must never play our own microphone back to us.
    if (self) video.muted = true;
    const tile = el('div', { class: 'tile', role: 'listitem', 'data-participant-id': entry.participantId },
      video,
      el('div', { class: 'tile-avatar', 'aria-hidden': 'true' }, el('span', { class: 'tile-initials' })),
      el('span', { class: 'hand-badge', title: 'Hand raised', 'aria-hidden': 'true' }, icon('hand')),
      el('div', { class: 'tile-reactions', 'aria-hidden': 'true' }),
      el('div', { class: 'tile-label' },
        el('span', { class: 'tile-muted-audio', title: 'Microphone off' }, icon('micOff')),
        el('span', { class: 'tile-muted-video', title: 'Camera off' }, icon('cameraOff')),
        el('span', { class: 'tile-name' })));
    tile.classList.toggle('self', self);
    tile.style.setProperty('--hue', hueFor(entry.participantId));
    this.tiles.set(entry.participantId, tile);
    this.container.append(tile);
    const stream = this.streams.get(entry.participantId);
    if (stream) this.play(tile, stream);
    return tile;
  }

  update(entry, rearrange = true) {
    const existing = this.tiles.get(entry.participantId);
    const tile = existing ?? this.create(entry);
    const self = entry.participantId === this.room.selfId;
    const role = ROLE_LABELS[entry.role] ?? '';
    tile.dataset.role = entry.role;
    tile.classList.toggle('muted-audio', Boolean(entry.audioMuted));
    tile.classList.toggle('muted-video', Boolean(entry.videoMuted));
    tile.classList.toggle('hand-raised', Boolean(entry.handRaised));
    tile.querySelector('.tile-name').textContent = entry.displayName + (self ? ' (You)' : '') + (role ? ` · ${role}` : '');
    tile.querySelector('.tile-initials').textContent = initials(entry.displayName);
    tile.setAttribute('aria-label', [
      entry.displayName + (self ? ' (you)' : ''),
      role,
      entry.audioMuted ? 'microphone off' : '',
      entry.videoMuted ? 'camera off' : '',
      entry.handRaised ? 'hand raised' : '',
    ].filter(Boolean).join(', '));
    this.refreshVideo(tile, entry);
    if (!existing && rearrange) this.arrange();
  }

  removeTile(participantId, rearrange = true) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    const video = tile.querySelector('video');
    video.srcObject = null;
    tile.remove();
    this.tiles.delete(participantId);
    this.streams.delete(participantId);
    if (rearrange) this.arrange();
  }

  /** The local camera preview in our own tile. */
  setLocalStream(stream) {
    if (!this.room.selfId || !stream) return;
    this.attachStream(this.room.selfId, stream);
  }

  /** A track from the SFU for a participant (see peer.js for how the participant is known). */
  attachTrack(participantId, track, stream) {
    let target = this.streams.get(participantId);
    if (!target) {
      target = stream ?? new MediaStream();
      this.streams.set(participantId, target);
    }
    if (!target.getTracks().includes(track)) target.addTrack(track);
    track.addEventListener('ended', () => this.refreshById(participantId));
    track.addEventListener('mute', () => this.refreshById(participantId));
    track.addEventListener('unmute', () => this.refreshById(participantId));
    const tile = this.tiles.get(participantId);
    if (tile) this.play(tile, target);
  }

  attachStream(participantId, stream) {
    this.streams.set(participantId, stream);
    const tile = this.tiles.get(participantId);
    if (tile) this.play(tile, stream);
  }

  play(tile, stream) {
    const video = tile.querySelector('video');
    if (video.srcObject !== stream) video.srcObject = stream;
    // Autoplay can be refused before the person has interacted with the page; joining was a click, so
    // this normally succeeds, and the next track or click retries otherwise.
    video.play().catch(() => {});
    this.refreshById(tile.dataset.participantId);
  }

  refreshById(participantId) {
    const tile = this.tiles.get(participantId);
    const entry = this.room.get(participantId);
    if (tile && entry) this.refreshVideo(tile, entry);
  }

  /** Video shows when there is a live, unmuted video track and the participant has not stopped it. */
  refreshVideo(tile, entry) {
    const stream = this.streams.get(entry.participantId);
    const live = stream?.getVideoTracks().some((t) => t.readyState === 'live' && !t.muted && t.enabled);
    tile.classList.toggle('has-video', Boolean(live) && !entry.videoMuted);
  }

  showReaction(participantId, emoji) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    const bubble = el('span', { class: 'reaction-float', text: emoji });
    bubble.style.setProperty('--drift', `${Math.round(Math.random() * 40 - 20)}px`);
    tile.querySelector('.tile-reactions').append(bubble);
    const done = () => bubble.remove();
    bubble.addEventListener('animationend', done, { once: true });
    setTimeout(done, REACTION_MS + 500);
  }

  setLayout(layout) {
    this.layout = layout;
    this.container.dataset.layout = layout;
    this.arrange();
  }

  /** Speaker view features the active speaker, else the first other person, else ourselves. */
  featuredId() {
    const speaker = this.room.meeting.activeSpeaker;
    if (speaker && this.tiles.has(speaker)) return speaker;
    const other = [...this.tiles.keys()].find((id) => id !== this.room.selfId);
    return other ?? this.room.selfId;
  }

  arrange() {
    const featured = this.layout === 'speaker' ? this.featuredId() : null;
    const speaker = this.room.meeting.activeSpeaker;
    for (const [id, tile] of this.tiles) {
      tile.classList.toggle('featured', id === featured);
      tile.classList.toggle('active-speaker', id === speaker);
    }
    this.fit();
  }

  /** Picks the gallery column count that makes 16:9 tiles as large as the stage allows. */
  fit() {
    const count = this.tiles.size;
    if (this.layout !== 'gallery' || count === 0) return;
    const width = this.container.clientWidth - GAP * 2;
    const height = this.container.clientHeight - GAP * 2;
    if (width <= 0 || height <= 0) return;
    let best = { tileWidth: 0, columns: 1 };
    for (let columns = 1; columns <= count; columns++) {
      const rows = Math.ceil(count / columns);
      const byWidth = (width - GAP * (columns - 1)) / columns;
      const byHeight = ((height - GAP * (rows - 1)) / rows) * (16 / 9);
      const tileWidth = Math.min(byWidth, byHeight);
      if (tileWidth > best.tileWidth) best = { tileWidth, columns };
    }
    this.container.style.setProperty('--tile-width', `${Math.max(120, Math.floor(best.tileWidth))}px`);
  }
}

/** The bar above the stage: topic, ID, and the badges everyone must be able to see. */
export class MeetingHeader {
  constructor(room) {
    this.room = room;
    room.addEventListener('reset', () => this.render());
    room.addEventListener('meeting', () => this.render());
  }

  render() {
    const { topic, meetingId, recording, locked } = this.room.meeting;
    $('#meeting-title').textContent = topic || 'Meeting';
    $('#meeting-id-label').textContent = meetingId ? `ID ${formatMeetingId(meetingId)}` : '';
    $('#recording-indicator').hidden = !recording;
    $('#lock-indicator').hidden = !locked;
    document.title = `${topic || 'Meeting'} · Confab`;
  }
}
