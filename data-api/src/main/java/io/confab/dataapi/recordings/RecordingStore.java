package io.confab.dataapi.recordings;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The recordings' rows in Cassandra, one method per query of the schema (storage's schema.cql). */
public interface RecordingStore {

    /** {@code recordings_by_account}: newest first. */
    List<Recording> byAccount(String accountId, int limit);

    /** One recording of an account found by id alone, within the account's partition. */
    Optional<Recording> find(String accountId, String recordingId);

    /** {@code recordings_by_account} rows that started before {@code cutoff}: what retention removes. */
    List<Recording> startedBefore(String accountId, Instant cutoff, int limit);

    /** {@code recordings_by_meeting}: every file of every recording of a meeting. */
    List<RecordingFile> filesOfMeeting(String meetingId);

    /** {@code recordings_by_meeting}: the files of one recording. */
    List<RecordingFile> files(String meetingId, String recordingId);

    /** Removes the recording's row and all its file rows. */
    void delete(String accountId, Instant startedAt, String recordingId, String meetingId);

    /** Removes the file rows of a recording that has no account row (never finalized). */
    void deleteFiles(String meetingId, String recordingId);

    Optional<Integer> retentionDays(String accountId);

    void setRetentionDays(String accountId, int days, String updatedBy, Instant now);

    void clearRetention(String accountId);

    /** Every account with a retention policy, and its days. */
    Map<String, Integer> retentionPolicies();
}
