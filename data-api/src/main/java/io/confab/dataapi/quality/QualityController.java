package io.confab.dataapi.quality;

import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/meetings/{id}/quality}: who had a bad call and when. Only rows of the caller's
 * account are shown (a guest: only its own meeting); another account's meeting answers as one with
 * no samples, so its existence does not leak.
 */
@RestController
@Tag(name = "call quality", description = "Per-participant MOS timelines (ITU-T G.107 E-model) from media.quality")
@SecurityRequirement(name = "bearer")
public class QualityController {

    private static final int MAX_DAYS = 31;

    private final QualityStore store;
    private final ParticipantNames names;
    private final Clock clock;

    public QualityController(QualityStore store, ParticipantNames names, Clock clock) {
        this.store = store;
        this.names = names;
        this.clock = clock;
    }

    @GetMapping({"/api/meetings/{meetingId}/quality", "/api/data/meetings/{meetingId}/quality"})
    @Operation(summary = "A meeting's participants' call-quality timelines, worst first, each with its name in the meeting",
            description = "Audio intervals with loss, jitter, RTT, R and MOS per participant and direction; UTC days from..to "
                    + "(default: today), at most 31. badIntervals counts intervals with MOS below badMos (3.6, R about 70).")
    public CallQuality quality(@Parameter(hidden = true) Caller caller, @PathVariable String meetingId,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        if (caller.guest() && !meetingId.equals(caller.meetingId())) {
            return CallQuality.of(meetingId, List.of(), List.of());
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate first = day("from", from, to == null ? today : day("to", to, today));
        LocalDate last = day("to", to, from == null ? today : first);
        if (last.isBefore(first)) {
            throw Problems.invalid("to " + last + " is before from " + first);
        }
        if (first.plusDays(MAX_DAYS - 1).isBefore(last)) {
            throw Problems.invalid("at most " + MAX_DAYS + " days at once, got " + first + ".." + last);
        }
        List<LocalDate> days = new ArrayList<>();
        List<QualityPoint> points = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
            store.ofMeeting(meetingId, d).stream().filter(p -> p.accountId().equals(caller.accountId())).forEach(points::add);
        }
        return CallQuality.of(meetingId, days, points, points.isEmpty() ? Map.of() : names.of(meetingId));
    }

    private static LocalDate day(String name, String value, LocalDate fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(name + " must be a date like 2026-12-03, got '" + value + "'");
        }
    }
}
