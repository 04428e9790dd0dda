package io.confab.jobs.recording.mix;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each participant goes in the 1280x720 composite. Gallery: an even grid of 16:9 tiles, up to
 * 3x3 (Zoom's and Jitsi's recordings do the same), the active speaker kept on screen when more
 * people are present than fit. Speaker: the active speaker large, up to four others in a strip below.
 */
public enum Layout {
    GALLERY, SPEAKER;

    public static final int WIDTH = 1280;
    public static final int HEIGHT = 720;
    /** Nine tiles is the most that stay readable at 720p (each 416x234). */
    public static final int MAX_TILES = 9;
    static final int GAP = 8;
    static final int STRIP_TILES = 4;

    /**
     * Tiles for {@code count} participants in the order given; the caller puts the speaker where it
     * wants them (first for SPEAKER). {@code count} above the layout's capacity is cut.
     */
    public List<Tile> tiles(int count) {
        return this == GALLERY ? gallery(Math.min(count, MAX_TILES)) : speaker(Math.min(count, 1 + STRIP_TILES));
    }

    /** How many participants this layout shows at most. */
    public int capacity() {
        return this == GALLERY ? MAX_TILES : 1 + STRIP_TILES;
    }

    private static List<Tile> gallery(int count) {
        List<Tile> tiles = new ArrayList<>();
        if (count == 0) {
            return tiles;
        }
        int columns = (int) Math.ceil(Math.sqrt(count));
        int rows = (count + columns - 1) / columns;
        int cellWidth = (WIDTH - GAP * (columns + 1)) / columns;
        int cellHeight = (HEIGHT - GAP * (rows + 1)) / rows;
        // Largest 16:9 tile inside a cell, so every tile has the cameras' shape.
        int tileWidth = Math.min(cellWidth, cellHeight * 16 / 9);
        int tileHeight = tileWidth * 9 / 16;
        int gridHeight = rows * tileHeight + (rows - 1) * GAP;
        int top = (HEIGHT - gridHeight) / 2;
        for (int i = 0; i < count; i++) {
            int row = i / columns;
            int inRow = row == rows - 1 ? count - row * columns : columns;
            int rowWidth = inRow * tileWidth + (inRow - 1) * GAP;
            int left = (WIDTH - rowWidth) / 2;
            int column = i - row * columns;
            tiles.add(Tile.even(left + column * (tileWidth + GAP), top + row * (tileHeight + GAP), tileWidth, tileHeight));
        }
        return tiles;
    }

    private static List<Tile> speaker(int count) {
        List<Tile> tiles = new ArrayList<>();
        if (count == 0) {
            return tiles;
        }
        if (count == 1) {
            tiles.add(new Tile(0, 0, WIDTH, HEIGHT));
            return tiles;
        }
        int stripHeight = HEIGHT / 5;
        int mainHeight = HEIGHT - stripHeight - GAP;
        int mainWidth = mainHeight * 16 / 9;
        tiles.add(Tile.even((WIDTH - mainWidth) / 2, 0, mainWidth, mainHeight));
        int others = count - 1;
        int tileHeight = stripHeight - GAP;
        int tileWidth = tileHeight * 16 / 9;
        int stripWidth = others * tileWidth + (others - 1) * GAP;
        int left = (WIDTH - stripWidth) / 2;
        for (int i = 0; i < others; i++) {
            tiles.add(Tile.even(left + i * (tileWidth + GAP), mainHeight + GAP, tileWidth, tileHeight));
        }
        return tiles;
    }
}
