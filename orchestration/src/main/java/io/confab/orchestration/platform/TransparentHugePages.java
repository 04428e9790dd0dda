package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether this kernel backs a JVM heap with transparent huge pages when the JVM asks for them
 * ({@code -XX:+UseTransparentHugePages} asks with madvise). The kernel's setting reads like
 * {@code always [madvise] never}, the bracketed mode in force. The launcher asks first because the JVM
 * flag on a kernel set to {@code never} (or without the file) prints a warning at every start.
 */
public record TransparentHugePages(String mode) {

    static final Path KERNEL_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private static final Pattern IN_FORCE = Pattern.compile("\\[(\\w+)]");

    public static TransparentHugePages ofThisMachine() {
        return read(KERNEL_SETTING);
    }

    /** The mode in force as the setting's file says it; {@code absent} when there is no such file or no mode in it. */
    static TransparentHugePages read(Path setting) {
        try {
            Matcher inForce = IN_FORCE.matcher(Files.readAllLines(setting).stream().findFirst().orElse(""));
            return new TransparentHugePages(inForce.find() ? inForce.group(1) : "absent");
        } catch (IOException noSuchSetting) {
            return new TransparentHugePages("absent");
        }
    }

    /** True when a JVM that asks gets huge pages: {@code always} gives them to everyone, {@code madvise} to who asks. */
    public boolean givenWhenAsked() {
        return mode.equals("always") || mode.equals("madvise");
    }
}
