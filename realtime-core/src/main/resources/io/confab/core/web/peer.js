// The media seam for the SFU (issue 4). Signaling already carries offer, answer and ice_candidate;
// this module answers them with one RTCPeerConnection and hands remote tracks to the tiles. Until
// the SFU sends an offer nothing here runs, so the meeting works without media.
//
// Conventions this client assumes, to be confirmed by the SFU's README:
//  - the SFU sends the offer (it knows who publishes what); the client answers, and adds its own
//    camera and microphone to the offered transceivers of their kind;
//  - the stream id (a=msid) of every track the SFU sends is the sender's participant id, so the
//    client knows whose tile a track belongs to;
//  - one connection per participant with BUNDLE and rtcp-mux, as ICE-lite SFUs expect.

export class PeerLink {
  /**
   * @param send        (type, fields) => void, a signaling send
   * @param localMedia  LocalMedia
   * @param onTrack     (participantId, track, stream) => void
   */
  constructor(send, localMedia, onTrack) {
    this.send = send;
    this.localMedia = localMedia;
    this.onTrack = onTrack;
    this.pc = null;
    this.sentTracks = new Set();
    this.pendingCandidates = [];
    localMedia.addEventListener('track', (event) => this.publish(event.detail.track));
  }

  connection() {
    if (this.pc) return this.pc;
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    pc.addEventListener('icecandidate', ({ candidate }) => {
      // The SFU is ICE-lite and already knows its own candidates; the browser's end-of-candidates
      // (a null candidate) needs no frame.
      if (!candidate || !candidate.candidate) return;
      this.send('ice_candidate', { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
    });
    pc.addEventListener('track', (event) => {
      const stream = event.streams[0];
      if (stream) this.onTrack(stream.id, event.track, stream);
    });
    this.pc = pc;
    return pc;
  }

  publish(track) {
    if (!this.pc || this.sentTracks.has(track.id)) return;
    this.pc.addTrack(track, this.localMedia.stream);
    this.sentTracks.add(track.id);
  }

  async handleOffer({ sdp }) {
    const pc = this.connection();
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const track of this.localMedia.stream?.getTracks() ?? []) this.publish(track);
    for (const candidate of this.pendingCandidates.splice(0)) await pc.addIceCandidate(candidate);
    await pc.setLocalDescription(await pc.createAnswer());
    this.send('answer', { sdp: pc.localDescription.sdp });
  }

  async handleAnswer({ sdp }) {
    if (this.pc?.signalingState === 'have-local-offer') await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  async handleIceCandidate({ candidate, sdpMid, sdpMLineIndex }) {
    const init = { candidate, sdpMid, sdpMLineIndex };
    // Candidates can overtake the offer they belong to; keep them until there is a description.
    if (!this.pc?.remoteDescription) this.pendingCandidates.push(init);
    else await this.pc.addIceCandidate(init);
  }

  close() {
    this.pc?.close();
    this.pc = null;
    this.sentTracks.clear();
    this.pendingCandidates = [];
  }
}
