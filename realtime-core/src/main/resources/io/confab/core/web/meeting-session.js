// One visit to a meeting, from the join form to the screen after it: ask the REST API for a
// meeting-scoped ticket, open signaling, send join_meeting as the first frame, then turn each server
// message into a change of the Room (which the views draw) or of the screen.
//
// Phases: idle -> connecting -> (waiting ->) joined -> idle. Whatever ends a visit (leave, kick,
// denial, the meeting ending, the socket dropping) goes through finish(), which releases the camera,
// the socket and every listener, so the next visit starts clean.

import { $, showFormError } from './dom.js';
import { api } from './api.js';
import { Signaling, signalingUrl } from './signaling.js';
import { Room } from './room.js';
import { LocalMedia } from './media.js';
import { PeerLink } from './peer.js';
import { TileGrid, MeetingHeader } from './meeting-view.js';
import { Controls } from './controls.js';
import { ParticipantList } from './participants.js';
import { ChatPanel } from './chat.js';
import { CaptionsView } from './captions.js';
import { confirmAction, closeDialogs } from './dialogs.js';
import { notify, announce, hideNotice } from './notices.js';
import { showPage } from './pages.js';
import { formatMeetingId } from './meeting-id.js';

const ENDED_REASONS = {
  ended_by_host: 'The host ended the meeting for everyone.',
  last_participant_left: 'Everyone left the meeting.',
  time_limit_reached: 'The meeting reached its time limit.',
  server_shutdown: 'The server was shut down.',
};

const KIND_WORDS = { audio: 'microphone', video: 'camera' };

// What to do about a refused join, by REST or signaling error code; the message itself is the server's.
const JOIN_HINTS = {
  NOT_FOUND: 'Check the meeting ID and passcode in your invitation.',
  NO_SUCH_MEETING: 'Check the meeting ID and passcode in your invitation.',
  WRONG_PASSCODE: 'Check the passcode in your invitation.',
  MEETING_LOCKED: 'Ask the host to unlock the meeting.',
  MEETING_FULL: 'Ask the host to make room, or try again later.',
  WAITING_ROOM_FULL: 'Try again in a few minutes.',
  RATE_LIMITED: 'Wait a moment and try again.',
  BUSY: 'Wait a moment and try again.',
};

// `?ice=relay` on any address forces media through TURN for this tab (for networks that block UDP,
// and for testing the relay); kept for the tab's life since page changes drop the query.
const icePolicy = new URLSearchParams(location.search).get('ice');
if (icePolicy) sessionStorage.setItem('confab.ice', icePolicy);

export class MeetingSession {
  constructor() {
    this.phase = 'idle';
    this.lastRequest = null;
    window.addEventListener('pagehide', () => {
      // Tells the room this was a leave, not a network drop, so others see "left" at once.
      if (this.phase === 'joined' || this.phase === 'waiting') this.signaling?.send('leave_meeting');
    });
    for (const button of document.querySelectorAll('.rejoin')) {
      button.addEventListener('click', () => this.lastRequest && this.join(this.lastRequest));
    }
    $('#leave-waiting').addEventListener('click', () => this.leave('waiting'));
    document.querySelector('.cancel-join').addEventListener('click', () => this.cancel());
  }

  get active() {
    return this.phase !== 'idle';
  }

  /**
   * Joins a meeting. `request`: {meetingId (digits), displayName, passcode, audioOff, videoOff,
   * errorBox (selector near the form), returnPage (page id to go back to on failure)}.
   * Resolves false when the REST join refused (the error is shown in errorBox).
   */
  async join(request) {
    if (this.active) return false;
    this.lastRequest = request;
    showFormError(request.errorBox, '');
    let ticket;
    try {
      ticket = await api.join(request.meetingId, request.displayName, request.passcode);
    } catch (error) {
      this.showJoinError(request, error.message, error.code, error.problems);
      return false;
    }
    await this.enter(ticket, request);
    return true;
  }

  showJoinError(request, message, code, problems = []) {
    showPage(request.returnPage);
    // A 401 from join is about the passcode unless the caller's own session was refused.
    const passcode = code === 'UNAUTHORIZED' && /passcode/iu.test(message);
    const hint = passcode ? JOIN_HINTS.WRONG_PASSCODE : JOIN_HINTS[code];
    showFormError(request.errorBox, message, { code, problems, hint });
  }

