// The meeting service's REST API (realtime-core/docs/meeting-api.md) and the signed-in session.
//
// The user's token lives in sessionStorage: it survives a reload of the tab but not the closing of
// the browser, and another tab signs in on its own, which is what a shared meeting-room computer needs.
// Meeting-scoped tokens from join are never stored: they are used once, for join_meeting.

const TOKEN_KEY = 'confab.token';
const USER_KEY = 'confab.user';

/** A refused or failed call. `message` is the server's own words, which the pages show as they are. */
export class ApiError extends Error {
  constructor(status, code, message, problems = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
  }
}

export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  user() {
    try {
      return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null');
    } catch {
      return null;
    }
  },
  signedIn() {
    return Boolean(this.token());
  },
  save(token, user) {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    if (user) sessionStorage.setItem(USER_KEY, JSON.stringify(user));
    window.dispatchEvent(new CustomEvent('confab:session'));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
    window.dispatchEvent(new CustomEvent('confab:session'));
  },
};

// Used only when an error answer has no message of its own (a proxy's HTML page, say).
const FALLBACK_MESSAGES = {
  400: 'The request was not accepted.',
  401: 'You are not signed in, or your session has expired.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with the current state; reload and try again.',
  429: 'Too many requests; wait a moment and try again.',
  503: 'The server is busy; try again shortly.',
};

async function call(method, path, body, { auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token();
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the Confab server. Check your connection and try again.');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data?.error ?? `HTTP_${response.status}`,
      data?.message || FALLBACK_MESSAGES[response.status] || `The server answered ${response.status}.`,
      Array.isArray(data?.problems) ? data.problems : [],
    );
  }
  return data;
}

const meetingPath = (id) => `/api/meetings/${encodeURIComponent(id)}`;

export const api = {
  // Sign-up answers alike for a free and a taken email (it must not tell which emails exist), so the
  // session comes from signing in with the same email and password.
  signUp: async (fields) => {
    await call('POST', '/api/auth/signup', fields, { auth: false });
    try {
      return await call('POST', '/api/auth/signin', { email: fields.email, password: fields.password }, { auth: false });
    } catch (error) {
      if (error.status !== 401) throw error;
      throw new ApiError(401, error.code,
        'Could not sign you in with this email and password. If this email already has an account, sign in with its password.', []);
    }
  },
  signIn: (email, password) => call('POST', '/api/auth/signin', { email, password }, { auth: false }),
  me: () => call('GET', '/api/me'),
  signOut: () => call('POST', '/api/auth/signout'),

  listMeetings: async () => (await call('GET', '/api/meetings'))?.meetings ?? [],
  getMeeting: (id) => call('GET', meetingPath(id)),
  createMeeting: (request) => call('POST', '/api/meetings', request),
  updateMeeting: (id, changes) => call('PATCH', meetingPath(id), changes),
  deleteMeeting: (id) => call('DELETE', meetingPath(id)),
  endMeeting: (id) => call('POST', `${meetingPath(id)}/end`),
  nextOccurrence: async (id, from = new Date()) => {
    const query = new URLSearchParams({ from: from.toISOString(), limit: '1' });
    const answer = await call('GET', `${meetingPath(id)}/occurrences?${query}`);
    return answer?.occurrences?.[0] ?? null;
  },
  startRecording: (id) => call('POST', `${meetingPath(id)}/recording/start`),
  stopRecording: (id) => call('POST', `${meetingPath(id)}/recording/stop`),

  /**
   * A ticket for one meeting's signaling: {token, participantId, role, meeting, signalingUrl}. Sent
   * with the user's token when signed in (so a host joins as host), as a guest otherwise.
   */
  join: (id, displayName, passcode) => call('POST', `${meetingPath(id)}/join`,
    passcode ? { displayName, passcode } : { displayName }),
};

/** A one-line description of an error for a notice: the message, then the field problems. */
export function describe(error) {
  if (error instanceof ApiError) {
    return error.problems.length ? `${error.message} (${error.problems.join('; ')})` : error.message;
  }
  return error?.message || String(error);
}
