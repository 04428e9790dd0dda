package io.confab.orchestration.meetings;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.StandaloneCore;
import io.confab.orchestration.platform.StartupFailure;
import io.confab.orchestration.platform.WebServer;
import io.confab.storage.events.MeetingEvent;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.confab.orchestration.meetings.MeetingEventChecks.awaitStatus;
import static io.confab.orchestration.meetings.MeetingEventChecks.once;

/**
 * Issue #18's outage as written: Kafka stopped for 15 minutes in the middle of a meeting. No test
 * class can wait 15 minutes alone within the suite's time, so the outage runs beside the other
 * tests: {@link LongOutageBeginsTest}, the first orchestration test class ({@code SuiteOrder}),
 * begins it, and {@link LongOutageEndsTest}, the last, waits for whatever of the 15 minutes is left
 * and ends it. It runs on a realtime-core with a PostgreSQL and a Kafka broker of its own
 * ({@link StandaloneCore}) and the reference settings (a 120 s delivery timeout), so that the other
 * tests keep their broker and their restarts of the shared platform do not touch it.
 *
 * <p>The course: Omar hosts a meeting with a guest, Gail, and the broker stops. Gail chats every 30
 * s for the whole outage; a third of the way in Lee joins, says hello and leaves; half way a second
 * meeting starts, two people talk and it ends. Once the 15 minutes are up the broker starts again,
 * Gail says a last word and everyone leaves. {@code -Dconfab.long-outage-minutes=N} shortens the
 * outage when running the two classes by hand.
 *
 * <p>Inject a {@link Scenario} with {@code @ExtendWith(LongKafkaOutage.class)}: the first class that
 * asks begins the outage, and it is stopped at the end of the run whatever happened.
 */
public final class LongKafkaOutage implements ParameterResolver {

