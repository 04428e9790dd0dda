package io.confab.servers;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs an embedded server's real main class and exits the JVM, through its shutdown hooks, as soon
 * as the launcher that started it is gone.
 *
 * <p>The launcher stops its servers itself on Ctrl-C or {@code confab down}; this covers the case it
 * cannot: the launcher killed with SIGKILL or crashing. Without it a Cassandra or Kafka JVM would
 * outlive the platform and hold its ports and data directory.
 *
 * <p>Arguments: {@code MAIN_CLASS [ARGS...]}.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: ParentWatch MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        ProcessHandle launcher = ProcessHandle.current().parent()
                .orElseThrow(() -> new IllegalStateException("parent-watch: no launcher process"));
        launcher.onExit().thenRun(() -> {
            System.err.println("parent-watch: launcher " + launcher.pid() + " is gone, stopping");
            System.exit(0);
        });

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
