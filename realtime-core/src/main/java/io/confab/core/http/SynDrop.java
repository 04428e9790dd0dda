package io.confab.core.http;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the web listener's socket filter equal to {@link AddressLockouts#dropped()}: a connection
 * request from a dropped source is dropped by the kernel, so it never becomes a connection (no
 * SYN-ACK, accept, 429 or close), and the sender's SYN times out and is sent again, which slows the
 * flood itself. A browser behind a dropped address gets no answer it can show until the lockout ends.
 *
 * <p>The program is rebuilt from the list and attached again when the list grows ({@link #refreshSoon()})
 * and when its earliest lockout ends (a timer), always on the listener's own event loop, so attaching
 * never races with the listener's close. An empty list detaches the program.
 */
final class SynDrop {

    private static final Logger LOG = LoggerFactory.getLogger(SynDrop.class);

    private final AddressLockouts lockouts;
    private final KernelSocketFilter kernel;
    private final Channel listener;
    private final int fd;
    private final LongAdder failures = new LongAdder();
    private SynFilterProgram attached;
    private ScheduledFuture<?> nextEnd;
    private volatile int sources;

    SynDrop(AddressLockouts lockouts, KernelSocketFilter kernel, Channel listener, int fd) {
        this.lockouts = lockouts;
        this.kernel = kernel;
        this.listener = listener;
        this.fd = fd;
    }

    /** The list grew: rebuild on the listener's loop (from any thread). */
    void refreshSoon() {
        listener.eventLoop().execute(this::refresh);
    }

    private void refresh() {
        if (!listener.isOpen()) {
            return;
        }
        if (nextEnd != null) {
            nextEnd.cancel(false);
            nextEnd = null;
        }
        List<DroppedSource> dropped = lockouts.dropped();
        SynFilterProgram program = dropped.isEmpty() ? null : SynFilterProgram.dropping(dropped);
        if (program == null ? attached != null : !program.equals(attached)) {
            try {
                if (program == null) {
                    kernel.detach(fd);
                } else {
                    kernel.attach(fd, program);
                }
                attached = program;
                sources = dropped.size();
            } catch (IOException e) {
                failures.increment();
                // Once loudly: the cause (option memory, a kernel without the call) will not change by itself.
                if (failures.sum() == 1) {
                    LOG.warn("connections from addresses locked out for guessing stay refused at accept only: {}", e.getMessage());
                } else {
                    LOG.debug("socket filter not replaced: {}", e.getMessage());
                }
            }
        }
        if (!dropped.isEmpty()) {
            long soonest = dropped.stream().mapToLong(DroppedSource::millisLeft).min().orElseThrow();
            nextEnd = listener.eventLoop().schedule(this::refresh, soonest + 1, TimeUnit.MILLISECONDS);
        }
    }

    /** Sources whose connection requests the attached program drops now. */
    int sources() {
        return sources;
    }

    /** Programs that could not be attached or detached (the previous one stayed). */
    long failures() {
        return failures.sum();
    }
}