    static final Duration LENGTH = Duration.ofMinutes(Long.getLong("confab.long-outage-minutes", 15));
    private static final Duration CHAT_EVERY = Duration.ofSeconds(30);
    private static final Duration START = Duration.ofSeconds(180);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LongKafkaOutage.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Scenario.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Object begun = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Scenario.class, key -> {
            try {
                return Scenario.begin();
            } catch (Exception | AssertionError e) {
                // Kept, so that the class that ends the outage fails at once with the cause rather than
                // beginning it again and waiting another 15 minutes.
                return new NotBegun(e);
            }
        });
        if (begun instanceof NotBegun notBegun) {
            throw new AssertionError("the long Kafka outage did not begin: " + notBegun.cause(), notBegun.cause());
        }
        return begun;
    }

    private record NotBegun(Throwable cause) {
    }

    /** What reached {@code meeting.events} once Kafka was back, and what was said meanwhile. */
    record Outcome(String heldMeeting, List<MeetingEvent> heldMeetingEvents, List<String> saidInHeldMeeting,
                   String meetingDuringOutage, List<MeetingEvent> meetingDuringOutageEvents, List<String> saidInMeetingDuringOutage,
                   Duration kafkaDown) {
    }

    /** The outage under way: the realtime-core beside the platform, its meeting, and the talk during the outage. */
    public static final class Scenario implements ExtensionContext.Store.CloseableResource {
        private final StandaloneCore core;
        private final MeetingFixtures fixtures;
        private final MeetingFixtures.Account omar;
        private final String meeting;
        private final SignalingClient host;
        private final SignalingClient gail;
        private final List<String> said = Collections.synchronizedList(new ArrayList<>());
        private final List<String> saidInSecond = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch ending = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread talk;
        private Instant kafkaStopped;
        private volatile boolean leeCame;
        private volatile String secondMeeting;

        private Scenario(StandaloneCore core) {
            this.core = core;
            this.fixtures = new MeetingFixtures(core.web().address(), core.kafka().address(), WebServer.operatorKey(core.dataDir()));
            this.omar = fixtures.signUp("Omar");
            this.meeting = fixtures.instantMeeting(omar, null, MeetingFixtures.open());
            this.host = fixtures.join(meeting, "Omar", omar.token(), null, "joined").pingingLikeTheWebClient();
            this.gail = fixtures.join(meeting, "Gail", fixtures.ticket(meeting, "Gail", null, null), null, "joined")
                    .pingingLikeTheWebClient();
            this.talk = new Thread(this::talkThroughTheOutage, "long-outage-talk");
            talk.setDaemon(true);
        }

        static Scenario begin() throws StartupFailure, InterruptedException {
            StandaloneCore core = StandaloneCore.start(SharedPlatform.config(SharedPlatform.newDataDir("long-outage")), START);
            try {
                Scenario scenario = new Scenario(core);
                scenario.stopKafka();
                return scenario;
            } catch (RuntimeException | AssertionError | InterruptedException e) {
                core.close();
                throw e;
            }
        }

        private void stopKafka() throws InterruptedException {
            said.add(gail.say("before the outage", host));
            awaitStatus(fixtures, omar, meeting, "STARTED");
            core.kafka().stop();
            kafkaStopped = Instant.now();
            System.out.println("long outage: Kafka stopped at " + kafkaStopped + " for " + LENGTH.toMinutes() + " min, meeting " + meeting);
            talk.start();
        }

        /** Gail every 30 s; Lee a third of the way in; a whole second meeting half way. */
        private void talkThroughTheOutage() {
            try {
                for (int i = 0; ; i++) {
                    said.add(gail.say("during the outage " + i, host));
                    Duration down = Duration.between(kafkaStopped, Instant.now());
                    if (!leeCame && down.compareTo(LENGTH.dividedBy(3)) >= 0) {
                        leeComesAndGoes();
                    }
                    if (secondMeeting == null && down.compareTo(LENGTH.dividedBy(2)) >= 0) {
                        holdASecondMeeting();
                    }
                    if (ending.await(CHAT_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure.set(e);
            }
        }

        private void leeComesAndGoes() {
            try (SignalingClient lee = fixtures.join(meeting, "Lee", fixtures.ticket(meeting, "Lee", null, null), null, "joined")) {
                said.add(lee.say("Lee here, only for a minute", host));
                lee.send(lee.message("leave_meeting"));
                lee.awaitClose();
            }
            leeCame = true;
        }

        private void holdASecondMeeting() throws InterruptedException {
            String second = fixtures.instantMeeting(omar, null, MeetingFixtures.open());
            try (SignalingClient bea = fixtures.join(second, "Bea", fixtures.ticket(second, "Bea", null, null), null, "joined");
                 SignalingClient ben = fixtures.join(second, "Ben", fixtures.ticket(second, "Ben", null, null), null, "joined")) {
                saidInSecond.add(bea.say("a quick one while Kafka is away", ben));
                ben.send(ben.message("leave_meeting"));
                ben.awaitClose();
                bea.send(bea.message("leave_meeting"));
                bea.awaitClose();
            }
            awaitStatus(fixtures, omar, second, "ENDED");
            secondMeeting = second;
        }

        /** When Kafka went down. */
        Instant kafkaStopped() {
            return kafkaStopped;
        }

        /** The meeting held through the outage. */
        String meeting() {
            return meeting;
        }

        /** Messages said in the held meeting so far (a copy). */
        List<String> said() {
            synchronized (said) {
                return List.copyOf(said);
            }
        }

        StandaloneCore core() {
            return core;
        }

        /**
         * Waits until Kafka has been down for {@link #LENGTH}, starts it again, lets the held
         * meeting end, and reads what reached {@code meeting.events}.
         */
        Outcome end() throws Exception {
            Instant due = kafkaStopped.plus(LENGTH);
            Duration left = Duration.between(Instant.now(), due);
            System.out.println("long outage: " + Math.max(0, left.toSeconds()) + " s of the " + LENGTH.toMinutes()
                    + " min left when the other tests were done");
            while (Instant.now().isBefore(due) && failure.get() == null) {
                Thread.sleep(Math.min(10_000, Math.max(1, Duration.between(Instant.now(), due).toMillis())));
            }
            ending.countDown();
            talk.join(TimeUnit.SECONDS.toMillis(60));
            if (failure.get() != null) {
                throw new AssertionError("the meeting did not go on while Kafka was down: " + failure.get(), failure.get());
            }
            if (talk.isAlive()) {
                throw new AssertionError("the talk during the outage did not stop within 60 s");
            }
            if (!leeCame) {
                leeComesAndGoes();
            }
            if (secondMeeting == null) {
                holdASecondMeeting();
            }
            core.kafka().start(START);
            Duration kafkaDown = Duration.between(kafkaStopped, Instant.now());
            said.add(gail.say("after the outage", host));
            gail.send(gail.message("leave_meeting"));
            gail.awaitClose();
            host.close();
            awaitStatus(fixtures, omar, meeting, "ENDED");
            return new Outcome(meeting, endedMeetingsEvents(meeting), said(), secondMeeting, endedMeetingsEvents(secondMeeting),
                    List.copyOf(saidInSecond), kafkaDown);
        }

        private List<MeetingEvent> endedMeetingsEvents(String meetingId) {
            return once(MeetingEventLog.untilEnded(fixtures.kafka, meetingId));
        }

        @Override
        public void close() {
            ending.countDown();
            host.close();
            gail.close();
            core.close();
        }
    }
}
