package io.confab.transcription.recognition;

import io.confab.transcription.model.SpeechModel;
import org.vosk.Recognizer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code capacity} Vosk recognizers over one model, made when first needed and reused.
 * A recognizer holds about 20 MB of decoder state and its creation costs a few milliseconds, so a
 * stream borrows one only while its track speaks and gives it back when the speech ends: a meeting
 * of twenty tracks where people take turns needs one or two.
 *
 * <p>{@link #tryAcquire()} never blocks: a stream that finds none keeps its audio and asks again, so
 * one Flink subtask serving many tracks on one thread cannot deadlock waiting for a recognizer that
 * only it could give back. {@link #acquire(Duration)} waits, for callers with a thread of their own
 * (the batch API). Thread-safe.
 */
public final class RecognizerPool implements AutoCloseable {
    /** Vosk's models are trained on 16 kHz audio; every stream is resampled to it. */
    public static final int SAMPLE_RATE = 16_000;

    private final SpeechModel model;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Deque<PooledRecognizer> idle = new ArrayDeque<>();
    private final List<PooledRecognizer> all = new ArrayList<>();
    private final AtomicLong leases = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private boolean closed;

    public RecognizerPool(SpeechModel model, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a recognizer pool holds at least one recognizer, not " + capacity);
        }
        this.model = model;
        this.capacity = capacity;
    }

    /** An idle recognizer (made if the pool is not full yet), or empty at once when all are in use. */
    public Optional<PooledRecognizer> tryAcquire() {
        lock.lock();
        try {
            PooledRecognizer recognizer = take();
            if (recognizer == null) {
                refusals.incrementAndGet();
            }
            return Optional.ofNullable(recognizer);
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for a recognizer; throws {@link IllegalStateException} when none came. */
    public PooledRecognizer acquire(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                PooledRecognizer recognizer = take();
                if (recognizer != null) {
                    return recognizer;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    refusals.incrementAndGet();
                    throw new IllegalStateException("all " + capacity + " recognizers stayed busy for " + timeout.toMillis() + " ms");
                }
                returned.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        } finally {
            lock.unlock();
        }
    }

    private PooledRecognizer take() {
        if (closed) {
            throw new IllegalStateException("the recognizer pool is closed");
        }
        PooledRecognizer recognizer = idle.pollFirst();
        if (recognizer != null) {
            recognizer.lendAgain();
        } else if (all.size() < capacity) {
            recognizer = new PooledRecognizer(this, create());
            all.add(recognizer);
        }
        if (recognizer != null) {
            leases.incrementAndGet();
        }
        return recognizer;
    }

    private Recognizer create() {
        try {
            Recognizer recognizer = new Recognizer(model.vosk(), SAMPLE_RATE);
            recognizer.setWords(true);
            recognizer.setPartialWords(true);
            return recognizer;
        } catch (IOException e) {
            throw new IllegalStateException("Vosk could not make a recognizer over " + model.source(), e);
        }
    }

    void giveBack(PooledRecognizer recognizer) {
        lock.lock();
        try {
            if (closed) {
                recognizer.free();
                return;
            }
            idle.addFirst(recognizer);
            returned.signal();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Recognizers made so far (never more than the capacity). */
    public int created() {
        lock.lock();
        try {
            return all.size();
        } finally {
            lock.unlock();
        }
    }

    public int idle() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    /** Times a recognizer was handed out. */
    public long leases() {
        return leases.get();
    }

    /** Times a caller found every recognizer busy. */
    public long refusals() {
        return refusals.get();
    }

    public SpeechModel model() {
        return model;
    }

    /** Frees idle recognizers now and busy ones when they come back. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (PooledRecognizer recognizer : idle) {
                recognizer.free();
            }
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
