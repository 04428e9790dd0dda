package io.confab.core.sfu.bwe;

/** What set a receiver's downlink estimate last, as {@code /api/sfu/stats} shows it. */
public enum EstimateSource {
    /** The receiver's REMB (receive-side estimate), for receivers without transport-cc. */
    REMB("remb"),
    /** The send-side estimator's delay and loss controllers, from transport-cc feedback. */
    TRANSPORT_CC("transport-cc"),
    /** A probe cluster's rate, as transport-cc feedback measured it. */
    PROBE("probe");

    private final String token;

    EstimateSource(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
