package io.confab.orchestration.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * The streaming jobs {@code confab up} runs on the Flink session cluster (embedded or external):
 * each job's configuration is written into the data directory (mode 0600: it holds the S3 keys,
 * which must not appear on a command line or in Flink's web UI), the job jar is submitted over
 * REST, and start-up waits until the job runs.
 *
 * <p>Today: the recording mixer and the transcription job. An external cluster's task managers must
 * be able to read the configuration files at the same path (a shared disk), and have FFmpeg's
 * JavaCPP jars, Vosk, JNA and the speech model artifact in lib/.
 */
public final class StreamJobs {

    public static final String RECORDING_MIXER = "io.confab.jobs.recording.RecordingMixerJob";
    static final String RECORDING_MIXER_NAME = "confab recording mixer";
    public static final String TRANSCRIPTION = "io.confab.jobs.transcription.TranscriptionJob";

    private final PlatformConfig config;
    private final Installation installation;
    private final FlinkCluster flink;
    private final KafkaBroker kafka;
    private final CassandraNode cassandra;
    private final S3Store s3;
    private volatile String recordingJobId;
    private volatile String transcriptionJobId;
    /** The job jar's id on Flink once uploaded; both jobs run from the one upload. */
    private volatile String uploadedJar;

    public StreamJobs(PlatformConfig config, Installation installation, FlinkCluster flink, KafkaBroker kafka,
                      CassandraNode cassandra, S3Store s3) {
        this.config = config;
        this.installation = installation;
        this.flink = flink;
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.s3 = s3;
    }

    /** Submits the recording mixer and the transcription job and waits until Flink runs them. */
    /**
     * Uploads the job jar (54 MB) as soon as Flink is up, while the data servers are still starting;
     * {@link #start} then only runs it. Nothing to do where jar upload is off.
     */
    public void upload() throws StartupFailure {
        if (!flink.jarUploadEnabled()) {
            return;
        }
        try {
            uploadedJar = flink.rest().upload(installation.streamJobsJar());
        } catch (IOException e) {
            throw new StartupFailure("flink", "uploading the job jar failed: " + e.getMessage(),
                    "see " + config.dataDir().resolve("logs/flink-jobmanager.log"));
        }
    }

    public void start(Duration timeout) throws StartupFailure {
        Path file = writeRecordingConfig();
        Path jar = installation.streamJobsJar();
        try {
            recordingJobId = submit(jar, RECORDING_MIXER, List.of("--config", file.toString()));
            transcriptionJobId = submit(jar, TRANSCRIPTION, List.of("--config", writeTranscriptionConfig().toString()));
        } catch (IOException e) {
            throw new StartupFailure("flink", "submitting the " + (recordingJobId == null ? "recording" : "transcription")
                    + " job failed: " + e.getMessage(), "see " + config.dataDir().resolve("logs/flink-jobmanager.log"));
        }
        // From submission on: a submission from a client JVM (jar upload off) takes a JVM's start of its own.
        Instant deadline = Instant.now().plus(timeout);
        awaitRunning(recordingJobId, Duration.between(Instant.now(), deadline));
        awaitRunning(transcriptionJobId, Duration.between(Instant.now(), deadline));
    }

    /** As an uploaded jar over REST, or from a client JVM where jar upload is off (internal address beyond loopback). */
    private String submit(Path jar, String entryClass, List<String> args) throws IOException, StartupFailure {
        if (!flink.jarUploadEnabled()) {
            return flink.submitFromClient(jar, entryClass, args, 1);
        }
        if (uploadedJar == null) {
            uploadedJar = flink.rest().upload(jar);
        }
        return flink.rest().run(uploadedJar, entryClass, args, 1);
    }

    /** The transcription job's Flink job id, once submitted. */
    public String transcriptionJobId() {
        return transcriptionJobId;
    }

    /** Where the transcription job's configuration is written. */
    public Path transcriptionConfigFile() {
        return config.dataDir().resolve("jobs/transcription.properties");
    }

