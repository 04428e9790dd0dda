package io.confab.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class S3EndpointTest {

    private final S3Endpoint endpoint = S3Endpoint.pathStyle("http://127.0.0.1:9000", "us-east-1", "confab", "s3cr3t-key");

    @Test
    void travelsToAWorkerAndBackUnchanged() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(endpoint);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(endpoint, in.readObject());
        }
    }

    @Test
    void neverPrintsTheSecretKey() {
        String printed = endpoint.toString();
        assertFalse(printed.contains("s3cr3t-key"), printed);
        assertTrue(printed.contains("http://127.0.0.1:9000") && printed.contains("confab"), printed);
    }

    @Test
    void clientSignsForTheConfiguredAddressAndRegion() {
        try (S3Client client = endpoint.client(S3Endpoint.Timeouts.REQUESTS)) {
            assertEquals(URI.create("http://127.0.0.1:9000"), client.serviceClientConfiguration().endpointOverride().orElseThrow());
            assertEquals(Region.US_EAST_1, client.serviceClientConfiguration().region());
        }
    }

    @Test
    void presignedUrlsNameTheBucketInThePathOfTheSameAddress() {
        try (S3Presigner presigner = endpoint.presigner()) {
            URL url = presigner.presignGetObject(request -> request.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get -> get.bucket("confab").key("recordings/a/m/r/meeting.mp4"))).url();
            assertEquals("127.0.0.1", url.getHost());
            assertEquals(9000, url.getPort());
            assertEquals("/confab/recordings/a/m/r/meeting.mp4", url.getPath());
        }
    }

    @Test
    void virtualHostStyleNamesTheBucketInTheHost() {
        S3Endpoint aws = new S3Endpoint(URI.create("https://s3.eu-west-1.amazonaws.com"), "eu-west-1", "AKIA", "secret", false);
        try (S3Presigner presigner = aws.presigner()) {
            URL url = presigner.presignGetObject(request -> request.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get -> get.bucket("confab").key("billing/2026-12/a.json"))).url();
            assertEquals("confab.s3.eu-west-1.amazonaws.com", url.getHost());
            assertEquals("/billing/2026-12/a.json", url.getPath());
        }
    }

    @Test
    void refusesAnAddressThatIsNotAnHttpUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3Endpoint.pathStyle("127.0.0.1:9000", "us-east-1", "a", "b"));
        assertTrue(e.getMessage().contains("S3 endpoint") && e.getMessage().contains("127.0.0.1:9000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> S3Endpoint.pathStyle("http://bad host", "us-east-1", "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> S3Endpoint.pathStyle((String) null, "us-east-1", "a", "b"));
    }

    @Test
    void refusesMissingRegionOrKeysNamingWhichOne() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> S3Endpoint.pathStyle("http://s3:9000", " ", "a", "b")).getMessage().contains("region"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> S3Endpoint.pathStyle("http://s3:9000", "us-east-1", "", "b")).getMessage().contains("access key"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> S3Endpoint.pathStyle("http://s3:9000", "us-east-1", "a", null)).getMessage().contains("secret key"));
    }

    @Test
    void refusesTimeoutsThatAreNotPositive() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new S3Endpoint.Timeouts(Duration.ZERO, Duration.ofSeconds(1))).getMessage().contains("connect"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new S3Endpoint.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1))).getMessage().contains("socket"));
    }
}
