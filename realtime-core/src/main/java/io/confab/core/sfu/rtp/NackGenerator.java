package io.confab.core.sfu.rtp;

/**
 * Notices sequence numbers missing from one incoming stream and says which to request in a
 * generic NACK (RFC 4585 §6.2.1). Each missing number is requested at most maxRetries times, no
 * more often than the retry interval (about a round trip, so an answer can arrive in between), and
 * is given up once older than the age limit, after which a retransmission would come too late to
 * be played. A forward jump larger than the capacity is a restart of the stream, not loss.
 *
 * <p>Missing numbers live in preallocated arrays, oldest first. Not thread-safe.
 */
public final class NackGenerator {
    private final int capacity;
    private final int maxRetries;
    private final long retryIntervalNanos;
    private final long maxAgeNanos;

    private final long[] missing;
    private final long[] missingSince;
    private final long[] lastRequested;
    private final int[] retries;
    private int size;

    private boolean started;
    private long highest;

    private long recovered;
    private long givenUp;

    /**
     * @param capacity how many missing numbers are tracked at once, e.g. 256
     * @param maxRetries how often one number is requested, e.g. 10
     * @param retryIntervalNanos the least time between requests for one number, e.g. one RTT
     * @param maxAgeNanos how long after it was noticed a number is still worth requesting
     */
    public NackGenerator(int capacity, int maxRetries, long retryIntervalNanos, long maxAgeNanos) {
        if (capacity < 1 || capacity > 32768 || maxRetries < 1 || retryIntervalNanos < 0 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", retries " + maxRetries
                    + ", interval " + retryIntervalNanos + ", age " + maxAgeNanos);
        }
        this.capacity = capacity;
        this.maxRetries = maxRetries;
        this.retryIntervalNanos = retryIntervalNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.missing = new long[capacity];
        this.missingSince = new long[capacity];
        this.lastRequested = new long[capacity];
        this.retries = new int[capacity];
    }

    /** Records a received sequence number: a gap before it becomes missing, a late one is recovered. */
    public void onPacket(int sequenceNumber, long nowNanos) {
        if (!started) {
            started = true;
            highest = (1L << 32) + (sequenceNumber & 0xFFFF);
            return;
        }
        long extended = SerialNumber.extend16(sequenceNumber, highest);
        if (extended > highest) {
            long gap = extended - highest - 1;
            if (gap > capacity) {
                size = 0;
            } else {
                for (long s = highest + 1; s < extended; s++) {
                    add(s, nowNanos);
                }
            }
            highest = extended;
        } else if (extended < highest) {
            int index = indexOf(extended);
            if (index >= 0) {
                remove(index);
                recovered++;
            }
        }
    }

    /**
     * Writes the sequence numbers due for a request now into the array, oldest first, and returns
     * how many; each counts as one retry. Numbers past their retries or age are dropped here.
     */
    public int collect(long nowNanos, int[] into) {
        int count = 0;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (retries[i] >= maxRetries || nowNanos - missingSince[i] > maxAgeNanos) {
                givenUp++;
                continue;
            }
            if (count < into.length && (retries[i] == 0 || nowNanos - lastRequested[i] >= retryIntervalNanos)) {
                into[count++] = (int) (missing[i] & 0xFFFF);
                retries[i]++;
                lastRequested[i] = nowNanos;
            }
            if (kept != i) {
                missing[kept] = missing[i];
                missingSince[kept] = missingSince[i];
                lastRequested[kept] = lastRequested[i];
                retries[kept] = retries[i];
            }
            kept++;
        }
        size = kept;
        return count;
    }

    private void add(long extended, long nowNanos) {
        if (size == capacity) {
            remove(0);
            givenUp++;
        }
        missing[size] = extended;
        missingSince[size] = nowNanos;
        lastRequested[size] = 0;
        retries[size] = 0;
        size++;
    }

    private int indexOf(long extended) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (missing[middle] < extended) {
                low = middle + 1;
            } else if (missing[middle] > extended) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private void remove(int index) {
        int tail = size - index - 1;
        System.arraycopy(missing, index + 1, missing, index, tail);
        System.arraycopy(missingSince, index + 1, missingSince, index, tail);
        System.arraycopy(lastRequested, index + 1, lastRequested, index, tail);
        System.arraycopy(retries, index + 1, retries, index, tail);
        size--;
    }

    /** How many numbers are missing and still worth requesting. */
    public int missingCount() {
        return size;
    }

    /** Missing numbers that arrived after all. */
    public long recovered() {
        return recovered;
    }

    /** Missing numbers abandoned for age, retries or lack of room. */
    public long givenUp() {
        return givenUp;
    }
}
