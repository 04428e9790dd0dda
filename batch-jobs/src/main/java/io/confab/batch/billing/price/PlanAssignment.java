package io.confab.batch.billing.price;

import java.io.Serializable;
import java.time.LocalDate;

/** From {@code from} (a UTC day, inclusive) the account is on {@code plan}, until its next assignment. */
public record PlanAssignment(String plan, LocalDate from) implements Serializable {
}
