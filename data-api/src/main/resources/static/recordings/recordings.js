// The recordings page: the signed-in user's recordings from the post-meeting API, each playable
// from its presigned MP4 link (the M4A for an audio-only recording). The token is the web client's
// own: api.js keeps it in sessionStorage under 'confab.token', and this page shares that origin.

const TOKEN_KEY = 'confab.token';
const $ = (id) => document.getElementById(id);

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json', Authorization: `Bearer ${token()}` } });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    // An expired or replaced session: the web client's sign-in gives a new token.
    throw new Error('Your session has expired; sign in again on the home page.');
  }
  if (!response.ok) {
    throw new Error(body.detail || body.message || `The server answered ${response.status}.`);
  }
  return body;
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function duration(seconds) {
  if (seconds == null) return 'in progress';
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return `${m}:${s}`;
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

function card(recording) {
  const item = document.createElement('li');
  item.className = 'recording card';
  item.dataset.recordingId = recording.id;
  if (recording.posterUrl) {
    const img = document.createElement('img');
    img.src = recording.posterUrl;
    img.alt = `Poster of the recording of ${when(recording.startedAt)}`;
    item.append(img);
  } else {
    const none = document.createElement('div');
    none.className = 'no-poster';
    none.textContent = recording.audioOnly ? 'Audio only' : 'No poster';
    item.append(none);
  }
  const title = document.createElement('strong');
  title.textContent = when(recording.startedAt);
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = `${duration(recording.durationSeconds)} · ${recording.status}`
      + (recording.participants.length ? ` · ${recording.participants.join(', ')}` : '');
  const play = document.createElement('button');
  play.type = 'button';
  play.className = 'primary play';
  play.textContent = 'Play';
  play.disabled = recording.status !== 'READY';
  play.addEventListener('click', () => playRecording(recording));
  item.append(title, meta, play);
  return item;
}

async function playRecording(summary) {
  showError('');
  try {
    // The list's links are not fetched again per card; one GET gives every file with fresh links.
    const recording = await api(`/api/recordings/${encodeURIComponent(summary.id)}?meetingId=${encodeURIComponent(summary.meetingId)}`);
    const media = recording.files.find((f) => f.kind === 'mp4') ?? recording.files.find((f) => f.kind === 'm4a');
    if (!media) {
      showError('This recording has no MP4 or M4A file yet.');
      return;
    }
    $('player').hidden = false;
    $('player-title').textContent = `Recording of ${when(recording.startedAt)}`;
    $('player-files').textContent = `Playing ${media.name}; links expire at ${when(media.urlExpiresAt)}.`;
    const video = $('video');
    video.src = media.url;
    await video.play().catch(() => { /* the controls still let the user start it */ });
  } catch (error) {
    showError(error.message);
  }
}

async function load() {
  showError('');
  const list = $('recordings');
  list.replaceChildren();
  if (!token()) {
    $('status').innerHTML = 'Sign in on the <a href="/">home page</a> to see your recordings.';
    return;
  }
  $('status').textContent = 'Loading…';
  try {
    const { recordings } = await api('/api/recordings?limit=100');
    $('status').textContent = recordings.length ? `${recordings.length} recording(s), newest first.` : 'No recordings yet.';
    list.append(...recordings.map(card));
  } catch (error) {
    $('status').textContent = '';
    showError(error.message);
  }
}

$('refresh').addEventListener('click', load);
load();
