package io.confab.core.sfu.bwe;

/** The over-use detector's verdict (draft-ietf-rmcat-gcc-02 §5.4). */
public enum BandwidthUsage {
    /** Queues are stable. */
    NORMAL,
    /** Queues grow: the sender exceeds the path. */
    OVERUSING,
    /** Queues drain: the path had been over-used and is recovering. */
    UNDERUSING
}
