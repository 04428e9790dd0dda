package io.confab.jobs.track;

import io.confab.storage.events.MediaPacket;

/**
 * Which tapped audio packets need no decoding because their sender said they are silent: the RFC
 * 6464 audio level (0 to 127, -dBov; 127 is digital silence) that the SFU copies into
 * {@code media.packets}. A packet at {@code quietestAudible} or quieter is silent; a packet
 * without a level (a sender that does not write the extension) never is.
 *
 * @param quietestAudible the level from which on a packet is silent; 128 turns the rule off
 */
public record SilentPackets(int quietestAudible) {

    /** Every packet is decoded (the recording mixer: a recording keeps its silence). */
    public static final SilentPackets NONE = new SilentPackets(128);

    public SilentPackets {
        if (quietestAudible < 0 || quietestAudible > 128) {
            throw new IllegalArgumentException("a silence level is 0 to 127 (-dBov, RFC 6464), or 128 for none, not " + quietestAudible);
        }
    }

    public boolean isSilent(MediaPacket packet) {
        Integer level = packet.getAudioLevel();
        return level != null && level >= quietestAudible;
    }
}
