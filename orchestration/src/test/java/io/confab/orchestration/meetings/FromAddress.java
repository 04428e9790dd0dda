package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * POSTs to the web server from a loopback address of the test's choosing (127.x.y.z; Linux routes
 * all of 127/8 to the loopback device), so a test that trips per-address limits trips them for an
 * address of its own, not for the 127.0.0.1 every other test of the run shares. The JDK's HTTP
 * client cannot choose its local address, hence HTTP/1.1 by hand.
 */
final class FromAddress {

    record Answer(int status, Map<String, String> headers, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }

        String message() {
            return body.path("message").asText();
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    private final InetAddress source;
    private final URI web;

    FromAddress(InetAddress source, String webUrl) {
        this.source = source;
        this.web = URI.create(webUrl);
    }

    /** A loopback address no other test uses. */
    static FromAddress fresh(String webUrl) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] address = {127, (byte) random.nextInt(1, 255), (byte) random.nextInt(0, 256), (byte) random.nextInt(1, 255)};
        try {
            return new FromAddress(InetAddress.getByAddress(address), webUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String address() {
        return source.getHostAddress();
    }

    Answer post(String path, Object body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(web.getHost(), web.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            byte[] json = ApiClient.JSON.writeValueAsBytes(body);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + web.getHost() + ":" + web.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " from " + address(), e);
        }
    }

    private static Answer parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        return new Answer(status, headers, body.isBlank() ? ApiClient.JSON.createObjectNode() : ApiClient.JSON.readTree(body));
    }
}
