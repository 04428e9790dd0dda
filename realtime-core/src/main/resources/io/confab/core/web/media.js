// The local camera and microphone. Muting flips `track.enabled`, which sends silence and black
// frames without renegotiating, so unmuting is instant and the SFU keeps its transceivers; the
// server is told separately (mute/unmute frames) and is the authority others see.
//
// getUserMedia exists only in secure contexts (https, or http on localhost); elsewhere, or when the
// person refuses, the meeting still works without media and the tile shows initials.

export class LocalMedia extends EventTarget {
  constructor() {
    super();
    this.stream = null;
    this.problem = null;
    this.stopped = false;
  }

  get supported() {
    return Boolean(navigator.mediaDevices?.getUserMedia);
  }

  /**
   * Asks for microphone and camera; falls back to the microphone alone when the camera is missing or
   * refused. Resolves (never rejects) with which kinds are available.
   */
  async acquire() {
    if (!this.supported) {
      this.problem = window.isSecureContext
        ? 'This browser cannot use a camera or microphone.'
        : 'Camera and microphone need a secure (https) connection.';
      return this.available();
    }
    const attempts = [
      { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } } },
      { audio: true, video: false },
      { audio: false, video: true },
    ];
    for (const constraints of attempts) {
      try {
        this.adopt(await navigator.mediaDevices.getUserMedia(constraints));
        this.problem = null;
        break;
      } catch (error) {
        this.problem = error?.name === 'NotAllowedError'
          ? 'Camera and microphone access was refused; allow it in the browser to be seen and heard.'
          : 'No camera or microphone could be opened.';
      }
    }
    return this.available();
  }

  /** Asks again for one kind (the person pressed unmute without a device); true when it worked. */
  async acquireKind(kind) {
    if (!this.supported) return false;
    try {
      const extra = await navigator.mediaDevices.getUserMedia({ audio: kind === 'audio', video: kind === 'video' });
      this.adopt(extra);
      return true;
    } catch {
      return false;
    }
  }

  adopt(stream) {
    // The permission prompt can outlast the visit; a device granted after leaving is released at once.
    if (this.stopped) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    if (!this.stream) this.stream = new MediaStream();
    for (const track of stream.getTracks()) {
      this.stream.addTrack(track);
      this.dispatchEvent(new CustomEvent('track', { detail: { track } }));
    }
    this.dispatchEvent(new CustomEvent('change'));
  }

  available() {
    return { audio: this.has('audio'), video: this.has('video') };
  }

  has(kind) {
    return this.tracks(kind).some((t) => t.readyState === 'live');
  }

  tracks(kind) {
    if (!this.stream) return [];
    return kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks();
  }

  setEnabled(kind, enabled) {
    for (const track of this.tracks(kind)) track.enabled = enabled;
    this.dispatchEvent(new CustomEvent('change'));
  }

  /** Turns the camera light off and releases the devices; called when leaving for any reason. */
  stop() {
    this.stopped = true;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
  }
}
