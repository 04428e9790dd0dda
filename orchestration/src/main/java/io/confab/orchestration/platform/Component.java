package io.confab.orchestration.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One server of the platform (Kafka, Cassandra, S3, PostgreSQL, Flink), embedded or external.
 * An embedded component starts its own processes; an external one only checks that it is reachable.
 */
public interface Component {

    String name();

    /** Where clients reach it, e.g. {@code 127.0.0.1:9092} or {@code http://127.0.0.1:8081}. */
    String address();

    boolean embedded();

    /**
     * Starts the component (or, when external, confirms it answers) and returns once it is healthy.
     *
     * @throws StartupFailure with one line naming the problem when it does not become healthy within
     *                        {@code timeout}
     */
    void start(Duration timeout) throws StartupFailure;

    /** Checks the component by speaking its own protocol, not only by opening a port. */
    Health check();

    /** Stops what {@link #start} started; does nothing for an external component. */
    void stop();

    /** Ports an embedded component will listen on, by the flag that sets each; checked free before start. */
    Map<String, Integer> ports();

    /** Process ids this component started, for the state file and for reaping leftovers. */
    List<Long> pids();

    /** Where its metrics are scraped (a Prometheus endpoint), or null when it has none of its own. */
    default String metricsAddress() {
        return null;
    }

    /** Every Prometheus endpoint of its processes (Flink has one per JobManager and TaskManager). */
    default List<String> metricsAddresses() {
        return metricsAddress() == null ? List.of() : List.of(metricsAddress());
    }
}
