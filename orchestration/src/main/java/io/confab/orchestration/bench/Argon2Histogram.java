package io.confab.orchestration.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * realtime-core's {@code confab_auth_argon2_seconds} histogram as one Prometheus scrape shows it:
 * cumulative counts by upper bound, the count and the sum. Two scrapes give what happened between
 * them ({@link #since}), so a bench phase gets its own p50 rather than the server's whole history.
 *
 * @param buckets cumulative count by upper bound in seconds ({@code +Inf} as infinity)
 */
public record Argon2Histogram(Map<Double, Double> buckets, double count, double sum) {

    /** What a server without the histogram (or unreachable) shows: nothing. */
    public static final Argon2Histogram EMPTY = new Argon2Histogram(Map.of(), 0, 0);

    private static final String NAME = "confab_auth_argon2_seconds";
    private static final Pattern BUCKET = Pattern.compile("^" + NAME + "_bucket\\{le=\"([^\"]+)\"} (\\S+)");

    /**
     * Computations between two scrapes.
     *
     * @param p50Millis  the median computation time in ms, interpolated linearly within its bucket;
     *                   NaN when there were none
     * @param meanMillis the mean in ms (from the sum and the count: exact, not bucketed); NaN when none
     */
    public record Delta(long count, double p50Millis, double meanMillis) {
    }

    public Argon2Histogram {
        buckets = Map.copyOf(buckets);
    }

    /**
     * The histogram as the server at {@code metrics} shows it now; {@link #EMPTY} when the page has
     * none (a server from before it was exported). A page that cannot be fetched or is not a 200 is an
     * error naming the address and what was wrong: the bench's Argon2 figure is never a NaN nobody
     * explained.
     */
    public static Argon2Histogram scrape(HttpClient http, URI metrics) throws InterruptedException {
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the server's metrics at " + metrics + " for its Argon2 times: " + e, e);
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the server's metrics at " + metrics + " answered " + answer.statusCode()
                    + ", not 200, so its Argon2 times cannot be read");
        }
        return parse(answer.body());
    }

    /** The histogram in a Prometheus text exposition; {@link #EMPTY} when it has none. */
    public static Argon2Histogram parse(String exposition) {
        Map<Double, Double> buckets = new TreeMap<>();
        double count = 0;
        double sum = 0;
        for (String line : exposition.split("\n")) {
            Matcher bucket = BUCKET.matcher(line);
            if (bucket.find()) {
                String bound = bucket.group(1);
                buckets.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        Double.parseDouble(bucket.group(2)));
            } else if (line.startsWith(NAME + "_count ")) {
                count = Double.parseDouble(line.substring(NAME.length() + 7).trim().split(" ")[0]);
            } else if (line.startsWith(NAME + "_sum ")) {
                sum = Double.parseDouble(line.substring(NAME.length() + 5).trim().split(" ")[0]);
            }
        }
        return buckets.isEmpty() ? EMPTY : new Argon2Histogram(buckets, count, sum);
    }

    /** What was recorded after {@code earlier} up to this scrape. */
    public Delta since(Argon2Histogram earlier) {
        long n = Math.round(count - earlier.count);
        if (buckets.isEmpty() || n <= 0) {
            return new Delta(0, Double.NaN, Double.NaN);
        }
        double half = n / 2.0;
        double lowerBound = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : new TreeMap<>(buckets).entrySet()) {
            double cumulative = bucket.getValue() - earlier.buckets.getOrDefault(bucket.getKey(), 0.0);
            if (cumulative >= half) {
                double upperBound = bucket.getKey();
                if (Double.isInfinite(upperBound)) {
                    // Past the last finite bound nothing says where: the bound is the honest answer.
                    return new Delta(n, 1000 * lowerBound, 1000 * (sum - earlier.sum) / n);
                }
                double within = cumulative - below;
                double fraction = within == 0 ? 0 : (half - below) / within;
                return new Delta(n, 1000 * (lowerBound + fraction * (upperBound - lowerBound)), 1000 * (sum - earlier.sum) / n);
            }
            lowerBound = bucket.getKey();
            below = cumulative;
        }
        return new Delta(n, Double.NaN, 1000 * (sum - earlier.sum) / n);
    }
}
