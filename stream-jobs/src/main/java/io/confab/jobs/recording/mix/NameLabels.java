package io.confab.jobs.recording.mix;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Participants' names rendered once per (name, size) into grey masks with Java2D (headless;
 * needs a font, which Debian's fonts-dejavu-core provides) and kept in a small LRU cache, since
 * the same few names are drawn 25 times a second. A name longer than the tile is cut with an
 * ellipsis.
 */
public final class NameLabels {

    /** Text coverage per pixel (0 = none, 255 = full), row by row. */
    public record Mask(int width, int height, byte[] alpha) { }

    private static final int CACHE = 64;

    private final Map<String, Mask> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Mask> eldest) {
            return size() > CACHE;
        }
    };

    /** {@code name} at a font size of {@code pixels}, at most {@code maxWidth} wide. */
    public Mask render(String name, int pixels, int maxWidth) {
        return cache.computeIfAbsent(name + '\u0000' + pixels + '\u0000' + maxWidth, key -> draw(name, pixels, maxWidth));
    }

    private static Mask draw(String name, int pixels, int maxWidth) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, pixels);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D measure = probe.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(font);
        String text = name;
        while (text.length() > 1 && metrics.stringWidth(text) > maxWidth) {
            text = text.substring(0, text.length() - 2) + "\u2026";
        }
        measure.dispose();
        int width = Math.max(2, Math.min(maxWidth, metrics.stringWidth(text)) + 2);
        int height = metrics.getAscent() + metrics.getDescent();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        g.drawString(text, 1, metrics.getAscent());
        g.dispose();
        byte[] alpha = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        return new Mask(width, height, alpha.clone());
    }
}
