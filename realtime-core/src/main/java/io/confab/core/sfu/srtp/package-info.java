/**
 * SRTP and SRTCP (RFC 3711) with the two profiles WebRTC negotiates, AES_CM_128_HMAC_SHA1_80 and
 * AEAD_AES_128_GCM (RFC 7714), keyed from DTLS-SRTP (RFC 5764).
 *
 * <p>Place in the media path: {@code DtlsHandler} exports {@link
 * io.confab.core.sfu.srtp.SrtpProfile#exporterLength()} bytes with label {@link
 * io.confab.core.sfu.srtp.DtlsSrtpKeys#EXPORTER_LABEL}; {@link
 * io.confab.core.sfu.srtp.DtlsSrtpKeys#split} turns them into an {@link
 * io.confab.core.sfu.srtp.InboundSrtpSession} for the {@code SrtpDecrypt} stage and an {@link
 * io.confab.core.sfu.srtp.OutboundSrtpSession} for {@code SrtpEncrypt}. Both work in place on
 * {@code byte[]}, offset and length, return a length or a negative {@link
 * io.confab.core.sfu.srtp.SrtpFailure} code, and count their failures by reason.
 */
package io.confab.core.sfu.srtp;