  async enter(ticket, request) {
    this.phase = 'connecting';
    this.ticket = ticket;
    this.request = request;
    showPage('connecting');

    const room = new Room();
    const media = new LocalMedia();
    const signaling = new Signaling(signalingUrl(ticket.signalingUrl));
    const send = (type, fields) => signaling.send(type, fields);
    this.room = room;
    this.media = media;
    this.signaling = signaling;
    this.tiles = new TileGrid(room);
    this.header = new MeetingHeader(room);
    this.participants = new ParticipantList(room, send);
    this.chat = new ChatPanel(room, send);
    this.captions = new CaptionsView(room);
    // For diagnostics from the console and for the browser tests.
    window.confabSession = this;
    this.peer = new PeerLink(send, media, (participantId, track, stream) => this.tiles.attachTrack(participantId, track, stream),
      ticket.iceServers ?? [], sessionStorage.getItem('confab.ice') === 'relay' ? 'relay' : 'all');
    this.controls = new Controls(room, {
      toggleAudio: () => this.toggleMute('audio'),
      toggleVideo: () => this.toggleMute('video'),
      toggleHand: () => this.toggleHand(),
      react: (emoji) => this.react(emoji),
      leave: () => this.leave('meeting'),
      endForAll: () => this.endForAll(),
      layout: () => this.tiles.layout,
      setLayout: (layout) => {
        this.tiles.setLayout(layout);
        this.sendVideoPreference();
      },
    });
    media.addEventListener('change', () => this.tiles.setLocalStream(media.stream));

    // Asked for now so the permission prompt overlaps the wait; applied once we are in (mediaReady).
    this.mediaReady = media.acquire();
    this.listen(signaling);

    try {
      await signaling.connect();
    } catch (error) {
      this.finish(null);
      this.showJoinError(request, error.message, 'NETWORK');
      return;
    }
    signaling.onClose((event) => this.onClosed(event));
    this.joinRequestId = signaling.send('join_meeting', {
      meetingId: ticket.meeting?.id ?? request.meetingId,
      displayName: request.displayName,
      token: ticket.token,
      passcode: request.passcode || undefined,
      audioMuted: Boolean(request.audioOff),
      videoMuted: Boolean(request.videoOff),
    });
  }

  listen(signaling) {
    const room = this.room;
    signaling
      .on('joined', (m) => this.onJoined(m))
      .on('waiting', (m) => this.onWaiting(m))
      .on('admitted', () => announce('The host let you in.'))
      .on('denied', () => this.finish('denied'))
      .on('waiting_list', (m) => this.onWaitingList(m.waiting))
      .on('participant_joined', (m) => {
        room.upsert(m.participant);
        announce(`${m.participant.displayName} joined`);
      })
      .on('participant_left', (m) => {
        const name = room.nameOf(m.participantId);
        room.remove(m.participantId, m.reason);
        announce(m.reason === 'kicked' ? `${name} was removed from the meeting` : `${name} left`);
      })
      .on('presence', (m) => room.replaceAll(m.participants))
      .on('muted', (m) => this.onMuted(m))
      .on('unmuted', (m) => room.patch(m.participantId, m.kind === 'audio' ? { audioMuted: false } : { videoMuted: false }))
      .on('unmute_requested', (m) => this.onUnmuteRequested(m))
      .on('kicked', (m) => this.onKicked(m))
      .on('hand_raised', (m) => {
        room.patch(m.participantId, { handRaised: true });
        if (m.participantId !== room.selfId) announce(`${room.nameOf(m.participantId)} raised their hand`);
      })
      .on('hand_lowered', (m) => {
        room.patch(m.participantId, { handRaised: false });
        if (m.participantId === room.selfId && m.by) notify(`${room.nameOf(m.by)} lowered your hand.`);
      })
      .on('reaction', (m) => {
        // Our own reactions were drawn when the button was pressed.
        if (m.participantId !== room.selfId) this.tiles.showReaction(m.participantId, m.emoji);
      })
      .on('chat', (m) => this.onChat(m))
      .on('recording_started', (m) => {
        room.setMeeting({ recording: true, recordingId: m.recordingId });
        notify(m.transcribe ? 'This meeting is being recorded and transcribed.' : 'This meeting is being recorded.');
      })
      .on('recording_stopped', () => {
        room.setMeeting({ recording: false, recordingId: null });
        notify('Recording stopped.');
      })
      .on('meeting_locked', (m) => {
        room.setMeeting({ locked: true });
        notify(`${m.by ? room.nameOf(m.by) : 'The host'} locked the meeting: nobody new can join.`);
      })
      .on('meeting_unlocked', (m) => {
        room.setMeeting({ locked: false });
        notify(`${m.by ? room.nameOf(m.by) : 'The host'} unlocked the meeting.`);
      })
      .on('meeting_ended', (m) => {
        $('#ended-reason').textContent = ENDED_REASONS[m.reason] ?? '';
        this.finish('meeting-ended');
      })
      .on('active_speaker', (m) => room.setMeeting({ activeSpeaker: m.participantId }))
      .on('caption', (m) => this.captions.show(m))
      .on('offer', (m) => this.peer.handleOffer(m).catch((e) => console.error('offer failed', e)))
      .on('answer', (m) => this.peer.handleAnswer(m).catch((e) => console.error('answer failed', e)))
      .on('ice_candidate', (m) => this.peer.handleIceCandidate(m).catch((e) => console.error('candidate failed', e)))
      .on('layers', (m) => this.peer.setLayers(m).catch((e) => console.error('layer change failed', e)))
      .on('error', (m) => this.onError(m));
  }

