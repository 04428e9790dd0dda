package io.confab.batch.billing.usage;

/**
 * The metrics of storage/USAGE.md, named as in Cassandra {@code usage_by_account_day.metric}. Every
 * metric adds up over a day except {@link #PEAK_PARTICIPANTS}, which is the day's maximum.
 */
public enum Metric {
    PARTICIPANT_MINUTES, MEETING_MINUTES, PEAK_PARTICIPANTS, RECORDING_MINUTES, STORAGE_BYTES, TRANSCRIPTION_MINUTES;

    public boolean additive() {
        return this != PEAK_PARTICIPANTS;
    }
}
