/**
 * RTP stages of the SFU's media path, on decrypted packets in byte arrays:
 *
 * <pre>
 *   UDP datagram → {@link io.confab.core.sfu.rtp.DatagramKind} → (SRTP decrypt) → {@link io.confab.core.sfu.rtp.RtpPacket}
 *     → {@link io.confab.core.sfu.rtp.ReceiveStatistics} / {@link io.confab.core.sfu.rtp.NackGenerator} (per incoming SSRC)
 *     → header extensions ({@link io.confab.core.sfu.rtp.AudioLevel}, {@link io.confab.core.sfu.rtp.StreamIdentifier}, ...)
 *     → {@link io.confab.media.vp8.Vp8PayloadDescriptor} (key frames, layers)
 *     → forwarder → {@link io.confab.core.sfu.rtp.RtpStreamRewriter} + {@link io.confab.core.sfu.rtp.Vp8PictureRewriter} (per outgoing SSRC)
 *     → {@link io.confab.core.sfu.rtp.PacketHistory} → (SRTP encrypt) → UDP
 * </pre>
 *
 * Parsers are reusable views that return a status instead of throwing; per-stream state classes
 * are owned by one packet thread and are not thread-safe. RTCP lives in {@code sfu.rtcp}.
 */
package io.confab.core.sfu.rtp;
