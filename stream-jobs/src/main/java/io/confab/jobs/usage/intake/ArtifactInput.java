package io.confab.jobs.usage.intake;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.EventCodec;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;

import static io.confab.jobs.usage.intake.InputKind.blank;

/** recording.artifacts: artifacts have no event id, so (recordingId, kind, s3Key) is the identity. */
public final class ArtifactInput implements InputKind<RecordingArtifact> {

    @Override
    public EventCodec<RecordingArtifact> codec() {
        return Codecs.RECORDING_ARTIFACTS;
    }

    @Override
    public boolean metered(RecordingArtifact artifact) {
        return true;
    }

    @Override
    public String identity(RecordingArtifact artifact) {
        return artifact.getRecordingId() + "|" + artifact.getKind() + "|" + artifact.getS3Key();
    }

    @Override
    public long occurredAt(RecordingArtifact artifact) {
        return artifact.getCreatedAt().toEpochMilli();
    }

    @Override
    public String problem(RecordingArtifact artifact) {
        if (blank(artifact.getAccountId())) {
            return "missing field accountId (recording " + artifact.getRecordingId() + ")";
        }
        if (blank(artifact.getRecordingId()) || blank(artifact.getMeetingId()) || blank(artifact.getS3Key())) {
            return "missing field recordingId, meetingId or s3Key (" + artifact.getS3Key() + ")";
        }
        if (artifact.getSizeBytes() < 0) {
            return "negative sizeBytes " + artifact.getSizeBytes() + " (" + artifact.getS3Key() + ")";
        }
        boolean media = artifact.getKind() == ArtifactKind.MP4 || artifact.getKind() == ArtifactKind.M4A;
        if (media && artifact.getDurationMs() == null) {
            return "missing field durationMs in a " + artifact.getKind() + " artifact (" + artifact.getS3Key() + ")";
        }
        if (artifact.getDurationMs() != null && artifact.getDurationMs() < 0) {
            return "negative durationMs " + artifact.getDurationMs() + " (" + artifact.getS3Key() + ")";
        }
        return null;
    }
}
