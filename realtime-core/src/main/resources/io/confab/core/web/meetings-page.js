// "My meetings": the signed-in user's meetings with their next start, Start/Join and End, the
// personal meeting room, and the New meeting form. The Recordings column is a placeholder that the
// recording issue fills from the retrieval API.

import { $, el, showFormError } from './dom.js';
import { api, session } from './api.js';
import { formatMeetingId } from './meeting-id.js';
import { formatInZone } from './time.js';
import { confirmAction } from './dialogs.js';
import { MeetingForm } from './meeting-form.js';
import { showPage } from './pages.js';
import { notify } from './notices.js';

/** The server sends join links relative to itself ("/join/123..."); invitations need them whole. */
function absolute(url) {
  return new URL(url, location.origin).href;
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    // The clipboard API needs a secure context; selecting the link lets the person copy it by hand.
    const link = button.parentElement.querySelector('a');
    if (link) getSelection().selectAllChildren(link);
    button.textContent = 'Press Ctrl+C';
  }
}

const STATUS_LABELS = { SCHEDULED: 'Scheduled', STARTED: 'Live', ENDED: 'Ended' };
const TYPE_LABELS = { INSTANT: 'Instant', SCHEDULED: 'Scheduled', RECURRING: 'Recurring' };

export class MeetingsPage {
  /** @param meetings MeetingSession; @param onSignedOut (message) => void */
  constructor(meetings, onSignedOut) {
    this.meetings = meetings;
    this.onSignedOut = onSignedOut;
    this.form = new MeetingForm((meeting) => this.created(meeting));
    $('#refresh-meetings').addEventListener('click', () => this.load());
    $('#start-personal').addEventListener('click', () => {
      const user = session.user();
      if (user?.personalMeetingId) this.start(user.personalMeetingId);
    });
  }

  async show() {
    showPage('meetings-page');
    showFormError('#meetings-error', '');
    try {
      const user = await api.me();
      session.save(null, user);
    } catch (error) {
      if (error.status === 401) {
        this.onSignedOut('Your session has expired. Sign in again.');
        return;
      }
    }
    const user = session.user();
    const personal = user?.personalMeetingId;
    $('#personal-meeting').hidden = !personal;
    $('#start-personal').hidden = !personal;
    $('#personal-meeting-id').textContent = personal ? formatMeetingId(personal) : '';
    await this.load();
  }

  async load() {
    let meetings;
    try {
      meetings = await api.listMeetings();
    } catch (error) {
      if (error.status === 401) {
        this.onSignedOut('Your session has expired. Sign in again.');
        return;
      }
      showFormError('#meetings-error', error.message, { code: error.code });
      return;
    }
    $('#meetings-list').replaceChildren(...meetings.map((m) => this.row(m)));
    $('#meetings-empty').hidden = meetings.length > 0;
    $('#meetings-table').hidden = meetings.length === 0;
    for (const m of meetings) this.fillNextStart(m);
  }

  row(m) {
    const id = m.id;
    const ended = m.status === 'ENDED';
    const isHost = m.hostUserId === session.user()?.id;
    const actions = [
      el('button', {
        type: 'button', class: 'small primary start-meeting', disabled: ended,
        'aria-label': `${isHost ? 'Start' : 'Join'} ${m.topic}`,
        text: m.status === 'STARTED' || !isHost ? 'Join' : 'Start',
        onclick: () => this.start(id),
      }),
      m.status === 'STARTED' ? el('button', {
        type: 'button', class: 'small end-meeting-button', 'aria-label': `End ${m.topic} for everyone`, text: 'End',
        onclick: () => this.end(m),
      }) : null,
      el('button', {
        type: 'button', class: 'small danger-text delete-meeting', 'aria-label': `Delete ${m.topic}`, text: 'Delete',
        onclick: () => this.remove(m),
      }),
    ];
    const details = [TYPE_LABELS[m.type], m.durationMinutes && `${m.durationMinutes} min`, m.hasPasscode && 'passcode']
      .filter(Boolean).join(' · ');
    return el('tr', { class: 'meeting-row', 'data-meeting-id': id, 'data-status': m.status },
      el('th', { scope: 'row' },
        el('span', { class: 'topic', text: m.topic }),
        el('span', { class: 'hint details', text: details }),
        m.joinUrl ? el('a', { class: 'join-link', href: absolute(m.joinUrl), 'aria-label': `Invitation link for ${m.topic}`, text: 'Invitation link' }) : null),
      el('td', { class: 'meeting-id', text: m.formattedId || formatMeetingId(id) }),
      el('td', {}, el('span', { class: `status status-${String(m.status).toLowerCase()}`, text: STATUS_LABELS[m.status] ?? m.status })),
      el('td', { class: 'next-start', text: '' }),
      // Filled by the recording issue; a live recording is the one thing known here already.
      el('td', { class: 'recordings', 'data-recording-id': m.recordingId || undefined },
        m.recordingId && m.status === 'STARTED' ? el('span', { class: 'badge rec', text: 'Recording' }) : el('span', { class: 'hint', 'aria-label': 'None yet', text: '—' })),
      el('td', { class: 'actions' }, actions));
  }

