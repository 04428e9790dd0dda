package io.confab.core.sfu.transport;

import io.confab.core.udp.BurstWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The copies a media socket has queued since its last flush (media thread only): written end to end
 * into one direct buffer the queue keeps from flush to flush (a pooled one more when a flush outgrows
 * it), and handed to the socket at the flush <em>grouped by receiver</em>: every copy for the first
 * receiver of the flush in the order queued, then every copy for the second, and so on. Within a
 * receiver nothing moves; between receivers the order changes only inside one flush, whose datagrams
 * leave in one {@code sendmmsg} call within microseconds of each other, and no receiver can see the
 * order of datagrams sent to another. Grouped, a video frame's packets to one receiver (equal sizes,
 * the last often shorter) sit next to each other, and the {@link BurstWriter} sends each such run,
 * gathered end to end into a second buffer the queue keeps, as one UDP GSO send; a copy with no
 * neighbour to merge with leaves as a slice of the first buffer, copied nowhere.
 */
final class FlushQueue {

    /**
     * Bytes of the buffer a flush's copies are written into: 192 KiB holds the largest flush the port
     * makes ({@link MediaSocket#COPIES_PER_FLUSH} copies and one more fan-out, 96 + 23 copies of up to
     * 1,500 bytes in a meeting of 24, 109 in the bench's of 14); a flush that outgrows it goes on in a
     * pooled buffer of the same size, given back after the flush. The buffer of GSO runs is as large.
     */
    static final int BUFFER_BYTES = 192 * 1024;

    private final ByteBufAllocator allocator;
    /** The buffer kept from flush to flush, written from its start again once no copy holds it. */
    private ByteBuf own;
    /** Where the next copy goes: {@link #own}, or the last of {@link #extra}. */
    private ByteBuf current;
    /**
     * The buffer the flush gathers its GSO runs into, each run's copies end to end, kept from flush to
     * flush like {@link #own}: a run taken from the pool instead costs an allocation, its release and,
     * one run in 128, a stack trace for Netty's leak detector, which the media thread's profile showed
     * (2026-12-05) as about 2.5 % of its time.
     */
    private ByteBuf runs;
    private ByteBuf[] extra = new ByteBuf[4];
    private int extraCount;

    // One entry per copy, in the order queued.
    private ByteBuf[] copyBuffer = new ByteBuf[256];
    private int[] copyOffset = new int[256];
    private int[] copyLength = new int[256];
    /** The next copy for the same receiver, or -1. */
    private int[] copyNext = new int[256];
    private int copies;

    // One entry per receiver, in the order of its first copy in the flush.
    private InetSocketAddress[] receivers = new InetSocketAddress[64];
    private int[] firstCopy = new int[64];
    private int[] lastCopy = new int[64];
    // The receiver's open run as {@link #writeTo} will cut it: its segment size, its copies, and
    // whether it takes no more (its last copy was shorter, or its first too big for GSO).
    private int[] runSize = new int[64];
    private int[] runSegments = new int[64];
    private boolean[] runEnded = new boolean[64];
    private int receiverCount;
    /** The GSO sends and lone datagrams the queued copies will make, should the writer segment. */
    private int sends;
    /** The receiver after the last one found: a packet's fan-out visits its receivers in the same order each time. */
    private int expectedReceiver;
    /** The bytes of the run {@link #run(int)} last found. */
    private int runBytes;

    /** Copies queued for a receiver that already had one in the flush, and of those, of its previous one's size. */
    private final AtomicLong sameReceiverCopies = new AtomicLong();
    private final AtomicLong sameReceiverSameSizeCopies = new AtomicLong();
    /** Copies handed to the writer inside a GSO run. */
    private final AtomicLong segmentedCopies = new AtomicLong();

    FlushQueue(ByteBufAllocator allocator) {
        this.allocator = allocator;
        this.own = allocator.directBuffer(BUFFER_BYTES, BUFFER_BYTES);
        this.current = own;
        this.runs = allocator.directBuffer(BUFFER_BYTES, BUFFER_BYTES);
    }

