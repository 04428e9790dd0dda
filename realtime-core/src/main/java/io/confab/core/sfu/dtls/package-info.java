/**
 * DTLS-SRTP for one ICE transport (RFC 6347 DTLS 1.2, RFC 5764 use_srtp, RFC 8827/8122 WebRTC
 * certificate rules): both sides present self-signed certificates, each checks the other's against
 * the {@code a=fingerprint} from SDP, and the handshake ends in an SRTP protection profile plus the
 * exported keying material the SRTP stage keys itself with.
 *
 * <pre>
 *  UdpDemux ──(first byte 20..63)──▶ DtlsSession.receive ─▶ bounded queue ─▶ BC handshake (executor)
 *                                                                           │
 *       sender Consumer ◀── DTLS flights ◀──────────────────────────────────┘
 *                                         handshake() ─▶ DtlsHandshakeResult ─▶ SrtpDecrypt / SrtpEncrypt
 * </pre>
 */
package io.confab.core.sfu.dtls;
