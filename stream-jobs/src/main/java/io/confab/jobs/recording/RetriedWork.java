package io.confab.jobs.recording;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * A keyed operator's piece of work that storage may refuse, retried on the {@link RetrySchedule}:
 * the work and its failed attempts are both in keyed state and the next attempt waits on the
 * operator's processing-time timer, so a restore resumes the schedule where it stood.
 */
public final class RetriedWork {

    private final RetrySchedule schedule;
    private final ValueState<byte[]> work;
    private final ValueState<Integer> failedAttempts;

    private RetriedWork(RetrySchedule schedule, ValueState<byte[]> work, ValueState<Integer> failedAttempts) {
        this.schedule = schedule;
        this.work = work;
        this.failedAttempts = failedAttempts;
    }

    /** The states are found by their names after a restore: an operator keeps the names it shipped with. */
    public static RetriedWork open(RuntimeContext context, RetrySchedule schedule, String workState, String failedAttemptsState) {
        return new RetriedWork(schedule,
                context.getState(new ValueStateDescriptor<>(workState, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)),
                context.getState(new ValueStateDescriptor<>(failedAttemptsState, Integer.class)));
    }

    /** Takes the work for its first attempt; work handed over again starts its count again. */
    public void start(byte[] bytes) throws IOException {
        work.update(bytes);
        failedAttempts.clear();
    }

    /** The work waiting for its next attempt; null when there is none. */
    public byte[] waiting() throws IOException {
        return work.value();
    }

    /** The work is done or given up: nothing waits any more. */
    public void forget() {
        work.clear();
        failedAttempts.clear();
    }

    /**
     * Counts a failed attempt and, while the schedule allows another, sets the timer for it. A work
     * given up is still waiting: the operator says what became of it, then {@link #forget}s it.
     */
    public FailedAttempt failed(TimerService timers, long now) throws IOException {
        Integer before = failedAttempts.value();
        int number = (before == null ? 0 : before) + 1;
        failedAttempts.update(number);
        if (schedule.givesUpAfter(number)) {
            return new FailedAttempt(number, schedule.attempts(), Optional.empty());
        }
        Duration wait = schedule.waitAfter(number);
        timers.registerProcessingTimeTimer(now + wait.toMillis());
        return new FailedAttempt(number, schedule.attempts(), Optional.of(wait));
    }

    /**
     * @param number  which attempt failed, counted from 1
     * @param of      how many the schedule makes
     * @param retryIn the wait before the next one; empty when the work is given up
     */
    public record FailedAttempt(int number, int of, Optional<Duration> retryIn) {
        public boolean givenUp() {
            return retryIn.isEmpty();
        }
    }
}
