package io.confab.jobs.usage.state;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A processor context that stands in front of another, as the in-process bench's timing wrapper
 * does. A processor that needs Kafka Streams' own context (the meeting fold, which forwards from a
 * commit's cache flush, outside any processor call) reaches it through {@link #ownContext}.
 */
public interface WrappedContext {

    /** The context this one stands in front of. */
    ProcessorContext<?, ?> wrapped();

    /** The context under every wrapper around {@code context}. */
    static ProcessorContext<?, ?> ownContext(ProcessorContext<?, ?> context) {
        ProcessorContext<?, ?> own = context;
        while (own instanceof WrappedContext wrapper) {
            own = wrapper.wrapped();
        }
        return own;
    }
}
