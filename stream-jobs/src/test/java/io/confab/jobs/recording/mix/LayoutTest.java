package io.confab.jobs.recording.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutTest {

    @Test
    void galleryTilesForOneToNineAreInsideTheCanvasEvenAnd16By9() {
        for (int count = 1; count <= 9; count++) {
            List<Tile> tiles = Layout.GALLERY.tiles(count);
            assertEquals(count, tiles.size(), "tiles for " + count + " participants");
            for (Tile tile : tiles) {
                assertInside(tile, count);
                assertEquals(0, (tile.x() | tile.y() | tile.width() | tile.height()) % 2, "even tile for " + count + ": " + tile);
                double aspect = (double) tile.width() / tile.height();
                assertTrue(Math.abs(aspect - 16.0 / 9) < 0.01, "16:9 tile for " + count + ", got " + tile + " = " + aspect);
            }
        }
    }

    @Test
    void galleryTilesDoNotOverlap() {
        for (int count = 2; count <= 9; count++) {
            assertNoOverlap(Layout.GALLERY.tiles(count), "gallery of " + count);
        }
    }

    @Test
    void galleryTilesUseTheCanvasWell() {
        // One person fills the width but for the gaps; nine get a third each way.
        Tile one = Layout.GALLERY.tiles(1).get(0);
        assertTrue(one.width() >= Layout.WIDTH - 4 * Layout.GAP, "one tile nearly the canvas's width, got " + one);
        Tile ofNine = Layout.GALLERY.tiles(9).get(0);
        assertTrue(ofNine.width() >= (Layout.WIDTH - 4 * Layout.GAP) / 3 - 2 || ofNine.height() >= (Layout.HEIGHT - 4 * Layout.GAP) / 3 - 2,
                "a ninth of the canvas each way, got " + ofNine);
    }

    @Test
    void twelveParticipantsGetNineGalleryTiles() {
        assertEquals(9, Layout.GALLERY.tiles(12).size());
        assertEquals(9, Layout.GALLERY.capacity());
    }

    @Test
    void speakerLayoutHasALargeMainTileAndAStripBelow() {
        List<Tile> tiles = Layout.SPEAKER.tiles(5);
        assertEquals(5, tiles.size());
        Tile main = tiles.get(0);
        assertInside(main, 5);
        assertTrue(main.height() >= Layout.HEIGHT * 3 / 4, "main tile at least 3/4 of the height, got " + main);
        for (Tile strip : tiles.subList(1, tiles.size())) {
            assertInside(strip, 5);
            assertTrue(strip.y() >= main.y() + main.height(), "strip tile " + strip + " below the main tile " + main);
            assertTrue((long) strip.width() * strip.height() * 10 < (long) main.width() * main.height(),
                    "strip tile " + strip + " under a tenth of the main tile " + main);
        }
        assertNoOverlap(tiles, "speaker layout of 5");
    }

    @Test
    void speakerLayoutAloneFillsTheCanvasAndShowsAtMostFive() {
        assertEquals(List.of(new Tile(0, 0, Layout.WIDTH, Layout.HEIGHT)), Layout.SPEAKER.tiles(1));
        assertEquals(5, Layout.SPEAKER.tiles(8).size());
        assertEquals(5, Layout.SPEAKER.capacity());
    }

    @Test
    void noParticipantsNoTiles() {
        assertTrue(Layout.GALLERY.tiles(0).isEmpty());
        assertTrue(Layout.SPEAKER.tiles(0).isEmpty());
    }

    private static void assertInside(Tile tile, int count) {
        assertTrue(tile.x() >= 0 && tile.y() >= 0 && tile.x() + tile.width() <= Layout.WIDTH
                && tile.y() + tile.height() <= Layout.HEIGHT, "tile inside 1280x720 for " + count + ", got " + tile);
    }

    private static void assertNoOverlap(List<Tile> tiles, String what) {
        for (int i = 0; i < tiles.size(); i++) {
            for (int j = i + 1; j < tiles.size(); j++) {
                Tile a = tiles.get(i);
                Tile b = tiles.get(j);
                boolean overlap = a.x() < b.x() + b.width() && b.x() < a.x() + a.width()
                        && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
                assertFalse(overlap, what + ": tiles " + i + " " + a + " and " + j + " " + b + " overlap");
            }
        }
    }
}
