// Wall-clock times in a meeting's own time zone. A host schedules "Tuesday 09:00 in New York" even
// when their browser is in Berlin, so the start field is read in the zone chosen on the form, not the
// browser's. Without a date library, the zone's offset at an instant comes from Intl.DateTimeFormat.

export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function timeZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [browserTimeZone(), 'UTC'];
  }
}

export function isTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const partsFormats = new Map();

/** Milliseconds the zone's wall clock is ahead of UTC at `instantMs`. */
function offsetAt(instantMs, zone) {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partsFormats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(instantMs)).map((x) => [x.type, x.value]));
  const hour = Number(p.hour) % 24; // some engines write midnight as 24 even with h23
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), hour, Number(p.minute), Number(p.second));
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant (ISO-8601, UTC) of a `datetime-local` value read in `zone`, resolved as java.time's
 * ZonedDateTime.of does so the server and the form agree: in an autumn overlap the earlier offset
 * wins, and a time in the hour skipped in spring moves forward by the gap. The offsets half a day
 * either side of the wall time are the two a change between them could involve.
 */
export function wallTimeToInstant(wall, zone) {
  const m = String(wall).match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/u);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const halfDay = 12 * 3600 * 1000;
  const before = asUtc - offsetAt(asUtc - halfDay, zone);
  const after = asUtc - offsetAt(asUtc + halfDay, zone);
  const valid = (instant) => asUtc - offsetAt(instant, zone) === instant;
  const instant = !valid(before) && valid(after) ? after : before;
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** "Dec 1, 2026, 9:00 AM EST" in the meeting's zone, which is how the host planned it. */
export function formatInZone(iso, zone) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const options = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone || undefined }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

/** The next whole hour in the browser's zone, as a `datetime-local` value. */
export function nextWholeHour(now = new Date()) {
  const d = new Date(now.getTime());
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

export function formatClock(iso) {
  const date = iso ? new Date(iso) : new Date();
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(date);
}
