package io.confab.jobs.config;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.confab.storage.cassandra.CassandraLogin;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The Cassandra a job writes to: a contact point ({@code host:port}), its local datacenter and the
 * login, from the job's configuration; a store opens its session on the TaskManager.
 */
public record CassandraContact(String contactPoint, String datacenter, CassandraLogin login) {

    /** Longer than the driver's 2 s request default: the jobs share two cores with the rest of the platform. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A new session (the caller closes it). */
    public CqlSession open() {
        String[] hostPort = contactPoint.split(":");
        return login.applyTo(CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(datacenter)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, TIMEOUT)
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, TIMEOUT)
                        .build()))
                .build();
    }
}