  /**
   * Next start: the server's `nextStart` (next occurrence at or after now) when it sent one; older
   * answers without it fall back to asking for the next occurrence.
   */
  async fillNextStart(m) {
    const cell = $(`tr[data-meeting-id="${CSS.escape(m.id)}"] .next-start`);
    if (!cell) return;
    if ('nextStart' in m) {
      if (m.nextStart) cell.textContent = formatInZone(m.nextStart, m.timeZone);
      else cell.textContent = m.status === 'STARTED' ? 'Now' : m.type === 'INSTANT' && m.status !== 'ENDED' ? 'When you start it' : '—';
    } else if (m.status === 'ENDED' && m.type !== 'RECURRING') {
      cell.textContent = '—';
    } else if (m.type === 'RECURRING') {
      try {
        const next = await api.nextOccurrence(m.id);
        cell.textContent = next ? formatInZone(next.start, m.timeZone) : 'No more occurrences';
      } catch {
        cell.textContent = m.startTime ? formatInZone(m.startTime, m.timeZone) : '';
      }
    } else if (m.type === 'SCHEDULED') {
      cell.textContent = formatInZone(m.startTime, m.timeZone);
    } else {
      cell.textContent = m.status === 'STARTED' ? 'Now' : 'When you start it';
    }
  }

  start(meetingId) {
    const user = session.user();
    return this.meetings.join({
      meetingId,
      displayName: user?.displayName || 'Host',
      errorBox: '#meetings-error',
      returnPage: 'meetings-page',
    });
  }

  async end(m) {
    const ok = await confirmAction({
      title: `End “${m.topic}” for everyone?`,
      text: 'Everyone in the meeting will be disconnected.',
      ok: 'End meeting',
    });
    if (!ok) return;
    try {
      await api.endMeeting(m.id);
      notify(`“${m.topic}” has ended.`);
    } catch (error) {
      showFormError('#meetings-error', error.message, { code: error.code });
    }
    await this.load();
  }

  async remove(m) {
    const ok = await confirmAction({
      title: `Delete “${m.topic}”?`,
      text: m.status === 'STARTED' ? 'The meeting is live; it will be ended first.' : 'The meeting ID will stop working.',
      ok: 'Delete',
    });
    if (!ok) return;
    try {
      await api.deleteMeeting(m.id);
    } catch (error) {
      showFormError('#meetings-error', error.message, { code: error.code });
    }
    await this.load();
  }

  async created(meeting) {
    const result = $('#new-meeting-result');
    result.replaceChildren(
      el('p', {}, 'Created “', el('strong', { text: meeting.topic }), '”, meeting ID ',
        el('strong', { class: 'created-id', text: meeting.formattedId || formatMeetingId(meeting.id) }), '.'),
      meeting.joinUrl ? el('p', {}, 'Invitation link: ',
        el('a', { href: absolute(meeting.joinUrl), class: 'created-link', text: absolute(meeting.joinUrl) }), ' ',
        el('button', { type: 'button', class: 'small copy-link', text: 'Copy', onclick: (e) => copy(absolute(meeting.joinUrl), e.currentTarget) })) : null,
      el('button', { type: 'button', id: 'start-created', class: 'primary', text: 'Start now', onclick: () => this.start(meeting.id) }));
    result.dataset.meetingId = meeting.id;
    result.hidden = false;
    await this.load();
  }
}
