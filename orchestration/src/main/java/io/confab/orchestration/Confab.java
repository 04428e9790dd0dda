package io.confab.orchestration;

import io.confab.orchestration.cli.ConfabCommand;

/** Entry point of the {@code confab} command. */
public final class Confab {

    private Confab() {
    }

    public static void main(String[] args) {
        StopSignals.takeBackIgnored();
        System.exit(ConfabCommand.run(args, System.getenv()));
    }
}
