package io.confab.core.meetingservice;

import io.confab.core.guard.AddressLockoutTable;
import io.confab.core.guard.Argon2Pool;
import io.confab.core.guard.GuessKey;
import io.confab.core.guard.GuessThrottle;
import io.confab.core.guard.GuessVerdict;
import io.confab.core.guard.Lockout;
import io.confab.core.http.ApiException;
import io.confab.storage.events.AuditOutcome;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every password and passcode check from someone not yet signed in goes through (REST sign-in,
 * sign-up and join, the signaling join): refused unchecked while a key is locked out, its Argon2
 * work on the bounded pool, each wrong guess counted, each lockout audited once (a flood fills the
 * audit log with one entry per lockout, not one per guess). An attempt refused while locked out counts
 * against its address too; once the address itself is locked out it goes into
 * {@link #addressLockouts()}, which the HTTP server reads to refuse the address's connections when it
 * accepts them, before any parsing or hand-off to a REST worker.
 */
public final class GuessGate {

    private final GuessThrottle throttle;
    private final Argon2Pool argon2;
    private final Audit audit;
    private final Clock clock;
    private final LongAdder throttled = new LongAdder();
    private final AddressLockoutTable addresses;

    /** With locked-out addresses refused at accept and never dropped in the kernel. */
    public GuessGate(GuessThrottle throttle, Argon2Pool argon2, Audit audit, Clock clock) {
        this(throttle, argon2, audit, clock, AddressLockoutTable.NEVER_DROP);
    }

    /**
     * @param dropAfterRefusals connections refused at accept within one lockout after which the address
     *                          is dropped in the kernel (see {@link AddressLockoutTable}), or
     *                          {@link AddressLockoutTable#NEVER_DROP}
     */
    public GuessGate(GuessThrottle throttle, Argon2Pool argon2, Audit audit, Clock clock, int dropAfterRefusals) {
        this.throttle = throttle;
        this.argon2 = argon2;
        this.audit = audit;
        this.clock = clock;
        this.addresses = new AddressLockoutTable(clock, dropAfterRefusals);
    }

    /** The addresses locked out now, for the HTTP server to refuse at accept. */
    public AddressLockoutTable addressLockouts() {
        return addresses;
    }

    /**
     * What a passcode guess is counted against (see {@link GuessKey#passcode}): the meeting keyed by
     * its digits whether or not it exists, so the throttle answers alike for both.
     */
    public static List<GuessKey> passcodeKeys(String sourceAddress, String typedId,
                                              java.util.Optional<io.confab.core.meetings.MeetingStore.Stored> found) {
        String meeting = found.map(stored -> stored.meeting().id().digits())
                .orElseGet(() -> io.confab.core.meetings.MeetingId.parse(typedId)
                        instanceof io.confab.core.meetings.MeetingIdParse.Found parsed ? parsed.id().digits() : typedId);
        return GuessKey.passcode(sourceAddress, meeting);
    }

    /** Before any Argon2 work: 429 RATE_LIMITED with {@code Retry-After} while any of {@code keys} is locked out. */
    public void admit(List<GuessKey> keys) throws ApiException {
        java.time.Instant now = clock.instant();
        if (throttle.check(keys, now) instanceof GuessVerdict.Throttled refusal) {
            throttled.increment();
            for (Lockout lockout : throttle.refused(keys, now)) {
                addresses.lockedOut(lockout.key(), now.plus(lockout.length()));
                audit.record(null, "anonymous", "guess.refused", lockout.key().toString(), AuditOutcome.DENIED,
                        lockout.failures() + " attempts within the window, the last ones refused while locked out; locked out for "
                                + lockout.length().toSeconds() + " s, new connections refused when accepted",
                        lockout.key().value());
            }
            throw new ApiException(429, "RATE_LIMITED", refusal.message(), List.of(),
                    Map.of("Retry-After", Long.toString(refusal.retryAfterSeconds())));
        }
    }

    /** Runs Argon2 work on the bounded pool; 503 BUSY when its queue is full. */
    public <T> T argon2(Callable<T> work) throws ApiException {
        return argon2.run(work);
    }

    /** Counts a wrong guess against {@code keys}, auditing each lockout it starts. */
    public void wrong(List<GuessKey> keys, String accountId, String actor, String action, String sourceAddress) {
        java.time.Instant now = clock.instant();
        for (Lockout lockout : throttle.failed(keys, now)) {
            addresses.lockedOut(lockout.key(), now.plus(lockout.length()));
            audit.record(accountId, actor, action, lockout.key().toString(), AuditOutcome.DENIED,
                    lockout.failures() + " wrong attempts within the window; locked out for "
                            + lockout.length().toSeconds() + " s", sourceAddress);
        }
    }

    /** The account's owner signed in: earlier wrong passwords for it stop counting. */
    public void right(List<GuessKey> keys) {
        throttle.succeeded(keys);
    }

    /** Attempts refused unchecked because a key was locked out. */
    public long throttled() {
        return throttled.sum();
    }

    /** Attempts refused because the Argon2 queue was full. */
    public long busy() {
        return argon2.refused();
    }

    /** Exports the refusals and the Argon2 queue to {@code registry}, read at scrape time. */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.FunctionCounter.builder("confab_auth_guesses_refused", this, GuessGate::throttled)
                .description("password and passcode attempts refused unchecked, by reason: a key locked out, the Argon2 queue full")
                .tag("reason", "locked_out").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("confab_auth_guesses_refused", this, GuessGate::busy)
                .description("password and passcode attempts refused unchecked, by reason: a key locked out, the Argon2 queue full")
                .tag("reason", "argon2_queue_full").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("confab_auth_address_drops_missed", addresses, AddressLockoutTable::dropsMissed)
                .description("addresses that kept connecting while locked out but were not dropped in the kernel: "
                        + AddressLockoutTable.DROPPED_MAX + " others were").register(registry);
        io.micrometer.core.instrument.Gauge.builder("confab_auth_argon2_queued", argon2, Argon2Pool::queued)
                .description("Argon2 computations for callers not signed in waiting for a thread").register(registry);
        argon2.bindTo(registry);
    }
}
