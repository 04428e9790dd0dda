// Confab web client: the entry module. Plain ES modules, no build step, served by realtime-core
// from the class path (io/confab/core/web/). It wires the pages together and routes addresses:
//   /                 home: join form, sign in, sign up
//   /join/{digits}    home with the meeting ID filled in (invitation links; ?pwd= fills the passcode)
//   /meetings         the signed-in user's meetings
//
// Modules by capability:
//   api.js            REST calls and the signed-in session (token in sessionStorage)
//   signaling.js      the WebSocket: envelope, request ids, dispatch by message type
//   meeting-session.js one visit to a meeting: join flow, server messages -> Room / screens
//   room.js           client-side meeting state the views draw from
//   meeting-view.js   tiles (gallery / speaker) and the meeting header
//   controls.js       toolbar, side panels, reactions popover, Escape and Alt shortcuts
//   participants.js   participant list, waiting room, host controls
//   chat.js           chat panel
//   captions.js       live captions under the video, the CC toggle
//   media.js, peer.js local camera/mic; the RTCPeerConnection seam for the SFU
//   pages.js, home-page.js, meetings-page.js, meeting-form.js   pages and routing
//
// ---------------------------------------------------------------------------------------------
// Stable hooks for browser tests (ids, classes, data attributes). Keep these when restyling.
//
// Pages (exactly one <section class="page"> is visible; body[data-page] names it):
//   #home  #meetings-page  #connecting  #waiting-room[data-reason=waiting_room|host_not_arrived]
//   #denied  #meeting  #kicked  #meeting-ended  #left-meeting  #connection-lost
//
// Home:         #join-form #join-meeting-id #join-name #join-passcode #join-audio-off #join-video-off
//               #join-submit #join-error[data-code]      (API or signaling code, e.g. NOT_FOUND,
//               UNAUTHORIZED, CONFLICT, WRONG_PASSCODE, MEETING_LOCKED; INVALID for client checks)
//               #signin-form #signin-email #signin-password #signin-submit #signin-error[data-code]
//               #signup-form #signup-name #signup-email #signup-password #signup-account
//               #signup-submit #signup-error
// Top bar:      #user-menu #user-name #nav-meetings #sign-out
// My meetings:  #meetings-list > tr.meeting-row[data-meeting-id][data-status]
//                 .topic .meeting-id .status .next-start .recordings .join-link
//                 button.start-meeting button.end-meeting-button button.delete-meeting
//               #start-personal #personal-meeting-id #refresh-meetings #meetings-error
//               #new-meeting-form #meeting-topic #meeting-type(INSTANT|SCHEDULED|RECURRING)
//               #meeting-start #meeting-duration #meeting-timezone #meeting-passcode
//               #recurrence-frequency #recurrence-interval input[name=daysOfWeek][value=MONDAY...]
//               #recurrence-day-of-month input[name=recurrence-end][value=never|date|count]
//               #recurrence-end-date #recurrence-count
//               #setting-waiting-room #setting-join-before-host #setting-mute-on-entry
//               #setting-allow-recording #setting-transcription #setting-e2ee #create-meeting #new-meeting-error
//               #new-meeting-result[data-meeting-id] .created-id #start-created
// Waiting:      #waiting-room #waiting-title #waiting-message #leave-waiting
// Meeting:      #meeting-title #meeting-id-label #recording-indicator #lock-indicator #toggle-view[data-layout]
//               #tiles[data-layout=gallery|speaker] > .tile[data-participant-id][data-role]
//                 classes: .self .muted-audio .muted-video .hand-raised .has-video .featured .active-speaker
//                 children: video .tile-name .tile-initials .hand-badge .tile-muted-audio
//                           .tile-muted-video .reaction-float (while a reaction floats)
//               #captions (aria-live): .caption-line[data-segment-id][data-participant-id][data-final][data-final-at]
//                 > .caption-speaker + .caption-text; #toggle-captions (CC, aria-pressed)
//               #toggle-mic[data-muted] #toggle-camera[data-muted] #raise-hand[data-raised]
//               #toggle-reactions -> #reactions .reaction-button[data-emoji]
//               #toggle-participants -> #participants-panel; #toggle-chat[data-unread] -> #chat-panel
//               (both panels start open unless the window is under 600px wide; Escape closes)
//               #leave  #end-meeting (host only) -> #confirm-dialog #confirm-ok #confirm-cancel
// Participants: #participants > li.participant[data-participant-id][data-role]
//                 classes: .self .hand-raised .muted-audio .muted-video;  .participant-name
//                 host buttons: .mute-participant .ask-unmute .stop-video .lower-hand .kick-participant
//               #kick-dialog #kick-reason-input #kick-confirm #kick-cancel
//               #host-controls #lock-meeting[data-locked] #recording-toggle[data-recording]
//               #waiting-section #waiting-list > li.waiting-entry[data-participant-id] .admit .deny
//               #admit-all #participant-count #waiting-count
// Chat:         #chat-messages > li.chat-message[data-message-id][data-from](.own .private)
//                 .chat-from .chat-text;  #chat-to (option value "" = everyone, else a participant
//                 id) #chat-input #chat-send
// After:        #kicked-reason (the host's reason, or "No reason was given.")  #ended-reason
//               #rejoin #rejoin-lost #lost-detail
// Notices:      #notice[data-kind=info|error][data-code] (transient, 5-8 s) .notice-action
//               #announcer (screen-reader only)
// ---------------------------------------------------------------------------------------------

import { $, showFormError } from './dom.js';
import { api, session } from './api.js';
import { Router } from './pages.js';
import { MeetingSession } from './meeting-session.js';
import { HomePage } from './home-page.js';
import { MeetingsPage } from './meetings-page.js';

const meetingSession = new MeetingSession();

// Leaving a meeting by the Back button would drop the call without a word; the router refuses
// to change page while a visit is active, and Leave is the way out.
const router = new Router([
  [/^\/$/u, () => home.show()],
  [/^\/join\/([\d-]+)\/?$/u, (match, query) => home.show({
    meetingId: match[1].replace(/-/gu, ''),
    passcode: query.get('pwd') ?? query.get('passcode') ?? '',
  })],
  [/^\/meetings\/?$/u, () => (session.signedIn() ? meetings.show() : router.go('/', { replace: true }))],
], () => !meetingSession.active);

const home = new HomePage(meetingSession, () => router.go('/meetings'));
const meetings = new MeetingsPage(meetingSession, (message) => {
  session.clear();
  router.go('/');
  showFormError('#signin-error', message, { code: 'UNAUTHORIZED' });
});

function renderUserMenu() {
  const user = session.user();
  $('#user-menu').hidden = !user;
  $('#user-name').textContent = user ? user.displayName : '';
}

$('#sign-out').addEventListener('click', async () => {
  // Revoke the token on the server too, so a copy of it (another tab, a leaked log) stops working;
  // signing out locally does not wait for, nor depend on, the answer.
  api.signOut().catch(() => {});
  session.clear();
  router.go('/');
});
window.addEventListener('confab:session', renderUserMenu);

renderUserMenu();
router.resolve();
