/**
 * The bot's media side, without networking: sources of 48 kHz audio frames ({@link
 * io.confab.bot.media.WavReader}, {@link io.confab.bot.media.AudioSource#silence()}) and I420
 * pictures ({@link io.confab.bot.media.TestPattern}, {@link io.confab.bot.media.Y4mReader}), the
 * Opus and VP8 encoders and the VP8 decoder over FFmpeg's avcodec, and the RFC 7741 VP8 RTP
 * payload packetizer and depacketizer.
 *
 * <pre>
 *   send:    AudioSource → OpusEncoder → one RTP payload per 20 ms (+ RFC 6464 level)
 *            VideoSource → Vp8Encoder → Vp8Packetizer → RTP payloads (caller sets the marker)
 *   receive: RTP payloads → Vp8Depacketizer → Vp8Decoder → framesDecoded
 * </pre>
 *
 * Every class here is built for one media thread and is not thread-safe. The codec classes hold
 * native FFmpeg memory and must be closed. Local failures (a codec that will not open, a file in
 * a format we do not read) throw; network input (depacketizer, decoder) never throws: bad data
 * is counted and dropped.
 */
package io.confab.bot.media;