  async onJoined(message) {
    this.phase = 'joined';
    this.room.load(message);
    showPage('meeting');
    announce(`You joined ${message.meeting.topic}.`);
    if (this.room.meeting.recording) notify('This meeting is being recorded.');
    this.applyOwnMute();
    const available = await this.mediaReady;
    if (this.phase !== 'joined') return;
    this.tiles.setLocalStream(this.media.stream);
    // Whatever could not be opened is muted for everyone to see, so nobody waits for a silent tile.
    for (const kind of ['audio', 'video']) {
      const flag = kind === 'audio' ? 'audioMuted' : 'videoMuted';
      if (!available[kind] && !this.room.self[flag]) {
        this.signaling.send('mute', { kind });
        this.room.patch(this.room.selfId, { [flag]: true });
      }
    }
    this.applyOwnMute();
    this.peer.start().catch((e) => console.error('publishing failed', e));
    this.sendVideoPreference();
    if (this.media.problem) notify(this.media.problem, { kind: 'error', timeout: 10000 });
  }

  /**
   * Tells the SFU which video we want: the layout decides tile sizes, and `?maxKbps=N` in the address
   * (or window.confabMaxKbps, which a data-saver setting sets) caps the video we receive.
   */
  sendVideoPreference() {
    const fromUrl = Number(new URLSearchParams(location.search).get('maxKbps'));
    const cap = window.confabMaxKbps ?? (fromUrl > 0 ? fromUrl : null);
    this.signaling?.send('video_preference', { layout: this.tiles.layout === 'speaker' ? 'speaker' : 'gallery', maxBitrateKbps: cap });
  }

  /** The local tracks follow what the room says about us (mute on entry, a host's mute). */
  applyOwnMute() {
    const self = this.room.self;
    if (!self) return;
    this.media.setEnabled('audio', !self.audioMuted);
    this.media.setEnabled('video', !self.videoMuted);
  }

  onWaiting(message) {
    this.phase = 'waiting';
    const meeting = this.ticket.meeting ?? {};
    const hostArrival = message.reason === 'host_not_arrived';
    $('#waiting-title').textContent = hostArrival
      ? 'Waiting for the host to start this meeting'
      : 'Waiting for the host to let you in';
    $('#waiting-message').textContent = hostArrival
      ? 'You will join as soon as the host arrives.'
      : 'The host knows you are here.';
    $('#waiting-room').dataset.reason = message.reason;
    const topic = [meeting.topic, meeting.hostName && `hosted by ${meeting.hostName}`].filter(Boolean).join(', ');
    $('#waiting-topic').textContent = topic;
    showPage('waiting-room');
  }

  onWaitingList(waiting) {
    this.room.setWaiting(waiting);
    if (!this.room.isHost) return;
    const added = this.room.waiting.filter((w) => !this.noticedWaiting?.has(w.participantId));
    this.noticedWaiting = new Set(this.room.waiting.map((w) => w.participantId));
    if (added.length === 1) {
      const [w] = added;
      notify(`${w.displayName} is waiting to join.`, {
        action: { label: 'Admit', run: () => this.signaling.send('admit', { participantId: w.participantId }) },
        timeout: 15000,
      });
    } else if (added.length > 1) {
      notify(`${added.length} people are waiting to join.`, {
        action: { label: 'Show', run: () => this.controls.openPanel('participants-panel') },
        timeout: 15000,
      });
    }
  }

  onMuted(message) {
    const flag = message.kind === 'audio' ? 'audioMuted' : 'videoMuted';
    this.room.patch(message.participantId, { [flag]: true });
    if (message.participantId !== this.room.selfId) return;
    this.media.setEnabled(message.kind, false);
    if (message.by && message.by !== this.room.selfId) {
      notify(`${this.room.nameOf(message.by)} turned off your ${KIND_WORDS[message.kind]}.`);
    }
  }

