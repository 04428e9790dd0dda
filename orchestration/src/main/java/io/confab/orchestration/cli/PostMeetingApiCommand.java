package io.confab.orchestration.cli;

import io.confab.orchestration.recordings.RecordingsClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works through the post-meeting API as the caller ({@code recordings ...},
 * {@code transcript}, {@code transcripts search}, {@code transcribe}, {@code quality}, {@code query}):
 * the web origin and the login come from {@link RecordingsCommand.Access}, and whatever stops the API
 * from answering (no platform, no login, a refusal) ends the command alike, with one line on stderr
 * naming it and exit code 1. A class rather than a mixin because that ending wraps the whole run.
 */
abstract class PostMeetingApiCommand implements Callable<Integer> {

    @Mixin
    RecordingsCommand.Access access;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try {
            return callApi();
        } catch (RecordingsClient.Failure e) {
            System.err.println(spec.qualifiedName() + ": " + e.getMessage());
            return ConfabCommand.FAILED;
        }
    }

    /**
     * The command's own work, through {@code access.client()}: its exit code. Its own refusals of its
     * arguments come first, so that they are told before a missing platform or login.
     */
    abstract int callApi() throws Exception;
}
