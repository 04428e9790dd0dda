package io.confab.jobs.usage.bench;

import io.confab.jobs.usage.state.WrappedContext;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Times the topology's own work on the stream thread: the CPU of every outermost processor call
 * (a source's first processor, with everything it forwards to down to the sinks, its state store
 * writes and their changelog records handed to the producer) and of every punctuation. What the
 * test driver does between those calls (its commit after every record, re-reading what was
 * produced, matching topics) is not in it. Set as Kafka Streams' {@code processor.wrapper.class}
 * with the clock itself under {@link #CONFIG}: the bench's way to measure the meter rather than
 * the driver. Only one stream thread may use one clock.
 */
public final class ProcessorClock implements ProcessorWrapper {

    /** The config key whose value is the {@link Total} this wrapper adds to. */
    public static final String CONFIG = "confab.bench.processor-clock";

    /** CPU nanoseconds of the timed calls, and how many calls were timed. */
    public static final class Total {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private int depth;
        private long nanos;
        private long calls;

        public long nanos() {
            return nanos;
        }

        public long calls() {
            return calls;
        }

        public void reset() {
            nanos = 0;
            calls = 0;
        }

        /** Nested calls (a processor forwarding to the next) are inside the outermost one's time. */
        private long enter() {
            return depth++ == 0 ? threads.getCurrentThreadCpuTime() : -1;
        }

        private void exit(long start) {
            depth--;
            if (start >= 0) {
                nanos += threads.getCurrentThreadCpuTime() - start;
                calls++;
            }
        }

        /** Times {@code call} (a processor's process, a punctuator) unless it is nested in a timed call. */
        <T> void time(Consumer<T> call, T argument) {
            long start = enter();
            try {
                call.accept(argument);
            } finally {
                exit(start);
            }
        }
    }

    private Total total;

    @Override
    public void configure(Map<String, ?> configs) {
        Object clock = configs.get(CONFIG);
        if (!(clock instanceof Total configured)) {
            throw new IllegalArgumentException(CONFIG + " must hold a " + Total.class.getName() + ", not " + clock);
        }
        this.total = configured;
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        Total clock = total;
        return new WrappedProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new Timed<>(supplier.get(), clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        Total clock = total;
        return new WrappedFixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<KIn, VIn, VOut> get() {
                FixedKeyProcessor<KIn, VIn, VOut> inner = supplier.get();
                Consumer<FixedKeyRecord<KIn, VIn>> process = inner::process;
                // No punctuation of the meter's is scheduled by a fixed-key processor: process is all there is to time.
                return new FixedKeyProcessor<>() {
                    @Override
                    public void init(FixedKeyProcessorContext<KIn, VOut> context) {
                        inner.init(context);
                    }

                    @Override
                    public void process(FixedKeyRecord<KIn, VIn> record) {
                        clock.time(process, record);
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    private static final class Timed<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final Processor<KIn, VIn, KOut, VOut> inner;
        private final Consumer<Record<KIn, VIn>> process;
        private final Total clock;

        Timed(Processor<KIn, VIn, KOut, VOut> inner, Total clock) {
            this.inner = inner;
            // Made once: a method reference per record would allocate inside the time it measures.
            this.process = inner::process;
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            inner.init(new TimedPunctuations<>(context, clock));
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            clock.time(process, record);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** The processor's own context, except that its punctuations are timed too (the meeting fold's ticks). */
    private record TimedPunctuations<K, V>(ProcessorContext<K, V> context, Total clock) implements ProcessorContext<K, V>, WrappedContext {

        @Override
        public ProcessorContext<?, ?> wrapped() {
            return context;
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            Consumer<Long> punctuate = callback::punctuate;
            return context.schedule(interval, type, timestamp -> clock.time(punctuate, timestamp));
        }

        @Override
        public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
            context.forward(record);
        }

        @Override
        public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
            context.forward(record, childName);
        }

        @Override
        public String applicationId() {
            return context.applicationId();
        }

        @Override
        public TaskId taskId() {
            return context.taskId();
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return context.recordMetadata();
        }

        @Override
        public Serde<?> keySerde() {
            return context.keySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return context.valueSerde();
        }

        @Override
        public File stateDir() {
            return context.stateDir();
        }

        @Override
        public StreamsMetrics metrics() {
            return context.metrics();
        }

        @Override
        public <S extends StateStore> S getStateStore(String name) {
            return context.getStateStore(name);
        }

        @Override
        public void commit() {
            context.commit();
        }

        @Override
        public Map<String, Object> appConfigs() {
            return context.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return context.appConfigsWithPrefix(prefix);
        }

        @Override
        public long currentSystemTimeMs() {
            return context.currentSystemTimeMs();
        }

        @Override
        public long currentStreamTimeMs() {
            return context.currentStreamTimeMs();
        }
    }
}
