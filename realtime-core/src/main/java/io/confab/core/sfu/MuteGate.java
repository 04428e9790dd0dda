package io.confab.core.sfu;

/**
 * Enforces a host mute: whatever the muted sender's browser keeps sending is neither forwarded
 * nor recorded. Runs after the readers, so a muted sender's layers still count as arriving.
 */
final class MuteGate extends CountedStage<ReceivedPacket> {

    private final SfuCounters sfu;

    MuteGate(SfuCounters sfu) {
        super("mute_gate", PacketDropReason.MUTED);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        Participant sender = packet.sender;
        boolean muted = packet.publication().isVideo() ? sender.videoMuted : sender.audioMuted;
        if (muted) {
            sfu.mutedDropped.increment();
            counters.drop(PacketDropReason.MUTED);
            return false;
        }
        return true;
    }
}
