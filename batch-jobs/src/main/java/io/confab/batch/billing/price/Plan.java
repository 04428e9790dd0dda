package io.confab.batch.billing.price;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an account pays per month on one plan. Every quantity here is for a whole month; a plan in
 * effect for part of a month is prorated by days (see {@link PriceBook}).
 */
public record Plan(String name, BigDecimal monthlyFee, long includedParticipantMinutes, List<Tier> participantMinuteTiers,
                   BigDecimal recordingStoragePerGbMonth, BigDecimal transcriptionPerMinute) implements Serializable {

    public Plan {
        participantMinuteTiers = List.copyOf(participantMinuteTiers);
    }
}
