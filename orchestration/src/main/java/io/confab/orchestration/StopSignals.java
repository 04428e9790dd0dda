package io.confab.orchestration;

import com.sun.jna.Function;
import com.sun.jna.Pointer;
import sun.misc.Signal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Ctrl-C and {@code kill} stop the launcher however it was started. A shell running a script in the
 * background ({@code ./run-tests > log &}, {@code nohup}, cron) starts it with SIGINT ignored, and
 * the JVM then installs no handler for it; {@link Signal#handle} cannot help on its own, because
 * HotSpot refuses to register a handler for a shutdown signal inherited as ignored (it answers
 * {@code SIG_IGN} and installs nothing). So an ignored INT or TERM is first reset to the default
 * through libc (JNA, already on the class path through Vosk), and then given the handler the JVM's
 * own would have been: exit with 128 + the signal's number, running the shutdown hooks.
 */
final class StopSignals {

    private static final List<Signal> STOP = List.of(new Signal("INT"), new Signal("TERM"));

    private StopSignals() {
    }

    /** Takes back each stop signal the process inherited as ignored; leaves the others alone. */
    static void takeBackIgnored() {
        BigInteger ignored = ignoredMask();
        for (Signal signal : STOP) {
            if (ignored.testBit(signal.getNumber() - 1)) {
                try {
                    Function.getFunction("c", "signal").invoke(Pointer.class, new Object[] {signal.getNumber(), Pointer.NULL});
                    Signal.handle(signal, received -> System.exit(128 + received.getNumber()));
                } catch (LinkageError | RuntimeException e) {
                    // Not fatal: the launcher still stops with 'confab down' or SIGKILL, and says why Ctrl-C will not work.
                    System.err.println("confab: SIG" + signal.getName() + " was inherited as ignored and stays so (" + e + ")");
                }
            }
        }
    }

    /** The SigIgn mask of /proc/self/status (bit n-1 for signal n); empty where there is no /proc. */
    private static BigInteger ignoredMask() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("SigIgn:"))
                    .map(line -> new BigInteger(line.substring("SigIgn:".length()).trim(), 16))
                    .findFirst().orElse(BigInteger.ZERO);
        } catch (IOException | RuntimeException e) {
            return BigInteger.ZERO;
        }
    }
}
