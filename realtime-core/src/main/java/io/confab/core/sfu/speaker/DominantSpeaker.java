package io.confab.core.sfu.speaker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a meeting's dominant speaker from RFC 6464 audio levels, with enough hysteresis that the
 * choice does not flap, and keeps the order in which participants were last dominant (for last-N).
 *
 * <p>The algorithm, with the {@link DominantSpeakerConfig#DEFAULT defaults} in brackets:
 * <ol>
 *   <li>Each level becomes a loudness in dB above silence ({@code 127 - level}). A sample quieter than
 *       {@code speechLevel} [-50 dBov], or one whose V flag says no voice, counts as 0: noise and pauses
 *       never compete.</li>
 *   <li>Each participant's loudness is the mean of its samples in the last {@code smoothingWindow}
 *       [300 ms]. Samples leave the window by age, so a sender that stops sending (Opus DTX) fades to
 *       zero within one window.</li>
 *   <li>A participant is <em>speaking</em> while its speech samples are less than a window apart; a
 *       <em>speech run</em> starts at the first speech sample after a longer gap.</li>
 *   <li>When there is no dominant speaker, or the current one has had no speech sample for
 *       {@code silenceYield} [2 s], the loudest participant speaking now whose speech run spans at least
 *       one window (first to latest speech sample) takes over at once: a finished turn hands over
 *       quickly, a cough does not.</li>
 *   <li>Otherwise a challenger takes over only after its smoothed loudness has stayed at least
 *       {@code switchMarginDb} [6 dB] above the current speaker's for {@code switchAfter} [1 s], counted
 *       from the first update or tick at which it was that much louder; if several qualify, the loudest.
 *       A dip below the margin starts the count again, so interjections do not take the floor.</li>
 *   <li>Silence alone never clears the dominant speaker: the last one to speak stays on stage.</li>
 *   <li>When the dominant speaker leaves, the loudest one speaking takes over, or else the one who was
 *       dominant most recently before (see {@link #leave}).</li>
 * </ol>
 * Decisions are made on every {@link #onAudioLevel} and {@link #tick}; call {@code tick} every 100 ms or
 * so, because DTX means a speaker who stops sends nothing that would trigger a decision.
 *
 * <p>Time is the caller's, in nanoseconds from any fixed origin (e.g. {@link System#nanoTime()}); a time
 * earlier than one already seen is read as the latest one seen. Recording a level allocates nothing
 * once the participant is known. Not thread-safe: it belongs to the meeting's media thread.
 */
public final class DominantSpeaker {

    private final DominantSpeakerConfig config;
    private final long windowNanos;
    private final long switchAfterNanos;
    private final long silenceYieldNanos;
    private final Map<String, Voice> voicesById = new HashMap<>();
    /** The same voices in join order, walked by index so a decision allocates no iterator. */
    private final List<Voice> voices = new ArrayList<>();
    /** Everyone, most recently dominant first; those never dominant follow in join order. */
    private final List<String> recentSpeakers = new ArrayList<>();
    private Voice dominant;
    private long latestNanos = Long.MIN_VALUE;
    private long rejectedLevels;

    public DominantSpeaker(DominantSpeakerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.windowNanos = config.smoothingWindow().toNanos();
        this.switchAfterNanos = config.switchAfter().toNanos();
        this.silenceYieldNanos = config.silenceYield().toNanos();
    }

    public DominantSpeaker() {
        this(DominantSpeakerConfig.DEFAULT);
    }

    /** Adds a participant who has not sent audio yet, so it has a place in {@link #recentSpeakers()}. */
    public void join(String participantId) {
        voiceOf(participantId);
    }

    /** An audio level without a V flag (RFC 6464 §3 with vad=off): only the level decides. */
    public Optional<String> onAudioLevel(String participantId, int level, long nowNanos) {
        return onAudioLevel(participantId, level, true, nowNanos);
    }

    /**
     * Records one packet's audio level and decides.
     *
     * @param level 0..127 (-dBov); anything else is counted in {@link #rejectedLevels()} and ignored
     * @param voice the RFC 6464 V flag; false makes the sample silence whatever its level
     * @return the new dominant speaker if this sample changed it, else empty
     */
    public Optional<String> onAudioLevel(String participantId, int level, boolean voice, long nowNanos) {
        Objects.requireNonNull(participantId, "participantId");
        if (level < 0 || level > DominantSpeakerConfig.SILENCE) {
            rejectedLevels++;
            return Optional.empty();
        }
        long now = advance(nowNanos);
        boolean speech = voice && level <= config.speechLevel();
        voiceOf(participantId).hear(speech ? DominantSpeakerConfig.SILENCE - level : 0, now);
        return decide(now);
    }

    /** Lets time pass without a packet: windows drain and a silent speaker can be replaced. */
    public Optional<String> tick(long nowNanos) {
        return decide(advance(nowNanos));
    }

    /**
     * Forgets a participant who left. If it was dominant, the loudest one speaking takes over, or else the
     * first of {@link #recentSpeakers()} left (the most recently dominant, or failing that the earliest to
     * join); the result names the successor, empty if there is none (then {@link #dominant()} is empty
     * too) or if the participant was not dominant.
     */
    public Optional<String> leave(String participantId, long nowNanos) {
        Voice leaving = voicesById.remove(participantId);
        if (leaving == null) {
            return Optional.empty();
        }
        voices.remove(leaving);
        recentSpeakers.remove(participantId);
        if (leaving != dominant) {
            return Optional.empty();
        }
        dominant = null;
        long now = advance(nowNanos);
        expireAll(now);
        Voice successor = loudest(now, false);
        if (successor == null && !recentSpeakers.isEmpty()) {
            successor = voicesById.get(recentSpeakers.get(0));
        }
        return successor == null ? Optional.empty() : Optional.of(promote(successor));
    }

    public Optional<String> dominant() {
        return dominant == null ? Optional.empty() : Optional.of(dominant.participantId);
    }

    /** Every known participant, most recently dominant first, then those never dominant in join order. */
    public List<String> recentSpeakers() {
        return List.copyOf(recentSpeakers);
    }

    /** The smoothed loudness in dB above silence, as of the last update or tick; 0 for strangers. */
    public double smoothedLoudness(String participantId) {
        Voice voice = voicesById.get(participantId);
        return voice == null ? 0 : voice.window.meanLoudness();
    }

    /** Levels outside RFC 6464's 0..127 that were dropped; a parser bug upstream if ever non-zero. */
    public long rejectedLevels() {
        return rejectedLevels;
    }

    private long advance(long nowNanos) {
        latestNanos = Math.max(latestNanos, nowNanos);
        return latestNanos;
    }

    private Voice voiceOf(String participantId) {
        Voice voice = voicesById.get(participantId);
        if (voice == null) {
            voice = new Voice(participantId, windowNanos);
            voicesById.put(participantId, voice);
            voices.add(voice);
            recentSpeakers.add(participantId);
        }
        return voice;
    }

    private void expireAll(long now) {
        for (int i = 0; i < voices.size(); i++) {
            voices.get(i).window.expire(now);
        }
    }

    private Optional<String> decide(long now) {
        expireAll(now);
        trackLeads(now);
        if (dominant == null || dominant.silentFor(now) >= silenceYieldNanos) {
            Voice taker = loudest(now, true);
            return taker == null ? Optional.empty() : Optional.of(promote(taker));
        }
        Voice challenger = null;
        for (int i = 0; i < voices.size(); i++) {
            Voice voice = voices.get(i);
            if (voice.leading && now - voice.leadingSince >= switchAfterNanos
                    && (challenger == null || voice.window.meanLoudness() > challenger.window.meanLoudness())) {
                challenger = voice;
            }
        }
        return challenger == null ? Optional.empty() : Optional.of(promote(challenger));
    }

    /** Starts or breaks each challenger's run of being clearly louder than the dominant speaker. */
    private void trackLeads(long now) {
        double bar = dominant == null ? 0 : dominant.window.meanLoudness() + config.switchMarginDb();
        for (int i = 0; i < voices.size(); i++) {
            Voice voice = voices.get(i);
            boolean louder = dominant != null && voice != dominant && voice.window.meanLoudness() > 0
                    && voice.window.meanLoudness() >= bar;
            if (louder && !voice.leading) {
                voice.leadingSince = now;
            }
            voice.leading = louder;
        }
    }

    /**
     * The loudest participant other than the dominant one that is speaking now, or null.
     *
     * @param settled also require a speech run spanning at least one window, which keeps clicks off the stage
     */
    private Voice loudest(long now, boolean settled) {
        Voice loudest = null;
        for (int i = 0; i < voices.size(); i++) {
            Voice voice = voices.get(i);
            if (voice != dominant && voice.speaking(now)
                    && (!settled || voice.lastSpeechAt - voice.speechStartedAt >= windowNanos)
                    && voice.window.meanLoudness() > 0
                    && (loudest == null || voice.window.meanLoudness() > loudest.window.meanLoudness())) {
                loudest = voice;
            }
        }
        return loudest;
    }

    private String promote(Voice voice) {
        dominant = voice;
        recentSpeakers.remove(voice.participantId);
        recentSpeakers.add(0, voice.participantId);
        for (int i = 0; i < voices.size(); i++) {
            voices.get(i).leading = false;
        }
        return voice.participantId;
    }

    /** One participant's audio as the detector sees it. */
    private static final class Voice {
        final String participantId;
        final LevelWindow window;
        final long windowNanos;
        boolean hasSpoken;
        long speechStartedAt;
        long lastSpeechAt;
        boolean leading;
        long leadingSince;

        Voice(String participantId, long windowNanos) {
            this.participantId = participantId;
            this.window = new LevelWindow(windowNanos);
            this.windowNanos = windowNanos;
        }

        void hear(int loudness, long now) {
            window.add(now, loudness);
            if (loudness > 0) {
                if (!speaking(now)) {
                    speechStartedAt = now;
                }
                hasSpoken = true;
                lastSpeechAt = now;
            }
        }

        /** Speech samples less than a window apart make one run; a longer gap ends it. */
        boolean speaking(long now) {
            return hasSpoken && now - lastSpeechAt < windowNanos;
        }

        long silentFor(long now) {
            return hasSpoken ? now - lastSpeechAt : Long.MAX_VALUE;
        }
    }
}
