package io.confab.core.http;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A refused connection that fails is counted (as a connection error) and closed, before and after its answer. */
class LockoutRefusalTest {

    @Test
    void aFailureBeforeTheAnswerIsCountedAndClosesTheConnection() {
        LongAdder failures = new LongAdder();
        EmbeddedChannel channel = new EmbeddedChannel(new LockoutRefusal(AddressLockouts.NONE, failures));
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertEquals(1, failures.sum(), "counted");
        assertFalse(channel.isOpen(), "closed");
        assertFalse(channel.finish(), "nothing written or left over");
    }

    @Test
    void aFailureWhileTheRestOfTheRequestIsDiscardedIsCountedToo() {
        LongAdder failures = new LongAdder();
        LockoutRefusal refusal = new LockoutRefusal(AddressLockouts.NONE, failures);
        EmbeddedChannel first = new EmbeddedChannel(refusal.discard());
        EmbeddedChannel second = new EmbeddedChannel(refusal.discard());
        first.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        second.pipeline().fireExceptionCaught(new IOException("Broken pipe"));
        assertEquals(2, failures.sum(), "each connection's failure counted, through the one shared handler");
        assertFalse(first.isOpen() || second.isOpen(), "both closed");
    }
}
