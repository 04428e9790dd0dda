package io.confab.orchestration.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * The process a command runs in (the installation's home, the command line, the environment), for
 * the commands that need it: they declare {@code @Mixin ProcessContext context} and
 * {@link ConfabCommand#run} fills every such mixin before picocli runs anything. It has no options,
 * so it adds nothing to a command's {@code --help}; the bare {@code @Command} is what lets picocli
 * take a class without options as a mixin.
 */
@Command
final class ProcessContext {

    private ConfabCommand.ConfabContext given;

    void give(ConfabCommand.ConfabContext context) {
        this.given = context;
    }

    Path home() {
        return given.home();
    }

    String[] args() {
        return given.args();
    }

    Map<String, String> environment() {
        return given.environment();
    }
}
