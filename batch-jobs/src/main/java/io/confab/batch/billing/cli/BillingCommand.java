package io.confab.batch.billing.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.confab.batch.billing.bench.BenchMonth;
import io.confab.batch.billing.bench.GeneratedMonth;
import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.InvoiceFormats;
import io.confab.batch.billing.invoice.InvoiceLine;
import io.confab.batch.billing.invoice.Pricing;
import io.confab.batch.billing.invoice.RunSummary;
import io.confab.batch.billing.pipeline.BillingRun;
import io.confab.batch.billing.pipeline.DailyUsageCsv;
import io.confab.batch.billing.price.InvalidPriceBook;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.reconcile.Difference;
import io.confab.batch.billing.reconcile.Reconciliation;
import io.confab.batch.billing.reconcile.StreamingTotals;
import io.confab.batch.billing.source.KafkaMonthSource;
import io.confab.batch.billing.store.BillingStore;
import io.confab.batch.billing.store.DirectoryBillingStore;
import io.confab.batch.billing.store.S3BillingStore;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.UsageRules;
import io.confab.batch.cli.BatchCommandLine;
import io.confab.batch.cli.PipelineRunOptions;
import io.confab.batch.cli.PlatformAddresses;
import io.confab.batch.cli.RunFigures;
import io.confab.batch.runner.Engine;
import io.confab.storage.cassandra.CassandraLogin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing run|report|reconcile|bench}: the billing run in its own JVM. {@code confab billing}
 * starts it with the running platform's addresses; it can also be run by hand with them.
 * Exit codes: 0 ok, 1 failure (or differences found by reconcile), 2 bad usage or configuration.
 */
@Command(name = "billing", mixinStandardHelpOptions = true,
        description = "Monthly billing from metered usage: run the Beam pipeline, print invoices, reconcile with the streaming meter.",
        subcommands = {BillingCommand.Run.class, BillingCommand.Report.class, BillingCommand.Reconcile.class, BillingCommand.Preview.class,
                BillingCommand.Bench.class})
public final class BillingCommand {

