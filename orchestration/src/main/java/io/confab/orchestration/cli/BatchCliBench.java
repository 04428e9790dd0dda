package io.confab.orchestration.cli;

import io.confab.orchestration.platform.BatchCli;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code confab bench billing} and {@code confab bench warehouse}: a batch-jobs program's own
 * {@code bench} on data it generates (no platform needed), every option but {@code --heap} passed on
 * to it. Each bench is this class with its program and its {@code --heap}, whose default fits the
 * data that program generates.
 */
abstract class BatchCliBench extends BatchCliProgram {

    BatchCliBench(BatchCli cli) {
        super(cli);
    }

    /** The bench JVM's heap as {@code -Xmx} takes it ({@code 8g}): the bench's {@code --heap}. */
    abstract String heap();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> forwarded = new ArrayList<>(List.of("bench"));
        forwarded.addAll(args);
        return run(forwarded, null, "-Xmx" + heap());
    }
}
