// The "New meeting" form, turned into the meetingRequest of the REST API. The start time is read in
// the time zone chosen on the form (see time.js); the server validates everything again and its
// field problems are listed under the form.

import { $, $$, el, showFormError, whileBusy } from './dom.js';
import { api } from './api.js';
import { browserTimeZone, timeZones, isTimeZone, nextWholeHour, wallTimeToInstant } from './time.js';

const UNITS = { DAILY: 'day(s)', WEEKLY: 'week(s)', MONTHLY: 'month(s)' };

export class MeetingForm {
  /** @param onCreated (meeting) => void */
  constructor(onCreated) {
    this.onCreated = onCreated;
    this.form = $('#new-meeting-form');
    $('#meeting-timezone').value = browserTimeZone();
    $('#meeting-start').value = nextWholeHour();
    // The zone list is long (400+); it is filled on first focus, not on every page load.
    $('#meeting-timezone').addEventListener('focus', () => this.fillZones(), { once: true });
    $('#meeting-type').addEventListener('change', () => this.sync());
    $('#recurrence-frequency').addEventListener('change', () => this.sync());
    $('#setting-e2ee').addEventListener('change', () => this.sync());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.sync();
  }

  fillZones() {
    $('#timezone-list').replaceChildren(...timeZones().map((zone) => el('option', { value: zone })));
  }

  /** Shows only the fields that matter for the chosen type and frequency. */
  sync() {
    const type = $('#meeting-type').value;
    const frequency = $('#recurrence-frequency').value;
    for (const node of $$('.when-timed', this.form)) node.hidden = type === 'INSTANT';
    $('#recurrence-fields').hidden = type !== 'RECURRING';
    $('#recurrence-days').hidden = frequency !== 'WEEKLY';
    for (const node of $$('.when-monthly', this.form)) node.hidden = frequency !== 'MONTHLY';
    $('#recurrence-interval-unit').textContent = UNITS[frequency];
    // Private media (the e2eeEnabled field) is never recorded or transcribed by the server.
    const e2ee = $('#setting-e2ee').checked;
    $('#setting-allow-recording').disabled = e2ee;
    if (e2ee) $('#setting-allow-recording').checked = false;
    $('#setting-transcription').disabled = e2ee;
    if (e2ee) $('#setting-transcription').checked = false;
  }

  /** The meetingRequest, or {problem} for what the form can tell without asking the server. */
  build() {
    const type = $('#meeting-type').value;
    const topic = $('#meeting-topic').value.trim();
    const timeZone = $('#meeting-timezone').value.trim();
    if (!topic) return { problem: 'Give the meeting a topic.', field: '#meeting-topic' };
    if (!isTimeZone(timeZone)) return { problem: `“${timeZone}” is not a time zone; pick one from the list, e.g. Europe/Paris.`, field: '#meeting-timezone' };
    const request = {
      topic,
      type,
      durationMinutes: Number($('#meeting-duration').value) || 60,
      timeZone,
      settings: {
        waitingRoom: $('#setting-waiting-room').checked,
        joinBeforeHost: $('#setting-join-before-host').checked,
        muteOnEntry: $('#setting-mute-on-entry').checked,
        allowRecording: $('#setting-allow-recording').checked,
        e2eeEnabled: $('#setting-e2ee').checked,
        transcription: $('#setting-transcription').checked,
      },
    };
    const passcode = $('#meeting-passcode').value;
    if (passcode) request.passcode = passcode;
    if (type !== 'INSTANT') {
      const start = $('#meeting-start').value;
      if (!start) return { problem: 'Choose when the meeting starts.', field: '#meeting-start' };
      request.startTime = wallTimeToInstant(start, timeZone);
    }
    if (type === 'RECURRING') {
      const frequency = $('#recurrence-frequency').value;
      const recurrence = { frequency, interval: Number($('#recurrence-interval').value) || 1 };
      if (frequency === 'WEEKLY') {
        const days = $$('input[name="daysOfWeek"]:checked', this.form).map((box) => box.value);
        if (days.length) recurrence.daysOfWeek = days;
      }
      if (frequency === 'MONTHLY' && $('#recurrence-day-of-month').value) {
        recurrence.dayOfMonth = Number($('#recurrence-day-of-month').value);
      }
      const end = $('input[name="recurrence-end"]:checked', this.form).value;
      if (end === 'date') {
        if (!$('#recurrence-end-date').value) return { problem: 'Choose the date the meeting stops repeating.', field: '#recurrence-end-date' };
        recurrence.endDate = $('#recurrence-end-date').value;
      } else if (end === 'count') {
        recurrence.count = Number($('#recurrence-count').value) || 1;
      }
      request.recurrence = recurrence;
    }
    return { request };
  }

  async submit() {
    showFormError('#new-meeting-error', '');
    $('#new-meeting-result').hidden = true;
    const { request, problem, field } = this.build();
    if (problem) {
      showFormError('#new-meeting-error', problem, { code: 'INVALID' });
      $(field)?.focus();
      return;
    }
    try {
      const meeting = await whileBusy($('#create-meeting'), () => api.createMeeting(request));
      $('#meeting-topic').value = '';
      $('#meeting-passcode').value = '';
      this.onCreated(meeting);
    } catch (error) {
      showFormError('#new-meeting-error', error.message, { code: error.code, problems: error.problems });
    }
  }
}
