// The media link to the SFU: two RTCPeerConnections, as LiveKit does, so neither side ever offers
// over the other's offer (no glare):
//  - publish: this client offers its microphone and its camera (three simulcast layers, l/m/h) and
//    the SFU answers; re-offered when a track is added later;
//  - subscribe: the SFU offers one m-section per track of every other participant and this client
//    answers; the SFU re-offers as people come and go.
// Signaling tells them apart by direction: an `offer` from the server is always for the subscribe
// connection, an `answer` always for the publish connection. The SFU is ICE-lite with its candidates
// in the SDP, so neither side trickles candidates.
// The stream id (a=msid) of every track the SFU sends is the sender's participant id, which is how a
// remote track finds its tile.

// Layers from a 1280x720 camera: 320x180, 640x360, 1280x720. Bitrates as in Chrome's own simulcast
// table, so the SFU's bandwidth allocation sees familiar numbers.
const SIMULCAST = [
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'h', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

export class PeerLink {
  /**
   * @param send        (type, fields) => void, a signaling send
   * @param localMedia  LocalMedia
   * @param onTrack     (participantId, track, stream) => void
   * @param iceServers  the join ticket's STUN/TURN servers
   * @param policy      'all' or 'relay' (forced through TURN, for networks that block UDP)
   */
  constructor(send, localMedia, onTrack, iceServers = [], policy = 'all') {
    this.send = send;
    this.localMedia = localMedia;
    this.onTrack = onTrack;
    this.config = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers, iceTransportPolicy: policy };
    this.publisher = null;
    this.subscriber = null;
    this.sentTracks = new Set();
    this.owners = new Map(); // remote track id -> participant id
    this.started = false;
    this.negotiating = false;
    this.renegotiate = false;
    localMedia.addEventListener('track', () => { if (this.started) this.publish(); });
  }

  /** Called once we are in the meeting: the SFU knows us from then on. */
  start() {
    this.started = true;
    return this.publish();
  }

  /** Offers every local track not yet sent; one negotiation at a time, the next queued behind it. */
  async publish() {
    const tracks = (this.localMedia.stream?.getTracks() ?? []).filter((t) => !this.sentTracks.has(t.id));
    if (tracks.length === 0) return;
    if (this.negotiating) {
      this.renegotiate = true;
      return;
    }
    const pc = this.publisher ??= new RTCPeerConnection(this.config);
    for (const track of tracks) {
      const init = { direction: 'sendonly', streams: [this.localMedia.stream] };
      if (track.kind === 'video') init.sendEncodings = SIMULCAST.map((e) => ({ ...e }));
      pc.addTransceiver(track, init);
      this.sentTracks.add(track.id);
    }
    this.negotiating = true;
    await pc.setLocalDescription(await pc.createOffer());
    this.send('offer', { sdp: pc.localDescription.sdp });
  }

  /** The SFU's answer to our publish offer. */
  async handleAnswer({ sdp }) {
    if (this.publisher?.signalingState !== 'have-local-offer') return;
    await this.publisher.setRemoteDescription({ type: 'answer', sdp });
    this.negotiating = false;
    if (this.renegotiate) {
      this.renegotiate = false;
      await this.publish();
    }
  }

  /** The SFU's offer of everyone else's tracks. */
  async handleOffer({ sdp }) {
    const pc = this.subscriber ??= this.subscribeConnection();
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    this.send('answer', { sdp: pc.localDescription.sdp });
  }

  subscribeConnection() {
    const pc = new RTCPeerConnection(this.config);
    pc.addEventListener('track', (event) => {
      const stream = event.streams[0];
      if (!stream) return;
      this.owners.set(event.track.id, stream.id);
      this.onTrack(stream.id, event.track, stream);
    });
    return pc;
  }

  /** The SFU asks senders to stop layers nobody receives, and to resume them. */
  async setLayers({ active }) {
    const sender = this.publisher?.getSenders().find((s) => s.track?.kind === 'video');
    if (!sender) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings?.length) return;
    for (const encoding of parameters.encodings) encoding.active = active.includes(encoding.rid);
    await sender.setParameters(parameters);
  }

  /**
   * What arrives from each other participant, from getStats: one entry per remote track with its
   * owner, kind, packets, and for video the decoded frames and width, for audio the energy. The
   * connection-quality view and the browser tests read this.
   */
  async receiveStats() {
    const pc = this.subscriber;
    if (!pc) return [];
    const entries = [];
    for (const receiver of pc.getReceivers()) {
      const track = receiver.track;
      const owner = this.owners.get(track.id);
      if (!owner) continue;
      const stats = await pc.getStats(track);
      stats.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        entries.push({
          participantId: owner, kind: s.kind, packetsReceived: s.packetsReceived ?? 0,
          framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0,
          totalAudioEnergy: s.totalAudioEnergy ?? 0, bytesReceived: s.bytesReceived ?? 0,
        });
      });
    }
    return entries;
  }

  /** The selected ICE candidate pairs' local candidate types ('host', 'relay', ...), per connection. */
  async candidateTypes() {
    const types = {};
    for (const [name, pc] of [['publish', this.publisher], ['subscribe', this.subscriber]]) {
      if (!pc) continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) {
          const pair = stats.get(s.selectedCandidatePairId);
          const local = pair && stats.get(pair.localCandidateId);
          if (local) types[name] = local.candidateType;
        }
      });
    }
    return types;
  }

  handleIceCandidate() {
    // ICE-lite SFU: its candidates come in the SDP; there is nothing to add.
  }

  close() {
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = null;
    this.subscriber = null;
    this.sentTracks.clear();
    this.started = false;
    this.negotiating = false;
  }
}
