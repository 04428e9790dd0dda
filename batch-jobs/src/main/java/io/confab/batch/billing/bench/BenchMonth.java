package io.confab.batch.billing.bench;

import java.time.YearMonth;
import picocli.CommandLine.Option;

/**
 * The options of a bench over a {@link GeneratedMonth} (billing's and the warehouse export's): how
 * many events of how many accounts, and whether the figures come as JSON. Each bench gives its own
 * defaults (billing's run is much the larger).
 */
public final class BenchMonth {

    /** The month every bench generates: fixed, so that two runs bill the same meetings. */
    public static final YearMonth MONTH = YearMonth.of(2026, 11);

    @Option(names = "--events", description = "About this many events (default: ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--accounts", description = "Accounts the meetings belong to (default: ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--json", description = "Print the figures as JSON.")
    private boolean json;

    /** The defaults a bench shows in its help and uses when the options are not given. */
    public BenchMonth(long events, int accounts) {
        this.events = events;
        this.accounts = accounts;
    }

    /** About {@code --events} events of {@code --accounts} accounts in {@link #MONTH}, from the fixed seed. */
    public GeneratedMonth generate() {
        return new GeneratedMonth(MONTH, GeneratedMonth.meetingsFor(events), accounts, 7, 64);
    }

    public int accounts() {
        return accounts;
    }

    public boolean json() {
        return json;
    }
}