    int size() {
        return copies;
    }

    /** Copies {@code bytes[offset, offset+length)} in, for {@code to}; the array is free on return. */
    void add(byte[] bytes, int offset, int length, InetSocketAddress to) {
        if (current.writableBytes() < length) {
            current = extraBuffer(length);
        }
        int copy = copies;
        if (copy == copyOffset.length) {
            int more = copy * 2;
            copyBuffer = Arrays.copyOf(copyBuffer, more);
            copyOffset = Arrays.copyOf(copyOffset, more);
            copyLength = Arrays.copyOf(copyLength, more);
            copyNext = Arrays.copyOf(copyNext, more);
        }
        copyBuffer[copy] = current;
        copyOffset[copy] = current.writerIndex();
        copyLength[copy] = length;
        copyNext[copy] = -1;
        current.writeBytes(bytes, offset, length);
        copies++;

        int receiver = receiver(to);
        if (receiver < 0) {
            receiver = newReceiver(to);
            firstCopy[receiver] = copy;
            openRun(receiver, length);
        } else {
            int previous = lastCopy[receiver];
            copyNext[previous] = copy;
            // Written by the media thread alone, read by any: no read-modify-write needed.
            sameReceiverCopies.lazySet(sameReceiverCopies.get() + 1);
            if (copyLength[previous] == length) {
                sameReceiverSameSizeCopies.lazySet(sameReceiverSameSizeCopies.get() + 1);
            }
            if (BurstWriter.joinsRun(runSize[receiver], runSegments[receiver], runEnded[receiver], length)) {
                runSegments[receiver]++;
                runEnded[receiver] = length < runSize[receiver];
            } else {
                openRun(receiver, length);
            }
        }
        lastCopy[receiver] = copy;
        expectedReceiver = receiver + 1;
    }

    /** The receiver's next copy starts a send of its own: the same greedy cut as {@link #run(int)}. */
    private void openRun(int receiver, int length) {
        sends++;
        runSize[receiver] = length;
        runSegments[receiver] = 1;
        runEnded[receiver] = !BurstWriter.startsRun(length);
    }

    /**
     * The sends the kernel will be handed for the queued copies while the writer segments: a GSO send
     * per run, a plain one per lone copy ({@link #writeTo}'s cut, kept as copies are added). What a
     * flush costs the kernel follows this more than the copies: a run of six costs about half per
     * copy what six lone copies do (see MediaSocket's flush rule).
     */
    int sends() {
        return sends;
    }

    private int receiver(InetSocketAddress to) {
        int expected = expectedReceiver;
        if (expected < receiverCount && receivers[expected] == to) {
            return expected;
        }
        for (int i = 0; i < receiverCount; i++) {
            InetSocketAddress seen = receivers[i];
            if (seen == to || seen.equals(to)) {
                return i;
            }
        }
        return -1;
    }

    private int newReceiver(InetSocketAddress to) {
        if (receiverCount == receivers.length) {
            int more = receiverCount * 2;
            receivers = Arrays.copyOf(receivers, more);
            firstCopy = Arrays.copyOf(firstCopy, more);
            lastCopy = Arrays.copyOf(lastCopy, more);
            runSize = Arrays.copyOf(runSize, more);
            runSegments = Arrays.copyOf(runSegments, more);
            runEnded = Arrays.copyOf(runEnded, more);
        }
        receivers[receiverCount] = to;
        return receiverCount++;
    }

    /** A full buffer: the flush goes on in a pooled one, given back (to the copies that hold it) at {@link #clear()}. */
    private ByteBuf extraBuffer(int length) {
        if (extraCount == extra.length) {
            extra = Arrays.copyOf(extra, extraCount * 2);
        }
        ByteBuf buffer = allocator.directBuffer(Math.max(length, BUFFER_BYTES));
        extra[extraCount++] = buffer;
        return buffer;
    }

