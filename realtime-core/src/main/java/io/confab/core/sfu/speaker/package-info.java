/**
 * Who is speaking: the dominant-speaker policy fed with RFC 6464 audio levels, and the recent-speaker
 * order that last-N and {@link io.confab.core.sfu.allocation} rank video by. Policy only; the audio
 * level itself is read from RTP header extensions elsewhere.
 */
package io.confab.core.sfu.speaker;
