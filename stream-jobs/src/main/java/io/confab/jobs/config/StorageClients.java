package io.confab.jobs.config;

import com.datastax.oss.driver.api.core.CqlSession;
import io.confab.storage.s3.S3Endpoint;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a job's store writes through: the bucket, an S3 client with the timeouts of transfers, and a
 * Cassandra session, opened on the TaskManager from the job's {@link JobConnections} and closed
 * together. The recording mixer's and the transcription job's stores add their statements and
 * writes.
 */
public abstract class StorageClients implements AutoCloseable {

    protected final String bucket;
    protected final S3Client s3;
    protected final CqlSession cassandra;

    protected StorageClients(JobConnections endpoints) {
        this.bucket = endpoints.s3Bucket();
        this.s3 = endpoints.s3().client(S3Endpoint.Timeouts.TRANSFERS);
        this.cassandra = endpoints.cassandra().open();
    }

    public String bucket() {
        return bucket;
    }

    /** Closes the S3 client, then the Cassandra session even if that failed. */
    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            cassandra.close();
        }
    }
}
