package io.confab.core.signaling.protocol;

/** Why a participant is held outside the meeting. Written lowercase on the wire. */
public enum WaitingReason {
    /** The meeting's waiting room is on; a host or co-host admits or denies. */
    WAITING_ROOM,
    /** join_before_host is off and no host or co-host is in yet; entry follows when one arrives. */
    HOST_NOT_ARRIVED
}