    /**
     * Hands every queued copy to {@code writer}, grouped by receiver: runs that GSO may send as one
     * (while the writer still segments) are written into the writer's run, the rest given over as
     * slices. Then the socket flushes, and {@link #clear()} empties the queue.
     */
    void writeTo(BurstWriter writer) {
        for (int r = 0; r < receiverCount; r++) {
            InetSocketAddress to = receivers[r];
            int copy = firstCopy[r];
            while (copy >= 0) {
                int run = writer.segmenting() ? run(copy) : 1;
                if (run == 1) {
                    writer.single(copyBuffer[copy].retainedSlice(copyOffset[copy], copyLength[copy]), to);
                    copy = copyNext[copy];
                    continue;
                }
                segmentedCopies.lazySet(segmentedCopies.get() + run);
                if (runs.writableBytes() >= runBytes) {
                    int start = runs.writerIndex();
                    int segmentSize = copyLength[copy];
                    for (int i = 0; i < run; i++) {
                        runs.writeBytes(copyBuffer[copy], copyOffset[copy], copyLength[copy]);
                        copy = copyNext[copy];
                    }
                    writer.run(runs.retainedSlice(start, runBytes), segmentSize, to);
                    continue;
                }
                // A flush with more than the kept buffer's worth of runs: the rest in pooled buffers.
                for (int i = 0; i < run; i++) {
                    int length = copyLength[copy];
                    // The run is known whole, so its buffer holds it exactly, not 16 copies' worth.
                    writer.next(to, length, runBytes).writeBytes(copyBuffer[copy], copyOffset[copy], length);
                    copy = copyNext[copy];
                }
            }
        }
    }

    /**
     * How many copies from {@code first} on, along its receiver's chain, GSO may send as one
     * ({@link BurstWriter#joinsRun}); their bytes in {@link #runBytes}.
     */
    private int run(int first) {
        int size = copyLength[first];
        runBytes = size;
        if (!BurstWriter.startsRun(size)) {
            return 1;
        }
        int segments = 1;
        boolean ended = false;
        for (int copy = copyNext[first]; copy >= 0 && BurstWriter.joinsRun(size, segments, ended, copyLength[copy]); copy = copyNext[copy]) {
            ended = copyLength[copy] < size;
            runBytes += copyLength[copy];
            segments++;
        }
        return segments;
    }

    /**
     * Empties the queue after its flush; the kept buffer is written from its start again only when no
     * copy holds it any more.
     */
    void clear() {
        Arrays.fill(copyBuffer, 0, copies, null);
        copies = 0;
        Arrays.fill(receivers, 0, receiverCount, null);
        receiverCount = 0;
        expectedReceiver = 0;
        sends = 0;
        for (int i = 0; i < extraCount; i++) {
            extra[i].release();
            extra[i] = null;
        }
        extraCount = 0;
        own = reusable(own);
        current = own;
        runs = reusable(runs);
    }

    /** The kept buffer, emptied, or a fresh one should a slice of it still be held. */
    private ByteBuf reusable(ByteBuf buffer) {
        if (buffer.refCnt() != 1) {
            // A slice of it still waits in the socket's queue (it should not: what the kernel does not
            // take in a flush is dropped); that copy keeps it, and the queue takes a fresh one.
            buffer.release();
            return allocator.directBuffer(BUFFER_BYTES, BUFFER_BYTES);
        }
        return buffer.clear();
    }

    /** Gives the buffers back; on the media thread, once nothing more is queued. */
    void release() {
        clear();
        own.release();
        runs.release();
    }

    /** Safe from any thread. */
    long sameReceiverCopies() {
        return sameReceiverCopies.get();
    }

    long sameReceiverSameSizeCopies() {
        return sameReceiverSameSizeCopies.get();
    }

    long segmentedCopies() {
        return segmentedCopies.get();
    }
}
