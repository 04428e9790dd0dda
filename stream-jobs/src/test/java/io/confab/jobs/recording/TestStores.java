package io.confab.jobs.recording;

/** One in-memory store per test, reachable from operators the harness runs in this JVM. */
public final class TestStores {

    private static MemoryStore store = new MemoryStore();

    private TestStores() {
    }

    public static void reset() {
        store = new MemoryStore();
    }

    public static MemoryStore memory() {
        return store;
    }
}
