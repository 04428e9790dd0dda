// The home page: join a meeting as anyone, or sign in / sign up to host. The name typed to join is
// remembered in localStorage (a name is not a secret) so returning guests need not type it again.

import { $, showFormError, whileBusy } from './dom.js';
import { api, session } from './api.js';
import { meetingDigits, meetingIdProblem, formatMeetingId } from './meeting-id.js';
import { showPage } from './pages.js';

const NAME_KEY = 'confab.displayName';

export class HomePage {
  /** @param meetings MeetingSession; @param onSignedIn () => void */
  constructor(meetings, onSignedIn) {
    this.meetings = meetings;
    this.onSignedIn = onSignedIn;
    $('#join-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.join();
    });
    $('#signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.signIn();
    });
    $('#signup-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.signUp();
    });
    // Reformat on leaving the field, never while typing, which would move the caret under the fingers.
    $('#join-meeting-id').addEventListener('blur', (e) => {
      const digits = meetingDigits(e.target.value);
      if (digits && !meetingIdProblem(digits)) e.target.value = formatMeetingId(digits);
    });
  }

  show({ meetingId, passcode } = {}) {
    const user = session.user();
    $('#account-forms').hidden = Boolean(user);
    $('#signed-in-card').hidden = !user;
    if (meetingId) $('#join-meeting-id').value = formatMeetingId(meetingId);
    if (passcode) $('#join-passcode').value = passcode;
    const name = $('#join-name');
    if (!name.value) name.value = user?.displayName ?? localStorage.getItem(NAME_KEY) ?? '';
    showPage('home');
    // Someone arriving through an invitation link has one thing left to do: say who they are.
    if (meetingId) (name.value ? $('#join-submit') : name).focus();
  }

  async join() {
    const idField = $('#join-meeting-id');
    const nameField = $('#join-name');
    const problem = meetingIdProblem(idField.value);
    if (problem) {
      showFormError('#join-error', problem, { code: 'INVALID' });
      idField.setAttribute('aria-invalid', 'true');
      idField.focus();
      return;
    }
    idField.removeAttribute('aria-invalid');
    const displayName = nameField.value.trim();
    if (!displayName) {
      showFormError('#join-error', 'Enter your name as others will see it.', { code: 'INVALID' });
      nameField.setAttribute('aria-invalid', 'true');
      nameField.focus();
      return;
    }
    nameField.removeAttribute('aria-invalid');
    localStorage.setItem(NAME_KEY, displayName);
    await whileBusy($('#join-submit'), () => this.meetings.join({
      meetingId: meetingDigits(idField.value),
      displayName,
      passcode: $('#join-passcode').value,
      audioOff: $('#join-audio-off').checked,
      videoOff: $('#join-video-off').checked,
      errorBox: '#join-error',
      returnPage: 'home',
    }));
  }

  async signIn() {
    const email = $('#signin-email').value.trim();
    const password = $('#signin-password').value;
    if (!email || !password) {
      showFormError('#signin-error', 'Enter your email and password.', { code: 'INVALID' });
      return;
    }
    showFormError('#signin-error', '');
    try {
      const answer = await whileBusy($('#signin-submit'), () => api.signIn(email, password));
      session.save(answer.token, answer.user);
      $('#signin-password').value = '';
      this.onSignedIn();
    } catch (error) {
      showFormError('#signin-error', error.message, { code: error.code, problems: error.problems });
      $('#signin-password').select();
    }
  }

  async signUp() {
    const fields = {
      displayName: $('#signup-name').value.trim(),
      email: $('#signup-email').value.trim(),
      password: $('#signup-password').value,
    };
    const accountName = $('#signup-account').value.trim();
    if (accountName) fields.accountName = accountName;
    showFormError('#signup-error', '');
    try {
      const answer = await whileBusy($('#signup-submit'), () => api.signUp(fields));
      session.save(answer.token, answer.user);
      $('#signup-password').value = '';
      this.onSignedIn();
    } catch (error) {
      showFormError('#signup-error', error.message, { code: error.code, problems: error.problems });
    }
  }
}
