package io.confab.core.udp;

import java.io.IOException;

/**
 * The cause a dropped send's promise fails with: the kernel did not take it because the socket's
 * send buffer was full ({@code EAGAIN}), and the sender chose to drop it rather than wait for the
 * buffer to drain ({@link BurstWriter#dropUnsent()}). One shared instance without a stack trace: it
 * comes when the machine is already overloaded, and must cost nothing then.
 */
public final class SendBufferFull extends IOException {

    public static final SendBufferFull INSTANCE = new SendBufferFull();

    private SendBufferFull() {
        super("dropped: the socket's send buffer was full (EAGAIN); a late real-time datagram is not sent later");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
