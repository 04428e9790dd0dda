package io.confab.jobs.usage.presence;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Joined or Left settles only the presence it touches (and that person's sessions, and the runs
 * when the presence closes); the whole meeting is derived again only when event time crosses
 * another presence's timeout or another held leave's grace. This test holds the short way to the
 * rule it replaced: the same random meetings fed to a ledger that settles whole on every call
 * must tell exactly the same after every call.
 */
class MeetingLedgerTest {

    private static final long MINUTE = 60_000;
    /** Shorter than the defaults so that timeouts and expired holds happen within a generated meeting. */
    private static final MeterRules RULES = new MeterRules(10 * MINUTE, 3 * 60 * MINUTE, 2 * MINUTE, 26 * 60 * MINUTE, MINUTE);
    /** 22:00 UTC: meetings run across midnight. */
    private static final long BASE = Instant.parse("2026-12-03T22:00:00Z").toEpochMilli();

    @Test
    void settlingByParticipantTellsWhatSettlingWholeTells() {
        int settledOne = 0;
        int calls = 0;
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            MeetingLedger shortWay = new MeetingLedger("m-" + seed);
            MeetingLedger whole = new MeetingLedger("m-" + seed);
            whole.settleAlwaysWhole();
            List<Call> script = script(random);
            for (int i = 0; i < script.size(); i++) {
                Call call = script.get(i);
                String where = "seed " + seed + ", call " + i + " (" + call + ")";
                // Outcomes are equal when the same things changed, in any order (sinks key by id).
                assertEquals(call.apply(whole), call.apply(shortWay), where);
                assertEquals(whole.told, shortWay.told, "pieces told after " + where);
                assertEquals(whole.toldSpans, shortWay.toldSpans, "spans told after " + where);
                assertEquals(whole.toldSessions, shortWay.toldSessions, "sessions told after " + where);
                assertEquals(whole.nextDeadline(RULES), shortWay.nextDeadline(RULES), "deadline after " + where);
                calls++;
            }
            settledOne += shortWay.settledOne;
        }
        // Otherwise the comparison above would hold trivially.
        assertTrue(settledOne > calls / 3, "the short way settled " + settledOne + " of " + calls + " calls");
    }

    /** One call on a ledger. */
    private interface Call {
        MeetingLedger.Outcome apply(MeetingLedger ledger);
    }

    private record Started(long at) implements Call {
        public MeetingLedger.Outcome apply(MeetingLedger ledger) {
            return ledger.started(at, "acct-1", Long.MIN_VALUE, RULES);
        }
    }

    private record Ended(long at) implements Call {
        public MeetingLedger.Outcome apply(MeetingLedger ledger) {
            return ledger.ended(at, Long.MIN_VALUE, RULES);
        }
    }

    private record Joined(MeetingLedger.Join join, Origin origin) implements Call {
        public MeetingLedger.Outcome apply(MeetingLedger ledger) {
            return ledger.joined(join, origin, Long.MIN_VALUE, RULES);
        }
    }

    private record Left(String participant, long at, Origin origin) implements Call {
        public MeetingLedger.Outcome apply(MeetingLedger ledger) {
            return ledger.left(participant, at, "LEFT", origin, Long.MIN_VALUE, RULES);
        }
    }

    private record Tick(long now) implements Call {
        public MeetingLedger.Outcome apply(MeetingLedger ledger) {
            return ledger.tick(now, RULES);
        }
    }

    /**
     * A meeting of up to two runs and a dozen presences of six people (so reconnects merge), with
     * Lefts before their Joined, Lefts that never meet a Joined, repeated Joined and Left, presences
     * without a Left, late events, and ticks far enough ahead to time presences out.
     */
    private static List<Call> script(Random random) {
        List<Timed> timed = new ArrayList<>();
        long start = BASE + random.nextInt(120) * MINUTE;
        timed.add(new Timed(start, new Started(start)));
        long end = start + (30 + random.nextInt(300)) * MINUTE;
        if (random.nextInt(4) > 0) {
            timed.add(new Timed(end, new Ended(end)));
        }
        if (random.nextInt(4) == 0) {
            long again = end + random.nextInt(60) * MINUTE;
            timed.add(new Timed(again, new Started(again)));
        }
        int presences = 1 + random.nextInt(12);
        for (int p = 0; p < presences; p++) {
            String participant = "p" + p;
            String person = "u" + random.nextInt(6);
            long joined = start - 5 * MINUTE + random.nextInt((int) ((end - start) / 1000)) * 1000L;
            MeetingLedger.Join join = new MeetingLedger.Join(participant, "acct-1", person, person, "Name " + person,
                    "PARTICIPANT", "test", joined);
            Origin origin = new Origin("meeting.events", 0, timed.size(), participant.getBytes(StandardCharsets.UTF_8), new byte[]{1});
            int shape = random.nextInt(10);
            if (shape != 9) {
                timed.add(new Timed(joined, new Joined(join, origin)));
                if (random.nextInt(15) == 0) {
                    timed.add(new Timed(joined + 1000, new Joined(join, origin)));
                }
            }
            if (shape < 7 || shape == 9) {
                long left = shape == 0 ? joined - random.nextInt(10) * MINUTE
                        : joined + random.nextInt((int) ((end - start) / 1000) + 4 * 3600) * 1000L;
                timed.add(new Timed(left, new Left(participant, left, origin)));
                if (random.nextInt(15) == 0) {
                    timed.add(new Timed(left + 1000, new Left(participant, left + 1000, origin)));
                }
            }
        }
        for (int t = random.nextInt(4); t > 0; t--) {
            long now = start + random.nextInt(8 * 60) * MINUTE;
            timed.add(new Timed(now, new Tick(now)));
        }
        timed.sort((a, b) -> Long.compare(a.at(), b.at()));
        // Some events arrive late: swapped with one up to five places later.
        for (int i = 0; i < timed.size(); i++) {
            if (random.nextInt(5) == 0) {
                int j = Math.min(timed.size() - 1, i + 1 + random.nextInt(5));
                Timed swapped = timed.get(i);
                timed.set(i, timed.get(j));
                timed.set(j, swapped);
            }
        }
        List<Call> calls = new ArrayList<>();
        timed.forEach(t -> calls.add(t.call()));
        calls.add(new Tick(end + 10 * 60 * MINUTE));
        return calls;
    }

    private record Timed(long at, Call call) {
    }
}
