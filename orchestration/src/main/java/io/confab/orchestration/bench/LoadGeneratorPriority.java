package io.confab.orchestration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lowers this JVM's scheduling priority when it is a bench's load generator on the platform's own
 * machine. Its bots stand for people on other computers: at the same priority they took as much
 * CPU as the platform they measure (0.7 of 2 cores with twenty speakers), and the figure was then
 * of the bench, not of the platform. Linux keeps a nice value per thread and a new thread takes
 * its creator's, so every thread alive now is lowered and those created after follow.
 */
public final class LoadGeneratorPriority {

    private LoadGeneratorPriority() {
    }

    /**
     * Sets the nice value of every thread of this process to {@code nice} (0 to 19; 0 leaves them).
     *
     * @return a line saying what was done, or why it could not be
     */
    public static String lower(int nice) {
        if (nice <= 0) {
            return "the load generator runs at the platform's priority (--nice 0)";
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> command.add(task.getFileName().toString()));
        } catch (IOException e) {
            return "the load generator's priority is unchanged: its threads could not be listed (" + e.getMessage() + ")";
        }
        try {
            Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes()).strip();
            if (renice.waitFor() != 0) {
                return "the load generator's priority is unchanged: renice said " + output;
            }
            return "the load generator (bots and listener) runs at nice " + nice + ", below the platform";
        } catch (IOException e) {
            return "the load generator's priority is unchanged: renice could not run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the load generator's priority is unchanged: interrupted";
        }
    }
}
