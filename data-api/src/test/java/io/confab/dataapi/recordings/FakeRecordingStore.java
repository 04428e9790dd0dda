package io.confab.dataapi.recordings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The recordings tables in memory, answering each query as Cassandra would (unit tests only). */
public final class FakeRecordingStore implements RecordingStore {

    public final List<Recording> recordings = new ArrayList<>();
    public final List<RecordingFile> files = new ArrayList<>();
    final Map<String, Integer> retention = new LinkedHashMap<>();

    @Override
    public List<Recording> byAccount(String accountId, int limit) {
        return recordings.stream().filter(r -> r.accountId().equals(accountId))
                .sorted(Comparator.comparing(Recording::startedAt).reversed()).limit(limit).toList();
    }

    @Override
    public Optional<Recording> find(String accountId, String recordingId) {
        return recordings.stream().filter(r -> r.accountId().equals(accountId) && r.recordingId().equals(recordingId)).findFirst();
    }

    @Override
    public List<Recording> startedBefore(String accountId, Instant cutoff, int limit) {
        return byAccount(accountId, Integer.MAX_VALUE).stream().filter(r -> r.startedAt().isBefore(cutoff)).limit(limit).toList();
    }

    @Override
    public List<RecordingFile> filesOfMeeting(String meetingId) {
        return files.stream().filter(f -> f.meetingId().equals(meetingId)).toList();
    }

    @Override
    public List<RecordingFile> files(String meetingId, String recordingId) {
        return files.stream().filter(f -> f.meetingId().equals(meetingId) && f.recordingId().equals(recordingId)).toList();
    }

    @Override
    public void delete(String accountId, Instant startedAt, String recordingId, String meetingId) {
        deleteFiles(meetingId, recordingId);
        recordings.removeIf(r -> r.accountId().equals(accountId) && r.startedAt().equals(startedAt) && r.recordingId().equals(recordingId));
    }

    @Override
    public void deleteFiles(String meetingId, String recordingId) {
        files.removeIf(f -> f.meetingId().equals(meetingId) && f.recordingId().equals(recordingId));
    }

    @Override
    public Optional<Integer> retentionDays(String accountId) {
        return Optional.ofNullable(retention.get(accountId));
    }

    @Override
    public void setRetentionDays(String accountId, int days, String updatedBy, Instant now) {
        retention.put(accountId, days);
    }

    @Override
    public void clearRetention(String accountId) {
        retention.remove(accountId);
    }

    @Override
    public Map<String, Integer> retentionPolicies() {
        return Map.copyOf(retention);
    }
}