    static final int FAILED = BatchCommandLine.FAILED;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String[] args) {
        CommandLine command = BatchCommandLine.of(new BillingCommand(), "billing",
                e -> e instanceof InvalidPriceBook || e instanceof IllegalArgumentException);
        command.registerConverter(YearMonth.class, BatchCommandLine.time(YearMonth::parse, "a month YYYY-MM"));
        return command.execute(args);
    }

    /** Where the platform's servers are. */
    static final class Connection {
        @Mixin
        PlatformAddresses platform;

        @Option(names = "--cassandra", paramLabel = "HOST:PORT", description = "Cassandra contact point (reconcile).")
        String cassandra;

        @Option(names = "--cassandra-datacenter", defaultValue = "datacenter1", description = "Cassandra local datacenter (default: ${DEFAULT-VALUE}).")
        String datacenter;

        @Option(names = "--cassandra-user", paramLabel = "ROLE",
                description = "Log in to Cassandra as this role; its password comes from the environment variable CONFAB_CASSANDRA_PASSWORD.")
        String cassandraUser;

        @Option(names = "--prices", paramLabel = "FILE", description = "Price book (YAML; default: the one shipped with Confab).")
        Path prices;

        BillingConfig config() {
            return new BillingConfig(platform.kafka(), new BillingConfig.S3(platform.s3Endpoint(), platform.s3Region(),
                    platform.s3AccessKey(), platform.s3SecretKey(), platform.s3Bucket()),
                    new BillingConfig.Cassandra(cassandra, datacenter), prices, UsageRules.DEFAULTS, platform.flink());
        }

        /** The Cassandra login: the password from the environment, as flags show in the process list. */
        CassandraLogin cassandraLogin() {
            if (cassandraUser == null) {
                return CassandraLogin.NONE;
            }
            String password = System.getenv("CONFAB_CASSANDRA_PASSWORD");
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("--cassandra-user " + cassandraUser + " needs its password in CONFAB_CASSANDRA_PASSWORD");
            }
            return new CassandraLogin(cassandraUser, password);
        }

        BillingStore store() {
            if (platform.s3Endpoint() == null) {
                throw new IllegalArgumentException("--s3-endpoint is missing (confab billing passes the running platform's)");
            }
            BillingConfig.S3 s3 = config().s3();
            return new S3BillingStore(s3.address(), s3.bucket());
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Bill a month: read the usage topics, apply storage/USAGE.md's rules, price with the price book, "
                    + "write invoices (JSON, CSV) and report.html to S3 billing/YYYY-MM/.")
    static final class Run implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month to bill (UTC).")
        YearMonth month;

        @Mixin
        PipelineRunOptions pipeline;

        @Override
        public Integer call() {
            RunSummary summary = pipeline.recording("billing_run", this::bill, (done, started, finished) -> RunFigures.succeeded(
                    "billing_run", started, finished, done.recordsRead(), done.invoices(),
                    done.rejectedByTopic().values().stream().mapToLong(Long::longValue).sum()));
            BillingConfig config = connection.config();
            System.out.println("billing " + month + ": " + summary.invoices() + " invoice(s), " + summary.recordsRead()
                    + " records read, " + summary.duplicates() + " duplicate(s), rejected " + summary.rejectedByTopic()
                    + "; files in s3://" + config.s3().bucket() + "/billing/" + month + "/");
            return 0;
        }

        private RunSummary bill() {
            BillingConfig config = connection.config();
            Engine engine = pipeline.engine(config.flink());
            PriceBook book = config.priceBook();
            if (config.kafka() == null) {
                throw new IllegalArgumentException("--kafka is missing (confab billing passes the running platform's)");
            }
            BillingStore store = connection.store();
            KafkaMonthSource source = KafkaMonthSource.open(config.kafka(), connection.platform.kafkaLogin());
            System.err.println("billing " + month + ": " + source.expectedRecords() + " records in the usage topics");
            return BillingRun.run(source, month, book, config.rules(), store, engine, System.err::println);
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Print a billed month's invoices.")
    static final class Report implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The billed month.")
        YearMonth month;

        @Option(names = "--account", paramLabel = "ID", description = "Only this account's invoice.")
        String account;

        @Option(names = "--json", description = "Print the invoices as JSON (a list).")
        boolean json;

        @Override
        public Integer call() {
            BillingStore store = connection.store();
            if (store.get(month, BillingRun.SUMMARY).isEmpty()) {
                System.err.println("confab billing report: " + month + " has not been billed; run 'confab billing run --month " + month + "'");
                return FAILED;
            }
            List<Invoice> invoices = BillingRun.invoices(store, month).stream()
                    .filter(invoice -> account == null || invoice.accountId().equals(account)).toList();
            if (account != null && invoices.isEmpty()) {
                System.err.println("confab billing report: no invoice for account " + account + " in " + month);
                return FAILED;
            }
            if (json) {
                System.out.println(InvoiceFormats.json(invoices));
                return 0;
            }
            if (invoices.isEmpty()) {
                System.out.println(month + ": no metered usage, no invoices.");
            }
            invoices.forEach(Report::print);
            return 0;
        }

        static void print(Invoice invoice) {
            System.out.println(invoice.accountId() + "  " + invoice.month() + "  " + invoice.currency());
            for (InvoiceLine line : invoice.lines()) {
                System.out.printf(Locale.ROOT, "  %-36s %-10s %-22s %14s %-9s x %-8s %10s%n", line.description(), line.plan(), line.period(),
                        line.quantity().toPlainString(), line.unit(), line.unitPrice().toPlainString(), line.amount().toPlainString());
            }
            System.out.printf(Locale.ROOT, "  %-36s %68s%n  %-36s %68s%n  %-36s %68s%n%n", "Subtotal", invoice.subtotal().toPlainString(),
                    "Tax " + invoice.taxRate().toPlainString(), invoice.tax().toPlainString(), "Total", invoice.total().toPlainString());
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = {"Compare a billed month's daily totals (per account, day and metric) with the streaming meter's in Cassandra "
                    + "usage_by_account_day.", "Exits 1 listing every difference; run 'billing run' for the month first."})
    static final class Reconcile implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The billed month.")
        YearMonth month;

        @Override
        public Integer call() {
            if (connection.cassandra == null) {
                throw new IllegalArgumentException("--cassandra is missing (confab billing passes the running platform's)");
            }
            BillingStore store = connection.store();
            String csv = store.get(month, "usage-daily.csv").orElse(null);
            if (csv == null) {
                System.err.println("confab billing reconcile: " + month + " has not been billed; run 'confab billing run --month " + month + "' first");
                return FAILED;
            }
            List<DailyUsage> batch = DailyUsageCsv.read(csv);
            List<String> unknown = new ArrayList<>();
            List<DailyUsage> streaming;
            try (CqlSession session = session(connection.cassandra, connection.datacenter, connection.cassandraLogin())) {
                streaming = StreamingTotals.of(session, month, unknown);
            }
            List<Difference> differences = Reconciliation.compare(batch, streaming);
            if (!unknown.isEmpty()) {
                System.err.println("reconcile " + month + ": ignored " + unknown.size() + " streaming row(s) with metrics this version does not know: "
                        + unknown.stream().distinct().toList());
            }
            if (differences.isEmpty()) {
                System.out.println("reconcile " + month + ": batch and streaming agree on " + Reconciliation.compare(batch, List.of()).size()
                        + " account-day-metric totals");
                return 0;
            }
            System.out.println("reconcile " + month + ": " + differences.size() + " difference(s):");
            differences.forEach(difference -> System.out.println("  " + difference));
            return FAILED;
        }

        static CqlSession session(String contactPoint, String datacenter, CassandraLogin login) {
            int colon = contactPoint.lastIndexOf(':');
            DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                    .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30)).build();
            return login.applyTo(CqlSession.builder()
                    .addContactPoint(new InetSocketAddress(contactPoint.substring(0, colon), Integer.parseInt(contactPoint.substring(colon + 1))))
                    .withLocalDatacenter(datacenter).withConfigLoader(loader)).build();
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"One account's invoice for a month so far, priced with the price book (the billing run's Pricing) from the "
                    + "streaming meter's daily totals in Cassandra usage_by_account_day.",
                    "Writes nothing; the invoice 'billing run' writes at the month's end comes from the topics and may differ "
                            + "where 'billing reconcile' finds differences."})
    static final class Preview implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month (UTC).")
        YearMonth month;

        @Option(names = "--account", required = true, paramLabel = "ID", description = "The account.")
        String account;

        @Option(names = "--json", description = "Print the invoice as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (connection.cassandra == null) {
                throw new IllegalArgumentException("--cassandra is missing (confab billing passes the running platform's)");
            }
            if (account.isBlank()) {
                throw new IllegalArgumentException("--account: expected an account id, got an empty one");
            }
            PriceBook book = connection.config().priceBook();
            List<String> unknown = new ArrayList<>();
            List<DailyUsage> days;
            try (CqlSession session = Reconcile.session(connection.cassandra, connection.datacenter, connection.cassandraLogin())) {
                days = StreamingTotals.ofAccount(session, account, month, unknown);
            }
            if (!unknown.isEmpty()) {
                System.err.println("preview " + month + ": ignored " + unknown.size() + " row(s) with metrics this version does not know: "
                        + unknown.stream().distinct().toList());
            }
            Invoice invoice = Pricing.price(account, month, days, book);
            if (json) {
                System.out.println(InvoiceFormats.json(invoice));
            } else {
                Report.print(invoice);
            }
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "A monthly billing run over generated events on the DirectRunner, to a scratch directory: wall time and peak memory.")
    static final class Bench implements Callable<Integer> {
        @Mixin
        BenchMonth bench = new BenchMonth(10_000_000, 1000);

        @Override
        public Integer call() throws IOException {
            GeneratedMonth generated = bench.generate();
            Path scratch = Files.createTempDirectory("confab-billing-bench");
            Instant start = Instant.now();
            RunSummary summary = BillingRun.run(generated, BenchMonth.MONTH, new BillingConfig(null, null, null, null, UsageRules.DEFAULTS, null).priceBook(),
                    UsageRules.DEFAULTS, new DirectoryBillingStore(scratch), Engine.DIRECT, System.err::println);
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            long peakKb = peakResidentKb();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("events", summary.recordsRead());
            figures.put("meetings", generated.meetings());
            figures.put("accounts", bench.accounts());
            figures.put("invoices", summary.invoices());
            figures.put("wallSeconds", seconds);
            figures.put("eventsPerSecond", Math.round(summary.recordsRead() / seconds));
            figures.put("peakResidentMiB", peakKb / 1024);
            figures.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
            figures.put("cores", Runtime.getRuntime().availableProcessors());
            System.out.println(bench.json() ? InvoiceFormats.json(figures) : String.format(Locale.ROOT,
                    "billing bench: %d events (%d meetings, %d accounts) billed in %.1f s (%d events/s), peak resident %d MiB (heap max %d MiB)",
                    summary.recordsRead(), generated.meetings(), bench.accounts(), seconds, Math.round(summary.recordsRead() / seconds), peakKb / 1024,
                    Runtime.getRuntime().maxMemory() >> 20));
            return 0;
        }

        /** VmHWM: the most resident memory this process has had. */
        static long peakResidentKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }
    }
}