  onUnmuteRequested(message) {
    const kind = message.kind;
    notify(`${this.room.nameOf(message.by)} asks you to turn on your ${KIND_WORDS[kind]}.`, {
      action: { label: kind === 'audio' ? 'Unmute' : 'Start video', run: () => this.setMuted(kind, false) },
      timeout: 20000,
    });
  }

  onKicked(message) {
    const by = this.room.get(message.by)?.displayName;
    $('#kicked-intro').textContent = message.reason
      ? `${by ?? 'The host'} gave this reason:`
      : `${by ?? 'The host'} removed you without giving a reason.`;
    $('#kicked-reason').textContent = message.reason || 'No reason was given.';
    this.finish('kicked');
  }

  onChat(message) {
    this.chat.add(message);
    if (message.from !== this.room.selfId && $('#chat-panel').hidden) {
      const preview = message.text.length > 80 ? `${message.text.slice(0, 80)}…` : message.text;
      notify(`${message.fromName}${message.to ? ' (privately)' : ''}: ${preview}`, {
        action: { label: 'Open chat', run: () => this.controls.openPanel('chat-panel') },
      });
    }
  }

  onError(message) {
    // Until we are in, any error is the answer to join_meeting (wrong passcode, locked, ended...).
    if (this.phase === 'connecting' || message.requestId === this.joinRequestId) {
      const request = this.request;
      this.finish(null);
      this.showJoinError(request, message.message, message.code);
      return;
    }
    notify(message.message, { kind: 'error', code: message.code });
  }

  onClosed(event) {
    if (this.phase === 'connecting') {
      const request = this.request;
      this.finish(null);
      this.showJoinError(request, event.reason || 'The meeting server closed the connection.', 'CLOSED');
      return;
    }
    if (this.phase === 'idle') return;
    $('#lost-detail').textContent = event.reason
      ? `The server said: ${event.reason}`
      : 'Check your network and rejoin.';
    this.finish('connection-lost');
  }

  async toggleMute(kind) {
    const flag = kind === 'audio' ? 'audioMuted' : 'videoMuted';
    await this.setMuted(kind, !this.room.self?.[flag]);
  }

  async setMuted(kind, muted) {
    if (this.phase !== 'joined') return;
    const flag = kind === 'audio' ? 'audioMuted' : 'videoMuted';
    if (!muted && !this.media.has(kind)) {
      if (!(await this.media.acquireKind(kind))) {
        notify(`No ${KIND_WORDS[kind]} is available. Check that one is connected and allowed for this site.`, { kind: 'error' });
        return;
      }
    }
    // Muting takes effect locally at once (privacy first); the server's echo confirms it to everyone.
    this.media.setEnabled(kind, !muted);
    this.signaling.send(muted ? 'mute' : 'unmute', { kind });
    this.room.patch(this.room.selfId, { [flag]: muted });
  }

  toggleHand() {
    if (this.phase !== 'joined') return;
    const raised = !this.room.self?.handRaised;
    this.signaling.send(raised ? 'raise_hand' : 'lower_hand');
    this.room.patch(this.room.selfId, { handRaised: raised });
    announce(raised ? 'You raised your hand' : 'You lowered your hand');
  }

  react(emoji) {
    if (this.phase !== 'joined') return;
    if (this.signaling.send('reaction', { emoji })) this.tiles.showReaction(this.room.selfId, emoji);
  }

  leave(from) {
    if (this.phase === 'idle') return;
    this.signaling.send('leave_meeting');
    this.finish(from === 'waiting' ? null : 'left-meeting');
    if (from === 'waiting') showPage(this.request.returnPage);
  }

  cancel() {
    const request = this.request;
    this.signaling?.send('leave_meeting');
    this.finish(null);
    showPage(request.returnPage);
  }

  async endForAll() {
    const ok = await confirmAction({
      title: 'End the meeting for everyone?',
      text: `Everyone in “${this.room.meeting.topic}” (${formatMeetingId(this.room.meeting.meetingId)}) will be disconnected.`,
      ok: 'End for all',
    });
    // The meeting_ended that follows takes everyone, us included, to the ended screen.
    if (ok) this.signaling.send('end_meeting');
  }

  /** Ends the visit and shows `screen` (a page id), or nothing when the caller shows its own page. */
  finish(screen) {
    this.phase = 'idle';
    closeDialogs();
    hideNotice();
    this.signaling?.close();
    this.peer?.close();
    this.media?.stop();
    this.controls?.destroy();
    this.participants?.destroy();
    this.chat?.destroy();
    this.captions?.destroy();
    this.tiles?.clear();
    this.tiles?.resizeObserver.disconnect();
    this.signaling = null;
    this.noticedWaiting = null;
    document.title = 'Confab';
    if (screen) showPage(screen);
  }
}
