/**
 * Compound RTCP (RFC 3550 §6) for the SFU: {@link io.confab.core.sfu.rtcp.RtcpParser} turns
 * decrypted bytes into {@link io.confab.core.sfu.rtcp.RtcpPacket} records (reports, SDES, BYE,
 * NACK, transport-cc, PLI, FIR, REMB) or an {@link io.confab.core.sfu.rtcp.RtcpParseError}; and
 * {@link io.confab.core.sfu.rtcp.RtcpWriter} writes them, with allocation-free writers for the
 * feedback the SFU sends most (PLI, FIR, NACK). Records are immutable; the parser and writer are
 * stateless and safe from any thread.
 */
package io.confab.core.sfu.rtcp;
