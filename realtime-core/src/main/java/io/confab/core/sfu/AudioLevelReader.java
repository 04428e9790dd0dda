package io.confab.core.sfu;

import io.confab.core.sfu.rtp.AudioLevel;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.signaling.protocol.ParticipantId;

import java.util.Optional;

/**
 * Reads the RFC 6464 audio level a sender writes on each audio packet and feeds the meeting's
 * dominant-speaker detector with it; a speaker change goes to signaling. A muted sender never
 * becomes the speaker (the mute gate after this stage drops their packets). Video passes untouched.
 */
final class AudioLevelReader extends CountedStage<ReceivedPacket> {

    private final SfuSignals signals;

    AudioLevelReader(SfuSignals signals) {
        super("audio_level");
        this.signals = signals;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        Publication publication = packet.publication();
        if (publication.isVideo() || publication.audioLevelExtension <= 0) {
            return true;
        }
        int at = packet.rtp.findExtension(publication.audioLevelExtension);
        if (at == RtpPacket.NOT_FOUND) {
            return true;
        }
        packet.audioLevel = AudioLevel.level(packet.buffer, at);
        packet.voiceActivity = AudioLevel.voiceActivity(packet.buffer, at);
        Participant sender = packet.sender;
        if (!sender.audioMuted) {
            Conference conference = sender.conference;
            Optional<String> next = conference.speaker.onAudioLevel(sender.id.value(), packet.audioLevel, packet.voiceActivity, packet.now);
            if (next.isPresent()) {
                signals.activeSpeaker(conference.ref.meetingId(), new ParticipantId(next.get()));
            }
        }
        return true;
    }
}
