package io.confab.orchestration.bench;

/** Run by {@link LoadGeneratorPriorityTest} in a process of its own: raises its autogroup and says what came of it. */
public final class AutogroupProbe {

    private AutogroupProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(LoadGeneratorPriority.autogroup(Integer.parseInt(args[0])));
        System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/autogroup")).strip());
    }
}
