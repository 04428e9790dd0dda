// The signaling WebSocket: JSON text frames {"type": ..., "id"?: ..., ...fields} both ways
// (realtime-core README, "Signaling protocol"; records in io.confab.core.signaling.protocol).
//
// This module knows the envelope, not the meeting: it opens the socket, numbers outgoing frames so
// an error frame's requestId can be traced to what caused it, and hands each incoming frame to the
// handlers registered for its type. Unknown types are ignored on purpose, so that a newer server
// (captions from the transcription pipeline, say) does not break an older page.

/** Keeps idle connections alive through proxies and NATs that drop quiet sockets after ~30-60 s. */
const PING_INTERVAL_MS = 25_000;

/**
 * The WebSocket URL for a join ticket's `signalingUrl`: used as is when absolute, resolved against
 * this page otherwise, with the scheme matching the page (wss on https, ws on http).
 */
export function signalingUrl(fromTicket) {
  const secure = location.protocol === 'https:';
  const base = `${secure ? 'wss' : 'ws'}://${location.host}`;
  if (!fromTicket) return `${base}/ws`;
  if (/^wss?:\/\//u.test(fromTicket)) return fromTicket;
  if (/^https?:\/\//u.test(fromTicket)) return fromTicket.replace(/^http/u, 'ws');
  return new URL(fromTicket, `${base}/`).toString();
}

export class Signaling {
  constructor(url) {
    this.url = url;
    this.socket = null;
    this.handlers = new Map();
    this.closeHandlers = [];
    this.nextId = 1;
    this.pingTimer = 0;
  }

  /** Registers a handler for one server message type; returns this for chaining. */
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(handler);
    return this;
  }

  /** Called once when the socket closes, for whatever reason, with the CloseEvent. */
  onClose(handler) {
    this.closeHandlers.push(handler);
    return this;
  }

  /** Opens the socket; resolves when it is open, rejects if it closes first. */
  connect() {
    return new Promise((resolve, reject) => {
      let socket;
      try {
        socket = new WebSocket(this.url);
      } catch (error) {
        reject(error);
        return;
      }
      this.socket = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        this.pingTimer = setInterval(() => this.send('ping'), PING_INTERVAL_MS);
        resolve();
      });
      socket.addEventListener('message', (event) => this.dispatch(event.data));
      socket.addEventListener('close', (event) => {
        clearInterval(this.pingTimer);
        if (!opened) {
          reject(new Error('Could not connect to the meeting server.'));
          return;
        }
        for (const handler of this.closeHandlers) handler(event);
      });
    });
  }

  get open() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends one message; returns its request id, or null when the socket is not open. */
  send(type, fields = {}) {
    if (!this.open) return null;
    const id = `c${this.nextId++}`;
    const frame = { type, id };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined && value !== null) frame[key] = value;
    }
    this.socket.send(JSON.stringify(frame));
    return id;
  }

  /** Closes without telling the room; leave_meeting first for a polite exit. */
  close() {
    clearInterval(this.pingTimer);
    this.closeHandlers = [];
    if (this.socket && this.socket.readyState < WebSocket.CLOSING) this.socket.close(1000, 'bye');
  }

  dispatch(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn('signaling: ignoring a frame that is not JSON');
      return;
    }
    if (!message || typeof message.type !== 'string') return;
    const handlers = this.handlers.get(message.type);
    if (!handlers) return;
    for (const handler of handlers) {
      try {
        handler(message);
      } catch (error) {
        // One broken view must not stop the others from seeing the message.
        console.error(`signaling: handler for ${message.type} failed`, error);
      }
    }
  }
}
