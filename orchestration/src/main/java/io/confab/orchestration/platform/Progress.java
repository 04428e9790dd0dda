package io.confab.orchestration.platform;

/** Where start-up reports what it is doing: the terminal for {@code confab up}, a list in tests. */
@FunctionalInterface
public interface Progress {

    void line(String text);

    Progress SILENT = text -> { };
}