    /** The recording mixer's Flink job id, once submitted. */
    public String recordingJobId() {
        return recordingJobId;
    }

    /** Where the recording mixer's configuration is written. */
    public Path recordingConfigFile() {
        return config.dataDir().resolve("jobs/recording-mixer.properties");
    }

    private void awaitRunning(String jobId, Duration timeout) throws StartupFailure {
        Instant deadline = Instant.now().plus(timeout);
        String state = "unknown";
        while (Instant.now().isBefore(deadline)) {
            try {
                state = flink.rest().jobState(jobId);
                JsonNode job = flink.rest().job(jobId);
                boolean allRunning = job.path("vertices").size() > 0;
                java.util.List<String> waiting = new java.util.ArrayList<>();
                for (JsonNode vertex : job.path("vertices")) {
                    if (!"RUNNING".equals(vertex.path("status").asText())) {
                        allRunning = false;
                        waiting.add(vertex.path("name").asText() + " " + vertex.path("status").asText());
                    }
                }
                if ("RUNNING".equals(state) && !allRunning) {
                    // A job Flink calls RUNNING whose tasks are not all deployed yet is not running for us.
                    state = "RUNNING with tasks not yet running (" + String.join(", ", waiting) + ")";
                }
                if (allRunning && "RUNNING".equals(state)) {
                    return;
                }
                if ("FAILED".equals(state) || "CANCELED".equals(state) || "FINISHED".equals(state)) {
                    break;
                }
            } catch (IOException e) {
                state = e.getMessage();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure("start-up interrupted");
            }
        }
        String cause = "";
        try {
            cause = ": " + flink.rest().rootException(jobId);
        } catch (IOException e) {
            // The job's own exception is out of reach; say why, beside the state.
            cause = " (its exception could not be read from Flink: " + e.getMessage() + ")";
        }
        throw new StartupFailure("flink", "the " + (jobId.equals(recordingJobId) ? "recording" : "transcription") + " job is "
                + state + " after " + timeout.toSeconds() + " s instead of running" + cause,
                "see " + config.dataDir().resolve("logs/flink-taskmanager.log"));
    }

    private Path writeTranscriptionConfig() throws StartupFailure {
        Properties p = storageProperties();
        return writeSecret(p, transcriptionConfigFile(), "the transcription job's configuration");
    }

    /** Kafka, S3 and Cassandra as every job reaches them. */
    private Properties storageProperties() {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap", kafka.address());
        p.setProperty("s3.endpoint", s3.address());
        p.setProperty("s3.region", config.s3().region());
        p.setProperty("s3.access-key", config.s3().accessKey());
        p.setProperty("s3.secret-key", config.s3().secretKey());
        p.setProperty("s3.bucket", config.s3().bucket());
        p.setProperty("cassandra.contact-point", cassandra.address());
        p.setProperty("cassandra.datacenter", config.cassandra().datacenter());
        if (cassandra.login().required()) {
            // This file is written as a secret (mode 0600), as it holds the S3 key already.
            p.setProperty("cassandra.user", cassandra.login().user());
            p.setProperty("cassandra.password", cassandra.login().password());
        }
        if (kafka.login().required()) {
            p.setProperty("kafka.user", kafka.login().user());
            p.setProperty("kafka.password", kafka.login().password());
        }
        return p;
    }

    private Path writeRecordingConfig() throws StartupFailure {
        Properties p = storageProperties();
        p.setProperty("scratch-dir", config.dataDir().resolve("flink/tmp/recordings").toString());
        return writeSecret(p, recordingConfigFile(), "the recording mixer's configuration");
    }

    private Path writeSecret(Properties p, Path file, String what) throws StartupFailure {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".job", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(temporary)) {
                p.store(out, "Written by confab at every start; " + what + " (holds S3 keys: mode 0600)");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new StartupFailure("flink", "cannot write " + file + ": " + e.getMessage(), "check the data directory");
        }
    }
}
