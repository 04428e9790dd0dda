package io.confab.jobs.recording.post;

import io.confab.jobs.recording.mix.Canvas;
import io.confab.jobs.recording.mix.NameLabels;
import io.confab.jobs.recording.mix.Tile;
import io.confab.jobs.recording.output.Thumbnails;
import io.confab.media.picture.I420Frame;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A recording at a glance: twelve stills spread evenly over it in a 4x3 grid, each with its time
 * (h:mm:ss) in the corner, as one JPEG.
 */
public final class ContactSheet {

    /** One still of the recording, {@code atMs} from its start. */
    public record Still(long atMs, I420Frame picture) { }

    public static final int COLUMNS = 4;
    public static final int ROWS = 3;
    public static final int STILLS = COLUMNS * ROWS;
    static final int TILE_WIDTH = 308;
    static final int TILE_HEIGHT = 174;
    static final int GAP = 8;

    private ContactSheet() {
    }

    public static byte[] jpeg(List<Still> stills) throws IOException {
        int width = COLUMNS * TILE_WIDTH + (COLUMNS + 1) * GAP;
        int height = ROWS * TILE_HEIGHT + (ROWS + 1) * GAP;
        Canvas canvas = new Canvas(width, height);
        canvas.clear();
        NameLabels labels = new NameLabels();
        for (int i = 0; i < Math.min(STILLS, stills.size()); i++) {
            Still still = stills.get(i);
            Tile tile = new Tile(GAP + (i % COLUMNS) * (TILE_WIDTH + GAP), GAP + (i / COLUMNS) * (TILE_HEIGHT + GAP), TILE_WIDTH, TILE_HEIGHT);
            canvas.draw(still.picture(), tile);
            long seconds = still.atMs() / 1000;
            String time = String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
            NameLabels.Mask mask = labels.render(time, 16, TILE_WIDTH - 8);
            canvas.fill(new Tile(tile.x(), tile.y(), (mask.width() + 8) & ~1, (mask.height() + 4) & ~1), new int[] {16, 128, 128});
            canvas.label(mask, tile.x() + 4, tile.y() + 2);
        }
        return Thumbnails.jpeg(canvas, width, height);
    }
}
