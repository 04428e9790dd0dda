package io.confab.storage.s3;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Where an S3 API is and how to sign for it, and the one way every Confab process builds a client
 * for it. Serializable so that a Flink or Beam job can ship it to its workers and build the client
 * there (an SDK client is not serializable).
 *
 * <p>Every client gets the same three choices, made once here: path-style addressing when asked
 * (the embedded S3Proxy and most self-hosted stores have no virtual-host buckets), checksums only
 * where the S3 API requires them (S3-compatible stores such as S3Proxy do not all speak the SDK's
 * newer trailing checksums), and the JDK's URL connection client (no second Netty beside the one a
 * process already has).
 *
 * @param address   the endpoint URL, {@code http} or {@code https}
 * @param region    the region signed into requests and presigned URLs
 * @param accessKey the access key id
 * @param secretKey the secret key; never printed by {@link #toString()}
 * @param pathStyle {@code bucket} in the path instead of the host name
 */
public record S3Endpoint(URI address, String region, String accessKey, String secretKey, boolean pathStyle)
        implements Serializable {

    /** How long a client waits to connect, and for a reply once connected; each caller knows its largest transfer. */
    public record Timeouts(Duration connect, Duration socket) {
        /** Small requests: listings, deletes, documents of a few kilobytes. */
        public static final Timeouts REQUESTS = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30));
        /** Whole recordings and Parquet files, up and down. */
        public static final Timeouts TRANSFERS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(120));

        public Timeouts {
            if (connect == null || connect.isNegative() || connect.isZero()) {
                throw new IllegalArgumentException("S3 connect timeout must be positive, was " + connect);
            }
            if (socket == null || socket.isNegative() || socket.isZero()) {
                throw new IllegalArgumentException("S3 socket timeout must be positive, was " + socket);
            }
        }
    }

    public S3Endpoint {
        if (address == null || address.getHost() == null
                || !("http".equals(address.getScheme()) || "https".equals(address.getScheme()))) {
            throw new IllegalArgumentException("S3 endpoint must be an http or https URL with a host, was " + address);
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("S3 region must not be empty (the embedded store signs with us-east-1)");
        }
        if (accessKey == null || accessKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key must not be empty for " + address);
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 secret key must not be empty for " + address);
        }
    }

    /** An S3-compatible store addressed path-style, as every Confab deployment reaches its bucket today. */
    public static S3Endpoint pathStyle(String address, String region, String accessKey, String secretKey) {
        return pathStyle(parse(address), region, accessKey, secretKey);
    }

    public static S3Endpoint pathStyle(URI address, String region, String accessKey, String secretKey) {
        return new S3Endpoint(address, region, accessKey, secretKey, true);
    }

    private static URI parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("S3 endpoint must be an http or https URL with a host, was null");
        }
        try {
            return URI.create(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("S3 endpoint is not a URL: " + address, e);
        }
    }

    /** A new client (the caller closes it). */
    public S3Client client(Timeouts timeouts) {
        return S3Client.builder()
                .endpointOverride(address)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.socket()))
                .build();
    }

    /** A new presigner against the same address, so a presigned URL reaches the same store (the caller closes it). */
    public S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(address)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
                .build();
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** Without the secret: endpoints end up in logs and error messages. */
    @Override
    public String toString() {
        return "S3Endpoint[" + address + ", region " + region + ", access key " + accessKey
                + (pathStyle ? ", path-style" : ", virtual-host") + "]";
    }
}
