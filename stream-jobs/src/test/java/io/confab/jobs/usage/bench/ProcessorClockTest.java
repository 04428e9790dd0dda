package io.confab.jobs.usage.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's processor clock times each outermost call once, nested processors inside it, and punctuations. */
class ProcessorClockTest {

    @Test
    void timesOutermostCallsAndPunctuationsOnce() throws Exception {
        ProcessorClock.Total total = new ProcessorClock.Total();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "clock-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("clock-test").toString());
        props.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, ProcessorClock.class.getName());
        props.put(ProcessorClock.CONFIG, total);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
        int[] punctuations = {0};
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new ContextualProcessor<String, String, String, String>() {
                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        super.init(context);
                        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, at -> punctuations[0]++);
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        context().forward(record.withValue(record.value() + "!"));
                    }
                })
                .mapValues(value -> value + "?")
                .process(() -> new ContextualProcessor<String, String, String, String>() {
                    @Override
                    public void process(Record<String, String> record) {
                        context().forward(record);
                    }
                })
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, Instant.parse("2026-12-05T06:00:00Z"))) {
            total.reset();
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            for (int i = 0; i < 5; i++) {
                in.pipeInput("k", "v" + i);
            }
            assertEquals(5, total.calls(), "one timed call per record, however many processors it passed");
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertEquals(1, punctuations[0]);
            assertEquals(6, total.calls(), "and one per punctuation");
            assertTrue(total.nanos() > 0, "some CPU time was taken: " + total.nanos());
        }
    }

    @Test
    void refusesAConfigWithoutItsTotal() {
        ProcessorClock clock = new ProcessorClock();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> clock.configure(java.util.Map.of(ProcessorClock.CONFIG, "a string")));
        assertTrue(e.getMessage().contains(ProcessorClock.CONFIG), e.getMessage());
    }
}
