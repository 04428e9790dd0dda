package io.confab.jobs.config;

import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.s3.S3Endpoint;

/**
 * Where a job writes: the S3 and Cassandra settings every job's configuration record holds
 * ({@link JobProperties#CONNECTION_KEYS}), as the clients its stores open take them.
 */
public interface JobEndpoints {

    String s3Endpoint();

    String s3Region();

    String s3AccessKey();

    String s3SecretKey();

    String s3Bucket();

    String cassandraContactPoint();

    String cassandraDatacenter();

    CassandraLogin cassandraLogin();

    /** The S3 API the job writes to, built into a client on the TaskManager. */
    default S3Endpoint s3() {
        return S3Endpoint.pathStyle(s3Endpoint(), s3Region(), s3AccessKey(), s3SecretKey());
    }

    /** The Cassandra the job writes to; a store opens its session on the TaskManager. */
    default CassandraContact cassandra() {
        return new CassandraContact(cassandraContactPoint(), cassandraDatacenter(), cassandraLogin());
    }
}
