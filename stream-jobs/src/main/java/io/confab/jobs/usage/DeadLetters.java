package io.confab.jobs.usage;

import io.confab.jobs.usage.presence.MeetingLedger;
import io.confab.jobs.usage.presence.Rejection;
import io.confab.storage.events.DeadLetter;

import java.nio.ByteBuffer;
import java.time.Instant;

/** A rejection as the {@code DeadLetter} that goes to its source topic's dead-letter topic. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(Rejection rejection, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(rejection.origin().topic())
                .setPartition(rejection.origin().partition())
                .setOffset(rejection.origin().offset())
                .setKey(rejection.origin().key() == null ? null : ByteBuffer.wrap(rejection.origin().key()))
                .setValue(rejection.origin().value() == null ? null : ByteBuffer.wrap(rejection.origin().value()))
                .setReason(rejection.reason())
                .setConsumer(MeetingLedger.METER)
                .setFailedAt(failedAt)
                .build();
    }
}
