package io.confab.storage.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitedLogTest {

    /** Every error(...) call a logger received, as its argument list. */
    private final List<List<Object>> lines = new ArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[]{Logger.class},
            (proxy, method, args) -> {
                if (method.getName().equals("error")) {
                    lines.add(args[0] instanceof Object[] ? List.of() : flatten(args));
                }
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });
    private final AtomicLong now = new AtomicLong(1_000);

    private static List<Object> flatten(Object[] args) {
        List<Object> out = new ArrayList<>();
        for (Object arg : args) {
            if (arg instanceof Object[] array) {
                out.addAll(Arrays.asList(array));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    @Test
    void logsTheFirstFailureWithItsCause() {
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);
        IllegalStateException cause = new IllegalStateException("boom");

        log.error("media handler failed", cause);

        assertEquals(1, lines.size(), "one line for one failure");
        assertEquals("media handler failed", lines.get(0).get(0));
        assertSame(cause, lines.get(0).get(lines.get(0).size() - 1), "the cause is logged, not dropped");
    }

    @Test
    void holdsBackFailuresWithinTheIntervalAndNamesTheirCountInTheNextLine() {
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);
        RuntimeException cause = new RuntimeException("again");

        log.error("handler failed", cause);
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(1_000_000);       // 1 ms apart: 1 s in all, well inside the interval
            log.error("handler failed", cause);
        }
        assertEquals(1, lines.size(), "a flood inside the interval writes one line, got " + lines.size());
        assertEquals(1000, log.heldBack());

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.error("handler failed", cause);

        assertEquals(2, lines.size(), "the interval over, the next failure is logged");
        List<Object> second = lines.get(1);
        assertTrue(second.contains(1000L), "the second line counts the 1000 held back: " + second);
        assertSame(cause, second.get(second.size() - 1));
        assertEquals(0, log.heldBack(), "the held-back count starts again after it is reported");
    }

    @Test
    void aZeroIntervalLogsEveryFailure() {
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ZERO, now::get);
        for (int i = 0; i < 5; i++) {
            log.error("failed", new RuntimeException());
        }
        assertEquals(5, lines.size());
    }
}
