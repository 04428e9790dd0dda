/**
 * SDP for the SFU: a tolerant RFC 8866 parser into immutable records, and the SFU's side of the
 * JSEP (RFC 8829) offer/answer exchanges.
 *
 * <h2>Negotiation model</h2>
 * Each participant holds two RTCPeerConnections to the SFU, as LiveKit does, so that neither side
 * ever has to answer an offer while its own is pending:
 * <ul>
 *   <li><b>Publish connection.</b> The browser (or bot) offers: a sendonly audio m-section with
 *   Opus and a sendonly video m-section with VP8, optionally simulcast with one to three layers
 *   declared by {@code a=rid:<id> send} lines and {@code a=simulcast:send l;m;h} (RFC 8851,
 *   RFC 8853). {@link io.confab.core.sfu.sdp.PublishAnswerer} answers recvonly, keeping only the
 *   codecs, RTCP feedback and header extensions the SFU forwards, and reports what was negotiated
 *   as a {@link io.confab.core.sfu.sdp.NegotiatedPublish}.</li>
 *   <li><b>Subscribe connection.</b> The SFU offers one sendonly m-section per remote track it
 *   forwards (audio and video of every other participant); the browser answers recvonly.
 *   {@link io.confab.core.sfu.sdp.SubscribeOfferer} renegotiates as participants come and go.
 *   M-sections are never removed or reordered: a departed track's m-section becomes
 *   {@code a=inactive} and may later carry a new track of the same kind (new SSRC and msid), as
 *   unified plan allows.</li>
 * </ul>
 * Both connections use one transport: every accepted mid is in {@code a=group:BUNDLE} (RFC 8843)
 * and RTP/RTCP are multiplexed (RFC 5761). The SFU is an ICE-lite agent ({@code a=ice-lite} at
 * session level, RFC 8445 §2.5) with its own ice-ufrag/ice-pwd and host candidates, which it lists
 * in the first bundled m-section followed by {@code a=end-of-candidates} (RFC 8840). DTLS-SRTP
 * (RFC 5763) is set up with {@code a=fingerprint} and {@code a=setup}: the SFU answers
 * {@code passive} and offers {@code actpass}, so the browser answers {@code active} and the SFU is
 * always the DTLS server. The parser reads {@code a=fingerprint} straight into the {@link
 * io.confab.core.sfu.dtls.Fingerprint} the handshake checks the peer's certificate against, passing
 * over one whose hash function the SFU does not compute (RFC 8122 §5 lets a peer offer several).
 *
 * <h2>Errors</h2>
 * SDP arrives from the network, so nothing here throws on bad input: {@link
 * io.confab.core.sfu.sdp.SdpParser} returns an {@link io.confab.core.sfu.sdp.SdpParseError} naming
 * the line and the problem, and negotiation returns a {@link
 * io.confab.core.sfu.sdp.NegotiationError}. {@link IllegalArgumentException} is reserved for
 * programmer errors such as bad constructor arguments.
 *
 * <p>SDP is signaling, not media: these classes allocate freely and none of them is thread-safe.
 */
package io.confab.core.sfu.sdp;
