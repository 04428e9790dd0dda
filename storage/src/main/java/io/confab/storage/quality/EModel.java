package io.confab.storage.quality;

/**
 * ITU-T G.107 (06/2015) E-model for one interval of a voice stream, from what RTCP gives: packet
 * loss, interarrival jitter and round-trip time.
 *
 * <pre>
 * one-way delay Ta = RTT/2 + jitter buffer (2 x jitter) + one Opus frame (20 ms)
 * Id     = Idd(Ta)                                  G.107 7.3; Idte and Idle at their default-parameter values are folded into R0
 * Ie-eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl)   G.107 eq. 7-29, random loss (BurstR = 1)
 * R      = 93.2 - Id - Ie-eff                       93.2: R with every other parameter at its G.107 default
 * MOS    = 1 + 0.035 R + R (R - 60)(100 - R) 7e-6   G.107 Annex B, 1 below R = 0 and 4.5 above R = 100
 * </pre>
 *
 * <p>Opus has no equipment-impairment values in G.113 Appendix I, so these are our choice: Ie = 0
 * (Opus at the 20-32 kbit/s WebRTC uses is transparent on the narrowband R scale, as G.711 is,
 * Ie 0) and Bpl = 20, between G.113's G.729A+VAD (19) and G.711 with packet-loss concealment
 * (25.1), because Opus conceals lost frames but its frames are longer than G.711's. Jitter enters
 * only as jitter-buffer delay: the jitter buffer turns late packets into delay, and packets it
 * drops are not in RTCP's loss, a known limit of estimating from RTCP.
 */
public final class EModel {

    /** Opus equipment impairment (see the class comment for why these values). */
    public static final double OPUS_IE = 0;
    /** Opus packet-loss robustness. */
    public static final double OPUS_BPL = 20;
    /** R with every G.107 parameter at its default and no codec, delay or loss impairment. */
    public static final double R_DEFAULT = 93.2;
    /** One Opus frame, the packetization delay WebRTC uses. */
    public static final double FRAME_MS = 20;
    /** Below this MOS (R about 70) G.107 Annex B has "many users dissatisfied": we call the interval bad. */
    public static final double BAD_MOS = 3.6;

    /** One interval's estimate. */
    public record Estimate(double oneWayDelayMs, double id, double ieEff, double r, double mos) {
    }

    private EModel() {
    }

    /**
     * @param fractionLost 0..1 in the interval
     * @param jitterMs     RFC 3550 interarrival jitter in milliseconds
     * @param rttMs        round-trip time in milliseconds, or null when unknown (then the network delay is taken as 0)
     */
    public static Estimate estimate(double fractionLost, double jitterMs, Double rttMs) {
        double ta = (rttMs == null ? 0 : rttMs / 2) + 2 * jitterMs + FRAME_MS;
        double id = idd(ta);
        double ieEff = ieEff(OPUS_IE, OPUS_BPL, 100 * Math.max(0, Math.min(1, fractionLost)), 1);
        double r = R_DEFAULT - id - ieEff;
        return new Estimate(ta, id, ieEff, r, mos(r));
    }

    /** G.107 7.3, absolute-delay impairment with mT = 100 ms and sT = 1: zero up to 100 ms. */
    public static double idd(double taMs) {
        if (taMs <= 100) {
            return 0;
        }
        double x = Math.log(taMs / 100) / Math.log(2);
        return 25 * (Math.pow(1 + Math.pow(x, 6), 1.0 / 6) - 3 * Math.pow(1 + Math.pow(x / 3, 6), 1.0 / 6) + 2);
    }

    /** G.107 eq. 7-29. */
    public static double ieEff(double ie, double bpl, double pplPercent, double burstR) {
        return ie + (95 - ie) * pplPercent / (pplPercent / burstR + bpl);
    }

    /** G.107 Annex B, eq. B-4. */
    public static double mos(double r) {
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
    }
}
