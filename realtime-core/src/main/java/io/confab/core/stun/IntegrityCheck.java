package io.confab.core.stun;

/** Whether a message carries a given integrity attribute and, if so, whether it matches. */
public enum IntegrityCheck {
    ABSENT,
    VALID,
    INVALID
}
