// What this client knows about the meeting it is in, kept apart from how it is drawn. The server's
// frames change it (meeting-session.js), and the views (tiles, participant list, chat recipients)
// listen to its events and redraw only what changed.
//
// Events (CustomEvent, detail in brackets):
//   reset                       [] after `joined`: draw everything again
//   participant                 [{entry, previous}] one entry added or changed
//   participant-removed         [{entry, reason}]
//   waiting                     [{waiting, added}] the waiting list (hosts only)
//   meeting                     [{meeting, previous}] topic, locked, recording, activeSpeaker
//   role                        [{isHost}] this client's own role changed

/** Roles that hold the host controls (co-hosts all but end-for-all, as in Zoom). */
export const HOST_ROLES = new Set(['host', 'cohost']);

export const ROLE_LABELS = { host: 'Host', cohost: 'Co-host', participant: '', guest: 'Guest' };

export class Room extends EventTarget {
  constructor() {
    super();
    this.selfId = null;
    this.meeting = { meetingId: '', topic: '', locked: false, recording: false, recordingId: null, activeSpeaker: null };
    this.participants = new Map();
    this.waiting = [];
  }

  /** Replaces everything with the `joined` frame's view of the meeting. */
  load(joined) {
    this.selfId = joined.you.participantId;
    this.meeting = { ...this.meeting, ...joined.meeting };
    this.participants = new Map();
    for (const entry of joined.participants ?? []) this.participants.set(entry.participantId, { ...entry });
    if (!this.participants.has(this.selfId)) this.participants.set(this.selfId, { ...joined.you });
    this.emit('reset', {});
  }

  get self() {
    return this.participants.get(this.selfId) ?? null;
  }

  get isHost() {
    return HOST_ROLES.has(this.self?.role);
  }

  /** Only the host (not co-hosts) may end the meeting for everyone. */
  get isMainHost() {
    return this.self?.role === 'host';
  }

  get(participantId) {
    return this.participants.get(participantId) ?? null;
  }

  nameOf(participantId) {
    return this.participants.get(participantId)?.displayName
      ?? this.waiting.find((w) => w.participantId === participantId)?.displayName
      ?? 'Someone';
  }

  /** Everyone in the meeting, self first, then hosts, raised hands (as Zoom orders them), then by name. */
  sorted() {
    const rank = (p) => (p.participantId === this.selfId ? 0 : HOST_ROLES.has(p.role) ? 1 : p.handRaised ? 2 : 3);
    return [...this.participants.values()].sort((a, b) => rank(a) - rank(b)
      || a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' }));
  }

  upsert(entry) {
    const previous = this.participants.get(entry.participantId) ?? null;
    const next = { ...previous, ...entry };
    this.participants.set(entry.participantId, next);
    this.emit('participant', { entry: next, previous });
    if (entry.participantId === this.selfId && previous && previous.role !== next.role) {
      this.emit('role', { isHost: this.isHost });
    }
  }

  patch(participantId, changes) {
    const previous = this.participants.get(participantId);
    if (!previous) return;
    this.upsert({ ...previous, ...changes });
  }

  remove(participantId, reason) {
    const entry = this.participants.get(participantId);
    if (!entry) return;
    this.participants.delete(participantId);
    this.emit('participant-removed', { entry, reason });
  }

  /** A `presence` frame: the whole list, authoritative. */
  replaceAll(entries) {
    const seen = new Set();
    for (const entry of entries) {
      seen.add(entry.participantId);
      const previous = this.participants.get(entry.participantId);
      if (!previous || JSON.stringify(previous) !== JSON.stringify({ ...previous, ...entry })) this.upsert(entry);
    }
    for (const id of [...this.participants.keys()]) {
      if (!seen.has(id)) this.remove(id, 'other');
    }
  }

  setWaiting(waiting) {
    const before = new Set(this.waiting.map((w) => w.participantId));
    this.waiting = waiting ?? [];
    const added = this.waiting.filter((w) => !before.has(w.participantId));
    this.emit('waiting', { waiting: this.waiting, added });
  }

  setMeeting(changes) {
    const previous = this.meeting;
    this.meeting = { ...previous, ...changes };
    this.emit('meeting', { meeting: this.meeting, previous });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
