package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the built Confab lives: the class path of each embedded server and the job jars, all under
 * the source tree's {@code target/} folders (the {@code confab} script builds what is missing).
 */
public record Installation(Path home) {

    public Installation {
        home = home.toAbsolutePath().normalize();
    }

    /** The class path of one embedded server, with the parent watch in front of it. */
    public String serverClasspath(String server) throws StartupFailure {
        Path file = home.resolve("orchestration/servers").resolve(server).resolve("target/classpath.txt");
        Path watchdog = home.resolve("orchestration/servers/watchdog/target/classes");
        if (!Files.isRegularFile(file) || !Files.isDirectory(watchdog)) {
            throw new StartupFailure(server, "its class path " + file + " has not been built",
                    "run 'mvn -q install -DskipTests' in " + home + " (./confab does this on first use)");
        }
        try {
            String classpath = Files.readString(file).trim();
            Path classes = file.getParent().resolve("classes");
            String own = Files.isDirectory(classes) ? classesOrJar(classes, "server-" + server) + java.io.File.pathSeparator : "";
            return classesOrJar(watchdog, "server-watchdog") + java.io.File.pathSeparator + own + classpath;
        } catch (IOException e) {
            throw new StartupFailure(server, "cannot read " + file + ": " + e.getMessage(), "rebuild with 'mvn -q install -DskipTests'");
        }
    }

    /**
     * The CLI's class path, as the {@code confab} script builds it: orchestration's jar (or its
     * classes, when newer) and {@code orchestration/target/classpath.txt}.
     */
    public String cliClasspath() throws IOException {
        Path target = home.resolve("orchestration/target");
        return classesOrJar(target.resolve("classes"), "orchestration") + java.io.File.pathSeparator
                + Files.readString(target.resolve("classpath.txt")).trim();
    }

    /** The class path of one of Confab's own server modules (realtime-core), with the parent watch in front. */
    public String moduleClasspath(String module) throws StartupFailure {
        Path target = home.resolve(module).resolve("target");
        Path file = target.resolve("classpath.txt");
        Path watchdog = home.resolve("orchestration/servers/watchdog/target/classes");
        if (!Files.isRegularFile(file) || !Files.isDirectory(target.resolve("classes"))) {
            throw new StartupFailure(module, "it has not been built (" + file + " is missing)",
                    "run 'mvn -q install -DskipTests' in " + home + " (./confab does this on first use)");
        }
        try {
            return classesOrJar(watchdog, "server-watchdog") + java.io.File.pathSeparator
                    + classesOrJar(target.resolve("classes"), module) + java.io.File.pathSeparator
                    + Files.readString(file).trim();
        } catch (IOException e) {
            throw new StartupFailure(module, "cannot read " + file + ": " + e.getMessage(), "rebuild with 'mvn -q install -DskipTests'");
        }
    }

    /**
     * A module's jar ({@code target/<artifactId>-<version>.jar}) when it is at least as new as every
     * file in its {@code target/classes}, else that directory. A class path of jars only can have a
     * class-data sharing archive (JDK 17 refuses to write one with a directory on the class path); the
     * directory stays the answer after a bare {@code mvn compile}, so the newest code always runs.
     */
    static String classesOrJar(Path classes, String artifactId) throws IOException {
        Path target = classes.getParent();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(artifactId) + "-\\d[^-]*(-SNAPSHOT)?\\.jar");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> name.matcher(p.getFileName().toString()).matches()).findFirst().orElse(null);
        }
        if (jar == null) {
            return classes.toString();
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (Stream<Path> files = Files.walk(classes)) {
            boolean newer = files.filter(Files::isRegularFile).anyMatch(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() > built;
                } catch (IOException e) {
                    return true;
                }
            });
            return newer ? classes.toString() : jar.toString();
        }
    }

    /** The shaded jar of stream-jobs that is submitted to the Flink session cluster. */
    public Path streamJobsJar() throws StartupFailure {
        Path target = home.resolve("stream-jobs/target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().matches("stream-jobs-.*-job\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new StartupFailure("flink", "the stream-jobs job jar is not built in " + target,
                            "run 'mvn -q install -DskipTests' in " + home));
        } catch (IOException e) {
            throw new StartupFailure("flink", "cannot list " + target + ": " + e.getMessage(), null);
        }
    }

    /** The java launcher of the running JVM, used for every server JVM. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
