package io.confab.jobs.usage.bench;

import io.confab.jobs.usage.UsageTopology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code confab bench usage --in-process} runs the real topology under the bench's timing wrapper to
 * its end: the meeting fold's span changes, forwarded from a commit's cache flush, went through the
 * wrapper's context and failed there ("Current node is unknown"), so the bench crashed at its first
 * commit with span changes pending.
 */
class MeterBenchTest {

    @Test
    void meetingsRunThroughTheTimedTopologyIntoUsageRecords() throws Exception {
        List<String> progress = new ArrayList<>();
        MeterBench.Figures figures = MeterBench.run(new MeetingTraffic.Shape(40, 4, 5, 2, 1), 500, 3L,
                UsageTopology.StoreLocation.HEAP, progress::add);

        assertTrue(figures.events() > 40 * 4 * 2, "a join and a leave at least per person: " + figures);
        assertTrue(figures.usageRecords() > 0, "usage records: " + figures);
        assertTrue(figures.sessionWrites() > 0, "session rows: " + figures);
        assertEquals(0, figures.deadLetters(), "dead letters: " + figures);
        assertTrue(figures.processorCalls() >= figures.events(), "every event timed once at least: " + figures);
        assertTrue(figures.eventsPerProcessorCpuSecond() > 0, figures.toString());
        assertEquals(2, progress.stream().filter(line -> line.contains("CPU s for")).count(), "warm-up and measured runs: " + progress);
    }
}
