package io.confab.orchestration.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadScheduleTest {

    private static Map<Long, ThreadSchedule.Counters> named(Map<Long, ThreadSchedule.Counters> threads, String name) {
        return threads.entrySet().stream().filter(e -> e.getValue().name().equals(name))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void aSpinningThreadIsRunnableAndAParkedOneIsBlocked() throws Exception {
        long pid = ProcessHandle.current().pid();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(2);
        Thread spinner = new Thread(() -> {
            started.countDown();
            long sink = 0;
            while (!stop.get()) {
                sink += System.nanoTime() % 7;
            }
            if (sink == 42) {
                System.out.print("");
            }
        }, "schedtest-spin");
        Thread sleeper = new Thread(() -> {
            started.countDown();
            while (!stop.get()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "schedtest-sleep");
        spinner.start();
        sleeper.start();
        started.await();
        try {
            Map<Long, ThreadSchedule.Counters> before = ThreadSchedule.sample(pid, "schedtest-");
            assertEquals(2, before.size(), "both threads found by name: " + before);
            long t0 = System.nanoTime();
            Thread.sleep(500);
            Map<Long, ThreadSchedule.Counters> after = ThreadSchedule.sample(pid, "schedtest-");
            long wall = System.nanoTime() - t0;

            ThreadSchedule.Shares spin = ThreadSchedule.busiest(before, after, wall).orElseThrow();
            assertEquals("schedtest-spin", spin.thread());
            // Always runnable: on a core or in the run queue, whatever the machine's load.
            assertTrue(spin.running() + spin.waiting() > 0.6, "spinner: " + spin);
            ThreadSchedule.Shares sleep = ThreadSchedule.busiest(before, named(after, "schedtest-sleep"), wall).orElseThrow();
            assertTrue(sleep.blocked() > 0.6, "sleeper: " + sleep);
            assertEquals(1.0, sleep.running() + sleep.waiting() + sleep.blocked(), 1e-9);
        } finally {
            stop.set(true);
            spinner.join();
            sleeper.join();
        }
    }
}
