package io.confab.jobs.recording.mix;

import io.confab.jobs.recording.Participant;
import io.confab.media.picture.I420Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Paints one output frame: a tile per participant on screen in the layout's places, each with the
 * participant's latest picture scaled to fit and their name at the bottom, or a name tile for
 * someone with the camera off or no picture yet; in the gallery the active speaker's tile is
 * framed. Which people are on screen comes from {@link OnScreen}, their pictures from the video
 * tracks.
 */
public final class Compositor {

    private final Layout layout;
    private final Canvas canvas;
    private final NameLabels labels = new NameLabels();

    public Compositor(Layout layout, Canvas canvas) {
        this.layout = layout;
        this.canvas = canvas;
    }

    public Canvas canvas() {
        return canvas;
    }

    public void compose(List<Participant> present, String speaker, Function<String, I420Frame> pictures) {
        List<Participant> shown = choose(present, speaker);
        List<Tile> tiles = layout.tiles(shown.size());
        canvas.clear();
        for (int i = 0; i < tiles.size(); i++) {
            Participant participant = shown.get(i);
            Tile tile = tiles.get(i);
            I420Frame picture = participant.videoMuted() ? null : pictures.apply(participant.id());
            if (picture == null) {
                nameTile(participant.name(), tile);
            } else {
                canvas.draw(picture, tile);
                caption(participant.name(), tile);
            }
            if (layout == Layout.GALLERY && shown.size() > 1 && participant.id().equals(speaker)) {
                canvas.border(tile, Math.max(2, tile.height() / 90), Canvas.SPEAKER_BORDER);
            }
        }
    }

    /** Who gets a tile: join order, with the active speaker first in SPEAKER and always kept on screen. */
    List<Participant> choose(List<Participant> present, String speaker) {
        List<Participant> order = new ArrayList<>(present);
        Participant active = order.stream().filter(p -> p.id().equals(speaker)).findFirst().orElse(null);
        if (active != null && (layout == Layout.SPEAKER || order.indexOf(active) >= layout.capacity())) {
            order.remove(active);
            order.add(layout == Layout.SPEAKER ? 0 : layout.capacity() - 1, active);
        }
        return order.size() > layout.capacity() ? order.subList(0, layout.capacity()) : order;
    }

    private void nameTile(String name, Tile tile) {
        canvas.fill(tile, Canvas.NAME_TILE);
        int size = Math.max(12, tile.height() / 8);
        NameLabels.Mask mask = labels.render(name, size, tile.width() - 16);
        canvas.label(mask, tile.x() + (tile.width() - mask.width()) / 2, tile.y() + (tile.height() - mask.height()) / 2);
    }

    private void caption(String name, Tile tile) {
        int size = Math.max(10, tile.height() / 14);
        NameLabels.Mask mask = labels.render(name, size, tile.width() - 16);
        int pad = Math.max(2, size / 4) & ~1;
        int boxWidth = Math.min(tile.width(), mask.width() + 2 * pad);
        int boxHeight = Math.min(tile.height(), mask.height() + 2 * pad);
        Tile box = Tile.even(tile.x(), tile.y() + tile.height() - boxHeight, boxWidth, boxHeight);
        canvas.fill(box, Canvas.BACKGROUND);
        canvas.label(mask, box.x() + pad, box.y() + pad);
    }
}
