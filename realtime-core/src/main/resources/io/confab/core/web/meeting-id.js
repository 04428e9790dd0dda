// Meeting IDs as people type them. The server owns validation (the Damm check digit that refuses a
// mistyped ID without a lookup lives in MeetingId.java); the client only strips what people add
// around the digits and refuses input that cannot be an ID at all, so the message stays the
// server's for everything else.

const DIGITS = /^\d{10,11}$/;

/**
 * The digits of a typed meeting ID ("123-456-7890", "123 4567 8901", or a pasted join link), or null
 * when the text is not made of digits, spaces and dashes.
 */
export function meetingDigits(typed) {
  let text = String(typed ?? '').trim();
  const link = text.match(/\/join\/([\d\s-]+)/u);
  if (link) text = link[1];
  if (!/^[\d\s-]+$/u.test(text)) return null;
  return text.replace(/[\s-]/gu, '');
}

/** A reason the typed text cannot be a meeting ID, or null when it is worth asking the server. */
export function meetingIdProblem(typed) {
  const digits = meetingDigits(typed);
  if (!digits) return 'Enter the meeting ID: 10 or 11 digits, for example 123-4567-8901.';
  if (!DIGITS.test(digits)) return `A meeting ID has 10 or 11 digits; this one has ${digits.length}.`;
  return null;
}

/** 3-3-4 for personal IDs (10 digits) and 3-4-4 for meetings (11), as the server formats them. */
export function formatMeetingId(digits) {
  const d = String(digits ?? '');
  if (d.length === 10) return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
  if (d.length === 11) return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;
  return d;
}
