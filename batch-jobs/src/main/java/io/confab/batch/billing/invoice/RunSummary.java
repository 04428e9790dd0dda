package io.confab.batch.billing.invoice;

import java.util.Map;

/**
 * What one billing run read and left out, written beside the invoices as {@code summary.json}.
 * Rejections are counted and reported, not dead-lettered again: the streaming meter reads the same
 * records and already sends them to the topics' dead-letter topics, and a second copy of each would
 * make the dead-letter topics disagree with the meter's counts.
 */
public record RunSummary(String month, String runner, long recordsRead, long duplicates, long stillOpenPresences,
                         Map<String, Long> rejectedByTopic, java.util.List<String> sampleRejections, int invoices) {
}
