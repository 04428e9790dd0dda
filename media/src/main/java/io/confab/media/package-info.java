/**
 * Media code shared by the bot and the stream jobs (recording mixer, transcription), below them
 * both in the module order, so stream-jobs never needs realtime-core or bot/. Packages by
 * capability:
 *
 * <pre>
 *   vp8      RFC 7741 payload descriptor, packetizer, depacketizer; compressed frames (pure Java)
 *   rtp      sequence and timestamp unwrapping, the per-track jitter buffer (pure Java)
 *   codec    FFmpeg codecs: VP8 and Opus both ways, H.264 (libx264) and AAC encoders
 *   picture  I420 pictures, box-filter scaling, a test pattern
 *   audio    48 kHz PCM frame sources, RFC 6464 levels
 *   file     WAV and YUV4MPEG2 readers
 *
 *   bot send:    AudioSource → OpusEncoder → one RTP payload per 20 ms (+ RFC 6464 level)
 *                VideoSource → Vp8Encoder → Vp8Packetizer → RTP payloads (caller sets the marker)
 *   bot receive: RTP payloads → Vp8Depacketizer → Vp8Decoder → framesDecoded
 * </pre>
 *
 * Every class here is built for one media thread and is not thread-safe. The codec classes hold
 * native FFmpeg memory and must be closed. Local failures (a codec that will not open, a file in
 * a format we do not read) throw; network input (depacketizer, decoders) never throws: bad data
 * is counted and dropped. Only {@code codec} touches FFmpeg: realtime-core depends on this module
 * without the natives and uses {@code vp8} alone.
 */
package io.confab.media;
