package io.confab.batch.billing.price;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Plans, their prices and which account is on which plan when. An account without an assignment is
 * on {@code defaultPlan}. Money is exact ({@link BigDecimal}); {@link io.confab.batch.billing.invoice.Pricing}
 * states how it is rounded.
 */
public record PriceBook(String currency, BigDecimal taxRate, String defaultPlan, Map<String, Plan> plans,
                        Map<String, List<PlanAssignment>> accounts) implements Serializable {

    public PriceBook {
        plans = Map.copyOf(plans);
        accounts = Map.copyOf(accounts);
    }

    /** One stretch of a month on one plan: days {@code first}..{@code last}, inclusive. */
    public record Period(Plan plan, LocalDate first, LocalDate last) implements Serializable {
        public int days() {
            return (int) (last.toEpochDay() - first.toEpochDay() + 1);
        }

        public boolean contains(LocalDate day) {
            return !day.isBefore(first) && !day.isAfter(last);
        }
    }

    /** The account's plans over {@code month}, in day order, covering every day of it. */
    public List<Period> periods(String accountId, YearMonth month) {
        List<PlanAssignment> assigned = new ArrayList<>(accounts.getOrDefault(accountId, List.of()));
        assigned.sort(Comparator.comparing(PlanAssignment::from));
        List<Period> periods = new ArrayList<>();
        LocalDate day = month.atDay(1);
        LocalDate end = month.atEndOfMonth();
        while (!day.isAfter(end)) {
            String planName = defaultPlan;
            LocalDate next = end.plusDays(1);
            for (PlanAssignment assignment : assigned) {
                if (!assignment.from().isAfter(day)) {
                    planName = assignment.plan();
                } else {
                    next = next.isBefore(assignment.from()) ? next : assignment.from();
                    break;
                }
            }
            LocalDate last = next.minusDays(1);
            periods.add(new Period(plans.get(planName), day, last));
            day = next;
        }
        return periods;
    }
}
