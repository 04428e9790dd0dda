package io.confab.core.signaling.room;

import io.confab.storage.events.ParticipantRole;

/**
 * The host controls, who may use each, and the name each has in {@code audit.log}. Co-hosts hold
 * every control except ending the meeting for everyone, as in Zoom; a participant acting on
 * themself (own mute, own hand) is not a host action.
 */
enum HostAction {
    MUTE_PARTICIPANT("mute", "meeting.mute_participant", false),
    REQUEST_UNMUTE("unmute", "meeting.request_unmute", false),
    KICK_PARTICIPANT("kick_participant", "meeting.kick_participant", false),
    ADMIT("admit", "meeting.admit_participant", false),
    DENY("deny", "meeting.deny_participant", false),
    LOCK("lock_meeting", "meeting.lock", false),
    UNLOCK("unlock_meeting", "meeting.unlock", false),
    END_MEETING("end_meeting", "meeting.end", true),
    START_RECORDING("start_recording", "recording.start", false),
    STOP_RECORDING("stop_recording", "recording.stop", false),
    LOWER_HAND("lower_hand", "meeting.lower_hand", false);

    private final String messageType;
    private final String auditAction;
    private final boolean hostOnly;

    HostAction(String messageType, String auditAction, boolean hostOnly) {
        this.messageType = messageType;
        this.auditAction = auditAction;
        this.hostOnly = hostOnly;
    }

    String auditAction() {
        return auditAction;
    }

    boolean permits(ParticipantRole role) {
        return hostOnly ? role == ParticipantRole.HOST : Member.canHost(role);
    }

    /** The FORBIDDEN message, naming the action as the client sent it. */
    String refusal() {
        return (hostOnly ? "only the host may " : "only a host or co-host may ") + messageType;
    }
}
